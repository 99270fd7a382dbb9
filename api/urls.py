"""/api/: the REST endpoints, the OpenAPI schema and its documentation page.

The endpoints answer 401 without credentials; the documentation page is a page like any other.
"""

from django.contrib.auth.decorators import login_required
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

# DRF exempts its views from the login middleware (they authenticate the token themselves); the
# documentation page is for people in a browser, so it sends them to the login like every page.
urlpatterns = [
    *router.urls,
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
