"""What a logged-in person sees is never kept in a cache, and no page may use the camera, microphone,
location or other powerful browser features."""

import pytest
from django.urls import reverse

from dashboards.models import ProgressReport

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_is_not_kept_by_the_browser_or_a_proxy(client, member):
    client.force_login(member)
    response = client.get(reverse("workstreams:list"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.usefixtures("in_week_four")
def test_a_csv_export_is_not_kept_by_the_browser_or_a_proxy(client, member):
    client.force_login(member)
    response = client.get(reverse("dashboard_export", kwargs={"what": "actions", "fmt": "csv"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"


def test_a_report_pdf_is_not_kept_by_the_browser_or_a_proxy(client, member):
    report = ProgressReport.objects.create(token="rapport-token-1", week=1, html="<p>rapport</p>", pdf=b"%PDF-1.4")
    client.force_login(member)
    response = client.get(reverse("report_frozen_pdf", kwargs={"token": report.token}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, member):
    client.force_login(member)
    response = client.get(reverse("login"))  # Django's login view is never_cache: it sends a logged-in person on
    assert response.status_code == 302
    assert "max-age=0" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_every_response_forbids_powerful_browser_features(client, member):
    for response in (client.get(reverse("login")), client.get(reverse("healthz"))):
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
            assert f"{feature}=()" in policy


def test_static_files_are_answered_before_the_cache_rule():
    """whitenoise serves static files before the headers middleware runs, so they keep their long caching."""
    from django.conf import settings

    order = settings.MIDDLEWARE
    assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < order.index(
        "taskforce.middleware.SecurityHeadersMiddleware"
    )
