"""Every page needs a login; logins are throttled; sessions expire."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_member_logs_in_with_the_right_password(client, member):
    response = client.post(reverse("login"), {"username": "lid", "password": "pw"})
    assert response.status_code == 302
    assert client.get("/").status_code in (200, 302)
    assert "_auth_user_id" in client.session


def test_repeated_failed_logins_lock_the_account_out(client, member, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "lid", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(reverse("login"), {"username": "lid", "password": "wrong"})
    assert response.status_code == 429
    assert "15 minuten" in response.content.decode()
    # Locked out now, even with the right password.
    response = client.post(reverse("login"), {"username": "lid", "password": "pw"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_a_working_day_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_the_liveness_page_needs_no_login(client):
    assert client.get(reverse("healthz")).content == b"ok"
