"""Registers in a real Chromium: adding a collaboration moves its KPI; every page passes axe."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from registers.models import Deliverable
from tests.conftest import axe_violations, screenshot
from tests.factories import make_collaboration, make_shortage, make_supporter

D = dt.date

pytestmark = pytest.mark.django_db(transaction=True)
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def test_a_member_adds_a_collaboration_and_sees_the_kpi_count_it(frozen, page, live_server, login, member, kpis):
    kpi = kpis["verbinden-kpi-1"]
    login(page, member)
    page.get_by_role("link", name="Registers").click()
    page.get_by_role("link", name="Verbinden").click()
    page.get_by_role("link", name="Welke records telt „Nieuw gestarte samenwerkingen en opschalingen”?").click()
    expect(page.locator("#kpi-value")).to_have_text("0")

    page.get_by_role("link", name="Samenwerkingen van Verbinden (alle records)").click()
    page.get_by_role("link", name="Nieuwe samenwerking").click()
    page.get_by_label("Nederlands bedrijf").fill("Batavia Biosciences")
    page.get_by_label("Buitenlandse vaccinfabrikant of partner").fill("Moderna")
    page.get_by_label("Soort").select_option(label="Fill-and-finish")
    page.get_by_label("Fase").select_option(label="Gestart")
    page.get_by_label("Voortgekomen uit evenement").fill("Matchmaking event Leiden")
    page.get_by_role("button", name="Opslaan").click()
    # Stage "gestart" without a start date is refused, and nothing typed is lost.
    expect(page.locator(".invalid-feedback").get_by_text("Vul de startdatum in")).to_be_visible()
    assert page.get_by_label("Nederlands bedrijf").input_value() == "Batavia Biosciences"
    page.get_by_label("Gestart op").fill("2026-11-12")
    page.get_by_role("button", name="Opslaan").click()

    assert page.get_by_role("status").inner_text().startswith("Opgeslagen: Batavia Biosciences – Moderna")
    page.goto(f"{live_server.url}/registers/kpi/{kpi.pk}/")
    assert page.locator("#kpi-value").inner_text() == "1"
    row = page.get_by_role("row", name="Batavia Biosciences")
    assert "Moderna" in row.inner_text() and "Gestart" in row.inner_text()
    assert "1 nieuwe samenwerking: Batavia Biosciences – Moderna" in page.content()
    screenshot(page, "registers-kpi-verbinden-after-adding")

    # The ministry's dashboard shows the new figure at once, not after the nightly job.
    page.goto(f"{live_server.url}/dashboard/")
    kpi_row = page.get_by_role("row", name=kpi.name)
    assert kpi_row.locator("td").first.inner_text().strip() == "1"


def test_every_register_page_is_accessible(frozen, page, live_server, login, trekker, workstreams, kpis):
    verbinden, voorkomen, voorbereiden = (workstreams[s] for s in ("verbinden", "voorkomen", "voorbereiden"))
    make_collaboration(
        verbinden,
        "Batavia Biosciences",
        "Moderna",
        stage="started",
        started_on=D(2026, 11, 9),
        kind="fill_finish",
        event="Matchmaking event",
        evidence_url="https://example.org/persbericht",
    )
    make_collaboration(
        verbinden,
        "Bilthoven Biologicals",
        "Serum Institute",
        stage="scaled_up",
        started_on=D(2025, 6, 1),
        scaled_up_on=D(2026, 11, 16),
        kind="drug_substance",
    )
    make_collaboration(verbinden, "Polpharma NL", "Novavax", stage="talks", kind="distribution")
    make_shortage(
        voorkomen,
        "Single-use bioreactorzakken",
        status="being_solved",
        severity="high",
        solution="Nederlandse leverancier schaalt op",
    )
    make_shortage(voorkomen, "Glazen flacons", status="solved", medicines=True, products="insuline")
    make_shortage(voorkomen, "QC-analisten", category="staffing", nature="expected", vaccines=False, medicines=True)
    make_supporter(voorbereiden, "Health-Holland", confirmed_on=D(2026, 11, 10), confirmation="letter", sector="public")
    make_supporter(voorbereiden, "Batavia Biosciences", confirmed_on=D(2026, 11, 13), confirmation="email")
    make_supporter(voorbereiden, "Sanquin", sector="public")
    overview = Deliverable.objects.get(seed_key="voorbereiden-deliverable-1")

    pages = {
        "registers-index": "/registers/",
        "registers-workstream-verbinden": "/registers/verbinden/",
        "registers-workstream-voorkomen": "/registers/voorkomen/",
        "registers-workstream-voorbereiden": "/registers/voorbereiden/",
        "registers-collaborations": "/registers/verbinden/collaborations/",
        "registers-collaborations-filtered": "/registers/verbinden/collaborations/?stage=started",
        "registers-collaboration-new": "/registers/verbinden/collaborations/new/",
        "registers-shortages": "/registers/voorkomen/shortages/",
        "registers-shortage-new": "/registers/voorkomen/shortages/new/",
        "registers-supporters": "/registers/voorbereiden/supporters/",
        "registers-supporter-new": "/registers/voorbereiden/supporters/new/",
        "registers-deliverables": "/registers/voorbereiden/deliverables/",
        "registers-deliverable-new": "/registers/voorbereiden/deliverables/new/",
        "registers-deliverable-edit": f"/registers/voorbereiden/deliverables/{overview.pk}/",
    }
    for seed_key in ("verbinden-kpi-1", "voorkomen-kpi-1", "voorbereiden-kpi-1", "voorbereiden-kpi-2"):
        pages[f"registers-kpi-{seed_key}"] = f"/registers/kpi/{kpis[seed_key].pk}/"

    login(page, trekker)
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        screenshot(page, name)
        assert axe_violations(page) == [], path

    # A form with errors is accessible too.
    page.goto(live_server.url + "/registers/voorkomen/shortages/new/")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "registers-shortage-new-errors")
    assert axe_violations(page) == []
