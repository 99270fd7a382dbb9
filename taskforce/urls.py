"""The URL conf: each feature app brings its own URLs (named by string, so the core imports none)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from taskforce import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # Logout (which also ends a single sign-on provider's session) and the single sign-on pages.
    path("", include("sso.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("mailings.urls")),
    path("", include("dashboards.urls")),
    path("", include("publications.urls")),
    path("toegankelijkheid/", include("accessibility.urls")),
    path("", include("search.urls")),
    path("", include("calendars.urls")),
    path("workstreams/", include("workstreams.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("kpis/", include("kpis.urls")),
    path("meetings/", include("meetings.urls")),
    path("registers/", include("registers.urls")),
    path("updates/", include("updates.urls")),
    path("api/", include("api.urls")),
    path("", include("api.account_urls")),
    path("", include("twofactor.urls")),
    path("notifications/", include("notifications.urls")),
    path("mandate/", include("mandate.urls")),
    path("attachments/", include("attachments.urls")),
    path("import/", include("imports.urls")),
    path("audit/", include("audit.urls")),
]
