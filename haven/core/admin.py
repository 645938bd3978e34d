"""Administration of people and a read-only view of the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from haven.core import services
from haven.core.models import AuditEntry, Job, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ["username", "get_full_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active", "areas__level"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation"]
    filter_horizontal = ["areas"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "organisation", "preferred_language")}),
        (_("Role and scope"), {"fields": ("role", "areas", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "areas")}),)
    readonly_fields = ["last_login", "date_joined"]

    tracked_fields = ("role", "is_active", "first_name", "last_name", "email", "organisation")

    def _snapshot(self, user: User) -> dict[str, Any]:
        snapshot: dict[str, Any] = {name: getattr(user, name) for name in self.tracked_fields}
        snapshot["areas"] = sorted(user.areas.values_list("pcode", flat=True)) if user.pk else []
        return snapshot

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        request._haven_before = self._snapshot(User.objects.get(pk=obj.pk)) if change else {}  # type: ignore[attr-defined]
        # Staff status follows the role, so nobody gains the admin site by a checkbox.
        obj.is_staff = obj.role == "administrator"
        obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changes = services.audit_changes(
            before=getattr(request, "_haven_before", {}),
            after=self._snapshot(form.instance),
            personal_fields=User.audit_personal_fields,
        )
        if "password" in form.changed_data or "password1" in form.changed_data:
            changes["password"] = [services.MASK, services.MASK]
        assert isinstance(request.user, User)
        services.audit_record(
            actor=request.user,
            action="update" if change else "create",
            target=form.instance,
            changes=changes,
            detail="admin site",
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A person's record holds personal data: opening it is a read the log keeps.
        if request.method == "GET" and isinstance(request.user, User):
            person = User.objects.filter(pk=object_id).first()
            if person is not None:
                services.audit_record(actor=request.user, action="view", target=person, detail="admin site")
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method == "GET" and isinstance(request.user, User):
            services.audit_record(
                actor=request.user,
                action="view",
                object_type="core.user",
                object_label="user list",
                detail=f"admin site; filters: {request.GET.urlencode()}",
            )
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # People are deactivated, never deleted: the audit log must keep naming them.
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor_username", "action", "object_type", "object_label", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_label", "object_id", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["title", "kind", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
