"""In Chromium: a person makes a token on their account page, uses it, revokes it; the docs page loads."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.usefixtures("in_week_four")


def test_a_person_makes_a_token_copies_it_once_and_revokes_it(page, live_server, login, member):
    login(page, member)
    page.goto(f"{live_server.url}/account/tokens/")
    page.get_by_label("Naam van de sleutel").fill("Spreadsheet directie")
    page.get_by_role("button", name="Sleutel maken").click()
    key = page.get_by_label("Sleutel", exact=True).input_value()
    assert len(key) > 40
    assert axe_violations(page) == []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"api-tokens-{width}")
    headers = {"Authorization": f"Bearer {key}"}
    assert requests.get(f"{live_server.url}/api/workstreams/", headers=headers, timeout=10).status_code == 200

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/account/tokens/")
    assert key not in page.content()
    page.get_by_role("button", name=re.compile(r"^Intrekken\W+Spreadsheet directie$")).click()
    expect(page.get_by_text("Ingetrokken op")).to_be_visible()
    assert requests.get(f"{live_server.url}/api/workstreams/", headers=headers, timeout=10).status_code == 401


def test_the_api_documentation_loads_its_own_scripts_under_the_content_security_policy(
    page, live_server, login, viewer
):
    login(page, viewer)
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("Taskforce Vaccins API").first.wait_for()
    assert page.locator(".opblock").count() > 20  # every operation listed from the served schema
    screenshot(page, "api-docs-1280")
