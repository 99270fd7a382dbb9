"""Two-factor login through the test client: codes, backup codes, throttling, turning it off, the admin."""

import io
import re
from base64 import b32encode

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from taskforce.models import User
from tests.factories import backup_code_add, make_totp_device, totp_code
from tests.taskforce.test_html_validity import vnu_errors
from twofactor.middleware import TwoFactorMiddleware
from twofactor.services import backup_codes_renew, second_factor_remove

pytestmark = pytest.mark.django_db

VERIFY = reverse("twofactor:verify")
SETUP = reverse("twofactor:setup")


def password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "pw"})
    assert response.status_code == 302, "the password was accepted"
    return client


def test_after_the_password_someone_with_an_app_is_asked_for_its_code_before_any_page(member):
    device = make_totp_device(member)
    client = password_login("lid")
    response = client.get("/workstreams/")
    assert response.status_code == 302 and response.url == f"{VERIFY}?next=%2Fworkstreams%2F"
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/workstreams/"})
    assert response.status_code == 302 and response.url == "/workstreams/"
    assert client.get("/workstreams/").status_code == 200


def test_someone_without_an_app_whose_role_does_not_require_it_is_not_asked(member):
    client = password_login("lid")
    assert client.get("/workstreams/").status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to verify: on to the start page


def test_a_wrong_code_is_refused_and_kept_and_tries_are_throttled(member):
    device = make_totp_device(member)
    client = password_login("lid")
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 200 and "Deze code klopt niet" in page and f'value="{wrong}"' in page
    # django-otp's throttling: after a wrong code the next try must wait (1 s, then 2, 4, ...), even a right one.
    response = client.post(VERIFY, {"code": totp_code(device)})
    assert "Te veel onjuiste codes achter elkaar. Wacht 1 seconde" in response.content.decode()
    assert client.get("/workstreams/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a throttled try is not counted as another failure


def test_a_malformed_code_gets_a_message_that_says_what_a_code_looks_like(member):
    make_totp_device(member)
    client = password_login("lid")
    response = client.post(VERIFY, {"code": "12ab"})
    assert "6 cijfers uit uw app, of is een reservecode van 8 tekens" in response.content.decode()
    response = client.post(VERIFY, {"code": ""})
    assert "Vul de code in." in response.content.decode()


def test_a_backup_code_works_once(member):
    make_totp_device(member)
    code = backup_code_add(member)
    client = password_login("lid")
    assert client.post(VERIFY, {"code": code.upper()}).status_code == 302
    assert client.get("/workstreams/").status_code == 200
    again = password_login("lid")
    assert "Deze code klopt niet" in again.post(VERIFY, {"code": code}).content.decode()


def test_new_backup_codes_replace_the_old_ones(client, member):
    make_totp_device(member)
    old = backup_codes_renew(user=member)
    client.force_login(member)
    response = client.post(reverse("twofactor:backup_codes"))
    new = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=member).values_list("token", flat=True)) == set(new)
    assert "no-store" in response.headers["Cache-Control"]


def test_a_member_may_turn_it_off_but_the_secretariat_may_not(client, member, secretariat):
    make_totp_device(member)
    backup_codes_renew(user=member)
    client.force_login(member)
    response = client.post(reverse("twofactor:disable"), follow=True)
    assert "Tweestapsverificatie staat uit" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists() and not StaticToken.objects.exists()

    client.force_login(secretariat)
    response = client.post(reverse("twofactor:disable"), follow=True)
    assert "verplicht; u kunt het niet uitzetten" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()


