"""Dashboards and exports (included at dashboard/) and frozen progress reports (included at reports/)."""

from django.urls import path

from taskforce import dashboard_views as views

urlpatterns = [
    path("", views.overview, name="dashboard"),
    path("export/<slug:what>.<slug:fmt>", views.export, name="dashboard_export"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/", views.workstream_dashboard, name="dashboard_workstream"),
]

report_urlpatterns = [
    path("", views.report_list, name="reports"),
    path("generate/", views.report_generate, name="report_generate"),
    path("<slug:token>/", views.report_frozen, name="report_frozen"),
    path("<slug:token>.pdf", views.report_frozen_pdf, name="report_frozen_pdf"),
]
