"""One week of the weekly rhythm in real Chromium: the reminder reaches the trekker over real SMTP, she
submits an update rated amber, the taskforce returns it with a comment, she resubmits, it is approved,
the dashboard and the PDF report show it, and the next digest carries it."""

import datetime as dt
import re
import subprocess

import pytest
import time_machine
from playwright.sync_api import expect

from dashboards.reports import progress_report_create
from mailings.digest import digest_run
from mailings.reminders import reminders_run
from taskforce.models import Taskforce
from tests.conftest import axe_violations, screenshot
from tests.factories import AMS
from updates.models import WorkstreamUpdate

pytestmark = pytest.mark.django_db(transaction=True)


def _path(mail) -> str:
    body = mail.get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/updates/[^\s]+)", body).group(1)


def test_one_week_reminder_update_return_resubmit_approve_dashboard_pdf_digest(
    browser, live_server, login, smtp_server, settings, trekker, taskforce_member, verbinden
):
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(dt.datetime(2026, 11, 22, 8, 0, tzinfo=AMS), tick=True):
        reminders_run()
        reminder = [m for m in smtp_server.messages if m["To"] == trekker.email]
        assert [m["Subject"] for m in reminder] == ["Herinnering: de update van Verbinden voor 24 november"]
        before = progress_report_create(taskforce=Taskforce.current(), user=taskforce_member)

        her = browser.new_context(viewport={"width": 1280, "height": 800})
        page = her.new_page()
        login(page, trekker)
        page.goto(f"{live_server.url}{_path(reminder[0])}")
        expect(page.get_by_role("heading", name="Weekupdate Verbinden")).to_be_visible()
        expect(page.get_by_text("Berekende status:")).to_be_visible()
        page.get_by_label("Amber", exact=True).check()
        page.get_by_label("Onderbouwing").fill("Twee acties lopen uit; de rest op schema.")
        page.get_by_label("Nodig om op groen te komen").fill("Een extra medewerker van EZK.")
        page.get_by_label("Omschrijving").first.fill("Producenten reageren traag")
        screenshot(page, "update-form")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Indienen ter beoordeling").click()
        expect(page.get_by_text("Update ingediend; de taskforce beoordeelt hem.")).to_be_visible()
        update = WorkstreamUpdate.objects.get(workstream=verbinden)

        them = browser.new_context(viewport={"width": 1280, "height": 800})
        review = them.new_page()
        login(review, taskforce_member)
        review.goto(f"{live_server.url}{update.get_absolute_url()}")
        review.get_by_label("Teruggestuurd").check()
        review.get_by_role("combobox", name=re.compile(r"^Opmerking bij")).select_option("rationale")
        review.get_by_label("Opmerking", exact=True).fill("Welke twee acties, en wat is het gevolg?")
        review.get_by_role("button", name="Beoordeling opslaan").click()
        expect(review.get_by_test_id("update-state")).to_have_text("Teruggestuurd")

        page.goto(f"{live_server.url}/updates/verbinden/")
        expect(page.get_by_test_id("returned-comments")).to_contain_text("Welke twee acties, en wat is het gevolg?")
        page.get_by_label("Onderbouwing").fill(
            "De factsheet en het werkbezoek lopen een week uit; geen gevolg voor de deadline."
        )
        page.get_by_role("button", name="Indienen ter beoordeling").click()
        expect(page.get_by_text("Update ingediend; de taskforce beoordeelt hem.")).to_be_visible()

        review.goto(f"{live_server.url}{update.get_absolute_url()}")
        expect(review.get_by_test_id("versions")).to_contain_text("Versie 2")
        review.get_by_label("Goedgekeurd").check()
        review.get_by_role("button", name="Beoordeling opslaan").click()
        expect(review.get_by_test_id("update-state")).to_have_text("Goedgekeurd")
        expect(review.get_by_test_id("versions")).to_contain_text("Welke twee acties, en wat is het gevolg?")
        screenshot(review, "update-review")
        assert axe_violations(review) == []

        review.goto(f"{live_server.url}/dashboard/")
        card = review.locator("article", has=review.get_by_role("heading", name="Verbinden"))
        expect(card.get_by_test_id("update-summary")).to_contain_text("Oordeel trekker: Amber")
        expect(card.get_by_test_id("update-summary")).to_contain_text("De factsheet en het werkbezoek")
        screenshot(review, "update-dashboard")

        pdf = review.request.get(f"{live_server.url}/dashboard/report.pdf").body()
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "Oordeel trekker: Amber" in text and "Goedgekeurde update voor de vergadering van 24-11-2026" in text

        review.goto(f"{live_server.url}/updates/compare/?a={before.token}&b=today")
        expect(review.get_by_text("Oordeel trekker").first).to_be_visible()
        row = review.locator("tr.diff-changed", has_text="Oordeel trekker").first
        expect(row).to_contain_text("Amber")
        screenshot(review, "update-compare")
        assert axe_violations(review) == []
        small = them.new_page()
        small.set_viewport_size({"width": 390, "height": 844})
        small.goto(f"{live_server.url}{update.get_absolute_url()}")
        screenshot(small, "update-review-390")
        her.close()
        them.close()

    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, tzinfo=AMS), tick=True):
        digest_run()
        digest = [m for m in smtp_server.messages if m["To"] == taskforce_member.email]
        text = digest[-1].get_body(("plain",)).get_content()
        assert "Weekupdate, oordeel trekker: Amber" in text
        assert "De factsheet en het werkbezoek" in text
