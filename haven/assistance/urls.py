from django.urls import path

from haven.assistance import views

app_name = "assistance"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/targeting/", views.programme_targeting, name="programme-targeting"),
    path("programmes/<int:pk>/distributions/new/", views.distribution_create, name="distribution-create"),
    path("distributions/<int:pk>/", views.distribution_detail, name="distribution-detail"),
    path("distributions/<int:pk>/list/", views.distribution_list_generate, name="distribution-list"),
    path("distributions/<int:pk>/list.xlsx", views.distribution_download, name="distribution-download"),
    path("distributions/<int:pk>/upload/", views.distribution_upload, name="distribution-upload"),
    path("distributions/<int:pk>/sample/", views.distribution_sample, name="distribution-sample"),
    path("distributions/<int:pk>/close/", views.distribution_close, name="distribution-close"),
    path("entitlements/<int:pk>/deliver/", views.entitlement_deliver, name="entitlement-deliver"),
    path("verifications/<int:pk>/", views.verification_record, name="verification-record"),
    path("report/", views.report, name="report"),
    path("report/<str:what>.csv", views.report_export, name="report-export"),
]
