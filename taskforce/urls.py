from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from taskforce import dashboard_urls, mail_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/mail/", mail_views.mail_preferences, name="mail_preferences"),
    path(
        "account/mail/unsubscribe/<slug:preference>/<str:token>/",
        mail_views.mail_unsubscribe,
        name="mail_unsubscribe",
    ),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("workstreams.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("kpis/", include("kpis.urls")),
    path("meetings/", include("workstreams.meeting_urls")),
    path("dashboard/", include("taskforce.dashboard_urls")),
    path("reports/", include(dashboard_urls.report_urlpatterns)),
    path("registers/", include("registers.urls")),
]
