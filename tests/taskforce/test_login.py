"""Every page needs a login; logins are throttled; sessions expire."""

import pytest
from django.conf import settings
from django.test import Client
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


def _fail_logins(client, username: str, **headers) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong"}, **headers)


def _logs_in(client, username: str, **headers) -> bool:
    response = client.post(reverse("login"), {"username": username, "password": "pw"}, **headers)
    return response.status_code == 302


def test_failed_logins_for_one_name_do_not_lock_out_others_at_the_same_address(client, member, settings):
    """Behind one office NAT everyone shares an address: five wrong passwords for one name (or a name
    that does not exist) must not block everyone else."""
    settings.AXES_ENABLED = True
    _fail_logins(client, "iemand", REMOTE_ADDR="10.0.0.7")
    assert _logs_in(Client(), "lid", REMOTE_ADDR="10.0.0.7")


def test_failed_logins_from_one_address_do_not_lock_the_name_out_elsewhere(client, member, settings):
    """Else anyone who knows a colleague's user name can keep them out."""
    settings.AXES_ENABLED = True
    _fail_logins(client, "lid", REMOTE_ADDR="10.0.0.7")
    assert not _logs_in(Client(), "lid", REMOTE_ADDR="10.0.0.7")  # that name from that address is locked
    assert _logs_in(Client(), "lid", REMOTE_ADDR="10.0.0.8")


def test_failed_logins_for_a_name_leave_another_name_free_at_that_address(client, member, other_member, settings):
    settings.AXES_ENABLED = True
    _fail_logins(client, "lid", REMOTE_ADDR="10.0.0.7")
    assert _logs_in(Client(), "anderlid", REMOTE_ADDR="10.0.0.7")


def test_behind_one_trusted_proxy_the_forwarded_client_is_the_one_locked_out(member, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    # The attacker forges a first entry; the proxy appends the address it really saw.
    _fail_logins(Client(), "lid", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    assert not _logs_in(Client(), "lid", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    # Someone else behind the same proxy, and the forged address itself, still log in.
    assert _logs_in(Client(), "lid", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert _logs_in(Client(), "lid", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1")


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(member, settings):
    settings.AXES_ENABLED = True
    assert settings.TRUSTED_PROXY_COUNT == 0
    # An attacker rotating X-Forwarded-For is still counted on the one address it comes from.
    for number in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            reverse("login"),
            {"username": "lid", "password": "wrong"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert not _logs_in(Client(), "lid", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.200")
