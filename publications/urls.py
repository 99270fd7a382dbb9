"""Public pages under /openbaar/ (no login) and the secretariat's publish and revoke pages (included at the root)."""

from django.urls import path

from publications import views

app_name = "publications"
urlpatterns = [
    path("openbaar/", views.public_list, name="list"),
    path("openbaar/<slug:token>/", views.public_detail, name="detail"),
    path("openbaar/<slug:token>.pdf", views.public_pdf, name="pdf"),
    path("reports/<slug:report_token>/publish/", views.publish, name="publish"),
    path("publications/<int:pk>/revoke/", views.revoke, name="revoke"),
]
