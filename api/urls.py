"""/api/: the REST endpoints, the OpenAPI schema and its documentation page.

The endpoints authenticate a token themselves (DRF), so the login middleware lets them through and DRF
answers 401 without credentials; the documentation page is a page like any other and needs a login.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("workstreams", views.WorkstreamViewSet, basename="workstream")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("actions", views.ActionViewSet, basename="action")
router.register("kpis", views.KPIViewSet, basename="kpi")
router.register("measurements", views.MeasurementViewSet, basename="measurement")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("updates", views.UpdateViewSet, basename="update")
for register in ("collaborations", "shortages", "supporters", "deliverables"):
    router.register(f"registers/{register}", views.register_viewset(register), basename=register)

endpoints = [
    *router.urls,
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
for pattern in endpoints:
    login_not_required(pattern.callback)

urlpatterns = [
    *endpoints,
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
