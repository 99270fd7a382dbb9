"""Two-factor login in Chromium, with real codes computed from the secret the set-up page shows."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from taskforce.models import User
from tests.conftest import axe_violations, screenshot
from tests.factories import backup_code_add, make_totp_device, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def password_login(page, live_server, username: str, next_path: str = "") -> None:
    page.goto(f"{live_server.url}/accounts/login/{'?next=' + next_path if next_path else ''}")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("pw")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def logout(page) -> None:
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("networkidle")


def code_from_page(page) -> str:
    """What an authenticator app shows now when the key on the set-up page was typed into it."""
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    return f"{totp(b32decode(secret)):06d}"


def test_a_member_sets_up_an_app_on_their_account_page_and_logs_in_with_its_code(page, live_server, login, member):
    login(page, member)
    page.goto(f"{live_server.url}/account/two-factor/")
    expect(page.get_by_role("heading", name="Status: uit")).to_be_visible()
    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    expect(page.get_by_role("img", name="QR-code om in uw authenticator-app te scannen")).to_be_visible()
    page.get_by_label("Code uit de app").fill(code_from_page(page))
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_text("Tweestapsverificatie staat aan.")).to_be_visible()
    codes = page.locator(".backup-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    expect(page.get_by_role("heading", name="Status: aan")).to_be_visible()
    expect(page.get_by_text("U hebt nog 10 ongebruikte reservecodes.")).to_be_visible()
    logout(page)

    password_login(page, live_server, "lid", "/workstreams/")
    expect(page.get_by_role("heading", name="Tweede stap: uw code")).to_be_visible()
    assert page.locator("#nav").count() == 0
    # The code of the next period: the one that confirmed the app cannot be used a second time.
    device = member.totpdevice_set.get()
    page.get_by_label("Code").fill(totp_code(device, steps=1))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"{live_server.url}/workstreams/")


def test_a_wrong_code_is_refused_with_a_clear_message_and_stays_in_the_box(page, live_server, member):
    device = make_totp_device(member)
    password_login(page, live_server, "lid")
    wrong = f"{(int(totp_code(device)) + 5) % 1_000_000:06d}"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
    expect(page.get_by_label("Code")).to_have_value(wrong)
    expect(page.get_by_label("Code")).to_be_focused()
    assert axe_violations(page) == []
    page.wait_for_timeout(1100)  # django-otp's throttling: a second after a wrong code
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"{live_server.url}/mijn-werk/*")


def test_a_backup_code_logs_in_once_only(page, live_server, member):
    make_totp_device(member)
    code = backup_code_add(member)
    password_login(page, live_server, "lid")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("heading", name="Tweede stap: uw code")).to_have_count(0)
    logout(page)

    password_login(page, live_server, "lid")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")


def test_the_secretariat_is_made_to_set_up_an_app_before_anything_else(page, live_server, secretariat):
    password_login(page, live_server, "secretariat", "/workstreams/")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_text("Voor uw rol is tweestapsverificatie verplicht.")).to_be_visible()
    page.goto(f"{live_server.url}/registers/")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    page.get_by_label("Code uit de app").fill(code_from_page(page))
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_url(f"{live_server.url}/registers/")
    page.goto(f"{live_server.url}/account/two-factor/")
    expect(page.get_by_text("Uitzetten kan niet: uw rol vereist tweestapsverificatie.")).to_be_visible()
    expect(page.get_by_role("button", name="Tweestapsverificatie uitzetten")).to_have_count(0)


def test_the_admin_is_refused_until_the_second_step_is_done(page, live_server, taskforce_member):
    User.objects.filter(pk=taskforce_member.pk).update(is_staff=True)
    password_login(page, live_server, "taskforcelid")  # staff without an app: the rest of the app is open
    page.wait_for_url(f"{live_server.url}/mijn-werk/*")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    page.get_by_label("Code uit de app").fill(code_from_page(page))
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("link", name="Taskforce Vaccins: beheer")).to_be_visible()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pages_look_right_on_a_desktop_and_a_phone(browser, live_server, member, language):
    User.objects.filter(pk=member.pk).update(language=language)
    device = make_totp_device(member)
    for width, height in ((1280, 800), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        password_login(page, live_server, "lid")
        screenshot(page, f"twofactor-verify-{language}-{width}")
        page.get_by_label("Code").fill("000000")
        page.locator("button[type=submit].btn-primary").click()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"twofactor-verify-wrong-{language}-{width}")
        page.wait_for_timeout(1100)
        page.get_by_label("Code").fill(backup_code_add(member))
        page.locator("button[type=submit].btn-primary").click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/account/two-factor/")
        screenshot(page, f"twofactor-account-{language}-{width}")
        assert axe_violations(page) == []
        page.goto(f"{live_server.url}/account/two-factor/setup/")
        screenshot(page, f"twofactor-setup-{language}-{width}")
        assert axe_violations(page) == []
        page.goto(f"{live_server.url}/account/two-factor/")
        page.locator("form[action$='/backup-codes/'] button").click()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"twofactor-backup-codes-{language}-{width}")
        assert axe_violations(page) == []
        # Nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
    assert device.user_id == member.pk