def test_the_secretariat_without_an_app_is_sent_to_set_one_up_from_every_page(secretariat):
    client = password_login("secretariat")
    for url in ("/", "/workstreams/", reverse("twofactor:account"), "/admin/", reverse("password_reset")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    # The API reads the session too; it answers in JSON.
    response = client.get("/api/actions/")
    assert response.status_code == 403 and "tweede stap" in response.json()["detail"]
    page = client.get(SETUP).content.decode()
    assert "Voor uw rol is tweestapsverificatie verplicht" in page
    assert 'id="nav"' not in page  # no menu that only leads back here
    # htmx requests are sent there as a whole page, not swapped into a fragment
    response = client.get("/workstreams/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith(SETUP)


def test_set_up_is_confirmed_with_a_first_code_and_verifies_the_session(secretariat):
    client = password_login("secretariat")
    client.get(SETUP)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=secretariat)  # the same key on every visit until confirmed
    assert not device.confirmed
    response = client.post(SETUP, {"code": totp_code(device), "next": "/workstreams/"})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert response.status_code == 200 and len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/workstreams/").status_code == 200


def test_someone_with_only_the_password_cannot_replace_the_app(member):
    make_totp_device(member)
    client = password_login("lid")
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_the_admin_asks_staff_for_the_second_step_even_when_their_role_does_not(taskforce_member):
    User.objects.filter(pk=taskforce_member.pk).update(is_staff=True)
    client = password_login("taskforcelid")
    assert client.get("/workstreams/").status_code == 200  # optional for the rest of the app
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == f"{SETUP}?next=%2Fadmin%2F"


def test_the_admin_site_itself_refuses_an_unverified_staff_session(secretariat):
    request = RequestFactory().get("/admin/")
    request.session = Client().session
    request.user = secretariat
    TwoFactorMiddleware(lambda r: None)._verify_user_sync(request, secretariat)
    assert not admin.site.has_permission(request)
    secretariat.otp_device = make_totp_device(secretariat)
    assert admin.site.has_permission(request)


def test_the_second_step_pages_are_valid_html_in_both_languages(member, secretariat):
    device = make_totp_device(member)
    documents = {}
    for language in ("nl", "en"):
        User.objects.filter(pk__in=[member.pk, secretariat.pk]).update(language=language)
        client = password_login("lid")
        documents[f"{language} verify"] = client.get(VERIFY).content.decode()
        documents[f"{language} verify wrong"] = client.post(VERIFY, {"code": "000000"}).content.decode()
        forced = password_login("secretariat")
        documents[f"{language} forced setup"] = forced.get(SETUP).content.decode()
        codes = forced.post(SETUP, {"code": totp_code(TOTPDevice.objects.get(user=secretariat, confirmed=False))})
        documents[f"{language} backup codes"] = codes.content.decode()
        documents[f"{language} account"] = forced.get(reverse("twofactor:account")).content.decode()
        second_factor_remove(user=secretariat)
    assert "Second step" in documents["en verify"] and "Tweede stap" in documents["nl verify"]
    assert device.user_id == member.pk
    assert vnu_errors(documents) == []


def test_the_demo_secretariat_gets_an_app_key_and_backup_codes_that_log_in(taskforce, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_taskforce", demo_users=True, stdout=out)
    printed = out.getvalue()
    password = re.search(r"secretariaat\s+(\S+)", printed).group(1)
    key = re.search(r"authenticator app: ([A-Z2-7]+)", printed).group(1)
    codes = re.search(r"each works once\): ([a-z2-7 ]+)", printed).group(1).split()
    assert len(codes) == 10
    device = TOTPDevice.objects.get(user__username="secretariaat")
    assert b32encode(device.bin_key).decode() == key
    client = Client()
    client.post(reverse("login"), {"username": "secretariaat", "password": password})
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    assert client.get("/workstreams/").status_code == 200
    # A second run keeps the key (it is in someone's app by now) and prints it again.
    call_command("seed_taskforce", demo_users=True, stdout=(again := io.StringIO()))
    assert f"authenticator app: {key}" in again.getvalue()


def test_the_secretariat_deletes_a_lost_app_in_the_admin_without_seeing_its_key(client, secretariat, member):
    User.objects.filter(pk=secretariat.pk).update(is_superuser=True)
    device = make_totp_device(member)
    client.force_login(secretariat)
    url = reverse("admin:twofactor_authenticatorapp_change", args=[device.pk])
    page = client.get(url).content.decode()
    assert "Lid" in page and device.key not in page
    client.post(reverse("admin:twofactor_authenticatorapp_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert "Authenticator-apps" in client.get("/admin/").content.decode()
