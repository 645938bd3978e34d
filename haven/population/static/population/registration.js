// The registration form: add member rows from the formset's empty form, and show the counts
// or the members depending on consent. Works without it too: the server validates everything.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var form = document.getElementById("registration");
    if (!form) { return; }
    var total = form.querySelector("input[name='members-TOTAL_FORMS']");
    var template = document.getElementById("member-template");
    var list = document.getElementById("members");
    var add = document.getElementById("add-member");
    var consent = form.querySelector("input[name='consent_given']");
    function renumber() {
      list.querySelectorAll(".member-number").forEach(function (span, index) { span.textContent = index + 1; });
    }
    if (add && template && total) {
      add.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        list.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        renumber();
        var first = list.lastElementChild && list.lastElementChild.querySelector("input[type='text']");
        if (first) { first.focus(); }
      });
    }
    function showConsent() {
      form.classList.toggle("no-consent", consent && !consent.checked);
    }
    if (consent) { consent.addEventListener("change", showConsent); showConsent(); }
  });
})();
