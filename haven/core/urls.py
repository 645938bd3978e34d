from django.contrib.auth import views as auth_views
from django.urls import path

from haven.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("language/", views.language_set, name="language"),
    path(
        "account/password/",
        views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="job"),
    path("jobs/<uuid:job_id>/progress/", views.job_progress, name="job-progress"),
    path("audit/", views.audit_log, name="audit-log"),
]
