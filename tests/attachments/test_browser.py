"""Attachments in real Chromium: a member adds a document to an action and downloads it."""

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, screenshot
from tests.factories import EXE_BYTES, PDF_BYTES
from workstreams.models import Action

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]


def test_member_attaches_documents_to_an_action_and_downloads_one(page, live_server, login, member, tmp_path):
    action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    (tmp_path / "Besluitnotitie taskforce.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "offerte.pdf").write_bytes(EXE_BYTES)
    login(page, member)
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    expect(page.get_by_text("Ten hoogste 20 MB; toegestaan: PDF")).to_be_visible()

    page.get_by_label("Bestand").set_input_files(str(tmp_path / "offerte.pdf"))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(
        page.locator(".invalid-feedback").get_by_text("De inhoud van het bestand past niet bij de naam (.pdf)")
    ).to_be_visible()

    page.get_by_label("Bestand").set_input_files(str(tmp_path / "Besluitnotitie taskforce.pdf"))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_text("Bijlage Besluitnotitie taskforce.pdf toegevoegd.")).to_be_visible()
    expect(page.get_by_test_id("attachments")).to_contain_text("Besluitnotitie taskforce.pdf")
    expect(page.get_by_test_id("timeline")).to_contain_text("Bijlage toegevoegd: Besluitnotitie taskforce.pdf")

    with page.expect_download() as info:
        page.get_by_test_id("attachments").get_by_role("link", name="Besluitnotitie taskforce.pdf").click()
    download = info.value
    assert download.suggested_filename == "Besluitnotitie taskforce.pdf"
    assert open(download.path(), "rb").read() == PDF_BYTES

    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "action-attachments-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "action-attachments-390")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
