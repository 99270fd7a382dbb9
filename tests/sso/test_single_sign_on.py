"""Logging in with one's organisation account: a real OpenID Connect provider in its own process, Chromium.

The provider is oidc-provider-mock with PKCE enforced (tests/sso/oidc_provider.py): the whole
authorisation-code flow runs over HTTP between the browser, this app's live server and the provider.
"""

import socket
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from django.conf import settings as django_settings
from playwright.sync_api import expect

from sso.models import Identity
from sso.views import SESSION_AMR, SESSION_ID_TOKEN
from taskforce.models import User
from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "taskforce-vaccins"
SSO_BUTTON = "Inloggen met uw organisatieaccount"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's issuer URL; it runs in its own process for the whole test session."""
    port = _free_port()
    script = Path(__file__).with_name("oidc_provider.py")
    process = subprocess.Popen(
        [sys.executable, str(script), str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError("the OpenID Connect provider did not start")
        yield issuer
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def sso(settings, oidc_provider, taskforce):
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = oidc_provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = []
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "form-action": ["'self'", oidc_provider]}}
    settings.AXES_ENABLED = True  # the backend goes through django-axes like a password login
    return oidc_provider


def provider_user(issuer: str, sub: str, **claims) -> None:
    """Creates or changes a person at the provider; claims go into the ID token as given."""
    requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5).raise_for_status()


def start_sso_login(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=SSO_BUTTON).click()
    page.wait_for_url("http://127.0.0.1:*/oauth2/authorize?*")


def authorize_at_provider(page, sub: str) -> None:
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state("networkidle")


def session_of(page) -> dict:
    key = next((c["value"] for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME), None)
    if key is None:
        return {}
    return dict(import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key).load())


def expect_refused(page, text: str) -> None:
    expect(page.get_by_role("heading", name="Inloggen niet gelukt")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()
    assert not User.objects.filter(identities__isnull=False).exists()
    assert "_auth_user_id" not in session_of(page)


def test_staff_member_logs_in_with_the_organisation_account_and_starts_as_a_viewer(page, live_server, sso):
    provider_user(
        sso, "ab12-cd34", email="anne.jansen@minvws.nl", given_name="Anne", family_name="Jansen", amr=["pwd", "otp"]
    )
    authorize_requests = []
    page.on("request", lambda r: authorize_requests.append(r.url) if "/oauth2/authorize" in r.url else None)

    start_sso_login(page, live_server)
    authorize_at_provider(page, "ab12-cd34")

    assert urlparse(page.url).path == "/dashboard/"  # viewers land on the dashboard
    user = User.objects.get(identities__issuer=sso, identities__subject="ab12-cd34")
    assert (user.email, user.get_full_name(), user.role) == ("anne.jansen@minvws.nl", "Anne Jansen", User.Role.VIEWER)
    assert not user.has_usable_password() and not user.is_staff
    request = parse_qs(urlparse(authorize_requests[0]).query)
    assert request["code_challenge_method"] == ["S256"] and len(request["code_challenge"][0]) == 43
    session = session_of(page)
    assert session["_auth_user_id"] == str(user.pk)
    assert session[SESSION_AMR] == ["pwd", "otp"]
    screenshot(page, "sso-logged-in-viewer")


def test_login_page_offers_the_organisation_account_beside_the_local_one(page, live_server, sso, login, member):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("link", name=SSO_BUTTON)).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "sso-login-page")
    login(page, member)  # local accounts remain
    assert session_of(page)["_auth_user_id"] == str(member.pk)


def test_a_returning_person_is_recognised_by_the_providers_subject_not_their_email(page, live_server, sso):
    provider_user(sso, "piet-1", email="piet@minezk.nl")
    start_sso_login(page, live_server)
    authorize_at_provider(page, "piet-1")
    first = User.objects.get(identities__subject="piet-1")
    first.role = User.Role.MEMBER  # the secretariat gave a role
    first.save()
    page.context.clear_cookies()

    provider_user(sso, "piet-1", email="p.devries@minezk.nl")
    provider_user(sso, "other", email="piet@minezk.nl")  # someone else now has the old address
    start_sso_login(page, live_server)
    authorize_at_provider(page, "piet-1")

    again = User.objects.get(identities__subject="piet-1")
    assert again.pk == first.pk and again.email == "p.devries@minezk.nl" and again.role == User.Role.MEMBER
    assert User.objects.filter(identities__isnull=False).count() == 1


