"""The whole money walk in Chromium: the mandate requested (a risk on the dashboard), granted, a budget
line, a commitment for a collaboration in Verbinden refused to its requester, approved by another
taskforce member, contracted and paid; the remaining budget on the dashboard, in the PDF and the XLSX."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]


def step(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")


def test_the_money_walk_from_mandate_to_payment(page, live_server, login, secretariat, taskforce_member):
    url = live_server.url
    login(page, secretariat)
    page.goto(f"{url}/mandate/")
    page.get_by_label("Wat het mandaat omvat").fill("Externe partijen opdracht geven binnen de drie werkstromen")
    page.get_by_label("Status").select_option(label="Aangevraagd")
    step(page, "Mandaat opslaan")
    page.goto(f"{url}/dashboard/")
    risk = page.locator(".mandate-risk")
    assert "Risico voor het hele programma" in risk.inner_text()
    assert "3 van de 12 weken zijn voorbij zonder mandaat" in risk.inner_text()

    page.goto(f"{url}/mandate/")
    page.get_by_label("Status").select_option(label="Verleend")
    page.get_by_label("Verleend door").fill("Minister van VWS")
    page.get_by_label("Verleend op").fill("2026-11-20")
    step(page, "Mandaat opslaan")
    assert page.locator(".mandate-risk").count() == 0

    page.goto(f"{url}/mandate/budget/")
    line = page.locator("form[action$='/budget/lines/new/']")
    line.get_by_label("Werkstroom").select_option(label="Verbinden")
    line.get_by_label("Omschrijving").fill("Samenwerking bedrijven")
    line.get_by_label("Bron").select_option(label="EZK")
    line.get_by_label("Instrument").select_option(label="Opdracht")
    line.get_by_label("Bedrag (euro)").fill("25.000,00")
    line.get_by_label("Periode vanaf").fill("2026-11-02")
    line.get_by_label("Periode tot en met").fill("2027-06-30")
    step(page, "Budgetregel toevoegen")
    assert "€\xa025.000,00" in page.locator("table.budget-lines").inner_text()

    request = page.locator("form[action$='/commitments/new/']")
    request.get_by_label("Budgetregel").select_option(index=1)
    request.get_by_label("Partij").select_option(label="VNO-NCW")
    request.get_by_label("Wat er gevraagd wordt").fill("Matchmaking voor een samenwerking in Verbinden")
    request.get_by_label("Bedrag (euro)").fill("7.500,25")
    step(page, "Verplichting aanvragen")
    assert page.locator("#commitment-status").inner_text() == "Aangevraagd"
    commitment_url = page.url

    step(page, "Volgende stap: Goedgekeurd door de taskforce")
    assert "U kunt uw eigen aanvraag niet goedkeuren" in page.locator(".alert").first.inner_text()
    assert page.locator("#commitment-status").inner_text() == "Aangevraagd"

    page.context.clear_cookies()
    login(page, taskforce_member)
    page.goto(commitment_url)
    step(page, "Volgende stap: Goedgekeurd door de taskforce")
    assert page.locator("#commitment-status").inner_text() == "Goedgekeurd door de taskforce"
    assert page.get_by_role("button", name="Volgende stap: Gecontracteerd").count() == 0

    page.context.clear_cookies()
    login(page, secretariat)
    page.goto(commitment_url)
    for name in ("Gecontracteerd", "Geleverd", "Betaald"):
        step(page, f"Volgende stap: {name}")
    assert page.locator("#commitment-status").inner_text() == "Betaald"
    lifecycle = page.locator("ol.lifecycle").inner_text()
    assert "Taskforcelid" in lifecycle and "Secretariat" in lifecycle
    screenshot(page, "commitment-lifecycle-1280")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "commitment-lifecycle-390")
    page.goto(f"{url}/mandate/budget/")
    screenshot(page, "budget-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{url}/mandate/budget/")
    screenshot(page, "budget-1280")
    assert axe_violations(page) == []

    page.goto(f"{url}/dashboard/")
    summary = page.locator("table.budget-summary").inner_text()
    assert "€\xa017.499,75" in summary and "€\xa07.500,25" in summary

    pdf = page.request.get(f"{url}/dashboard/report.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "€ 17.499,75" in text.replace("\u00a0", " ")

    xlsx = page.request.get(f"{url}/mandate/budget/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.body())).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert row[header.index("Resterend (euro)")] == 17499.75
    assert row[header.index("Betaald (euro)")] == 7500.25
