"""After single sign-on the provider's second factor counts (the ID token's "amr"); without it the
secretariat passes the app's own second step. A real OpenID Connect provider (tests/sso) and Chromium."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sso.models import Identity
from tests.factories import make_totp_device, totp_code
from tests.sso.test_single_sign_on import authorize_at_provider, provider_user, session_of, start_sso_login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def linked_secretariat(sso, secretariat):
    """The secretariat member's local account, linked to their account at the provider (in the admin)."""
    Identity.objects.create(user=secretariat, issuer=sso, subject="sanne-1")
    return secretariat


def test_the_providers_second_factor_counts_and_nobody_is_asked_twice(page, live_server, sso, linked_secretariat):
    provider_user(sso, "sanne-1", email="sanne@minvws.nl", amr=["pwd", "mfa"])
    start_sso_login(page, live_server)
    authorize_at_provider(page, "sanne-1")

    assert urlparse(page.url).path == "/mijn-werk/"  # no set-up, no code, though the role requires it
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("link", name="Taskforce Vaccins: beheer")).to_be_visible()
    assert "otp_device_id" not in session_of(page)


def test_without_a_second_factor_at_the_provider_the_secretariat_is_asked_for_the_code(
    page,
    live_server,
    sso,
    linked_secretariat,
):
    device = make_totp_device(linked_secretariat)
    provider_user(sso, "sanne-1", email="sanne@minvws.nl", amr=["pwd"])
    start_sso_login(page, live_server)
    authorize_at_provider(page, "sanne-1")

    expect(page.get_by_role("heading", name="Tweede stap: uw code")).to_be_visible()
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"{live_server.url}/mijn-werk/")


def test_a_provider_that_names_no_methods_leaves_the_secretariat_to_set_up_an_app(
    page, live_server, sso, linked_secretariat
):
    provider_user(sso, "sanne-1", email="sanne@minvws.nl")
    start_sso_login(page, live_server)
    authorize_at_provider(page, "sanne-1")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