def test_logging_out_ends_the_providers_session_too(page, live_server, sso):
    provider_user(sso, "uitlogger", email="uit@minvws.nl")
    start_sso_login(page, live_server)
    authorize_at_provider(page, "uitlogger")
    id_token = session_of(page)[SESSION_ID_TOKEN]

    end_session = []
    page.on("request", lambda r: end_session.append(r.url) if "/oauth2/end_session" in r.url else None)
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("http://127.0.0.1:*/oauth2/end_session?*")
    query = parse_qs(urlparse(end_session[0]).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{live_server.url}/accounts/login/"]
    page.get_by_role("button").first.click()  # the provider asks to confirm
    page.wait_for_url(f"{live_server.url}/accounts/login/*")
    assert "_auth_user_id" not in session_of(page)


def test_a_login_with_a_wrong_state_is_refused_with_a_clear_page(page, live_server, sso):
    provider_user(sso, "s-1", email="s@minvws.nl")
    start_sso_login(page, live_server)
    query = parse_qs(urlparse(page.url).query)
    query["state"] = ["not-the-state-this-browser-was-given"]
    page.goto(f"{sso}/oauth2/authorize?{urlencode(query, doseq=True)}")
    authorize_at_provider(page, "s-1")

    assert urlparse(page.url).path == "/sso/callback/"
    expect_refused(page, "Deze aanmelding hoort niet bij dit browservenster")
    assert axe_violations(page) == []
    screenshot(page, "sso-refused-state")


def test_an_id_token_for_another_application_is_refused(page, live_server, sso):
    provider_user(sso, "a-1", email="a@minvws.nl", aud="another-application")
    start_sso_login(page, live_server)
    authorize_at_provider(page, "a-1")
    expect_refused(page, "is niet geldig voor deze applicatie")


def test_an_expired_id_token_is_refused(page, live_server, sso):
    provider_user(sso, "e-1", email="e@minvws.nl", exp=int(time.time()) - 3600)
    start_sso_login(page, live_server)
    authorize_at_provider(page, "e-1")
    expect_refused(page, "is verlopen")


def test_a_token_request_without_this_logins_pkce_verifier_is_refused(page, live_server, sso):
    provider_user(sso, "p-1", email="p@minvws.nl")
    start_sso_login(page, live_server)
    # Someone who got hold of the code but not the verifier: the provider refuses to exchange it.
    key = next(c["value"] for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME)
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)
    for state in store["oidc_states"].values():
        state["code_verifier"] = "x" * 64
    store.modified = True
    store.save()
    authorize_at_provider(page, "p-1")
    expect_refused(page, "heeft de aanmelding niet voltooid")


def test_an_address_outside_the_allowed_domains_is_refused(page, live_server, sso, settings):
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = ["minvws.nl", "minezk.nl"]
    provider_user(sso, "x-1", email="iemand@example.com")
    start_sso_login(page, live_server)
    authorize_at_provider(page, "x-1")
    expect_refused(page, "alleen e-mailadressen van aangesloten organisaties")
    assert not Identity.objects.exists()


def test_without_single_sign_on_the_login_page_offers_only_local_accounts(client, taskforce, settings):
    settings.OIDC_ENABLED = False
    response = client.get("/accounts/login/")
    assert SSO_BUTTON not in response.content.decode()
    assert client.get("/sso/login/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404


def test_a_person_the_secretariat_switched_off_cannot_log_in_with_the_organisation_account(page, live_server, sso):
    provider_user(sso, "weg-1", email="weg@minvws.nl")
    start_sso_login(page, live_server)
    authorize_at_provider(page, "weg-1")
    User.objects.filter(identities__subject="weg-1").update(is_active=False)
    page.context.clear_cookies()

    start_sso_login(page, live_server)
    authorize_at_provider(page, "weg-1")
    expect(page.get_by_text("Uw account is uitgeschakeld")).to_be_visible()
    assert "_auth_user_id" not in session_of(page)
