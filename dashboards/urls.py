"""Mijn werk, the dashboards and their exports, and the frozen progress reports (included at the root)."""

from django.urls import path

from dashboards import views

urlpatterns = [
    path("mijn-werk/", views.my_work, name="my_work"),
    path("dashboard/", views.overview, name="dashboard"),
    path("dashboard/export/<slug:what>.<slug:fmt>", views.export, name="dashboard_export"),
    path("dashboard/report/", views.report, name="report"),
    path("dashboard/report.pdf", views.report_pdf, name="report_pdf"),
    path("dashboard/<slug:slug>/", views.workstream_dashboard, name="dashboard_workstream"),
    path("reports/", views.report_list, name="reports"),
    path("reports/generate/", views.report_generate, name="report_generate"),
    path("reports/<slug:token>/", views.report_frozen, name="report_frozen"),
    path("reports/<slug:token>.pdf", views.report_frozen_pdf, name="report_frozen_pdf"),
]
