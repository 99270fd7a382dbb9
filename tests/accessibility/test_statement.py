"""The accessibility statement: public, linked from every page, in the government's model form, and
rendered from the automated checks' results (never typed by hand)."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accessibility import statement as accessibility
from accessibility.statement import Compliance, compliance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]

PAGES = [
    {"name": "dashboard", "route": "dashboard/", "languages": ["nl", "en"], "titles": {"nl": "Dashboard"}},
    {"name": "login", "route": "accounts/login/", "languages": ["nl", "en"], "titles": {"nl": "Inloggen"}},
]
CONTRAST = {
    "tool": "axe",
    "rule": "color-contrast",
    "criteria": ["1.4.3"],
    "impact": "serious",
    "description": "Elements must meet minimum color contrast ratio thresholds",
    "help_url": "https://dequeuniversity.com/rules/axe/4.11/color-contrast",
    "pages": ["/dashboard/ (nl)"],
}


@pytest.fixture
def results(tmp_path, monkeypatch):
    """write(violations) puts a results file where the statement reads it."""
    path = tmp_path / "results.json"
    monkeypatch.setattr(accessibility, "RESULTS_FILE", path)

    def write(violations: list[dict]) -> None:
        data = {
            "checked_on": "2026-11-20",
            "standard": "WCAG 2.1 AA",
            "tools": {"axe_core": "4.11.0", "axe_playwright_python": "0.1.7", "vnu": "26.9.27"},
            "browser": "Chromium",
            "pages": PAGES,
            "violations": violations,
        }
        path.write_text(json.dumps(data), encoding="utf-8")

    return write


@pytest.mark.parametrize(
    ("checked", "failing", "expected"),
    [
        (4, 0, Compliance.FULL),
        (4, 1, Compliance.PARTIAL),
        (4, 3, Compliance.PARTIAL),
        (4, 4, Compliance.NONE),
        (0, 0, Compliance.NONE),
    ],
)
def test_the_status_follows_from_how_many_pages_fail(checked, failing, expected):
    assert compliance(pages_checked=checked, pages_failing=failing) == expected


def test_without_violations_the_statement_says_fully_and_no_known_exceptions(results):
    results([])

    response = Client().get(reverse("accessibility:statement"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="full"' in page and "voldoet volledig" in page
    assert "Er zijn geen bekende uitzonderingen uit de automatische controles." in page
    assert "20 november 2026" in page
    assert "axe-core 4.11.0" in page and "Nu Html Checker (vnu) 26.9.27" in page
    assert "<code>/accounts/login/</code>" in page


def test_a_violation_on_some_pages_is_a_known_exception_and_makes_it_partial(results):
    results([CONTRAST])

    page = Client().get(reverse("accessibility:statement")).content.decode()

    assert 'data-status="partial"' in page and "voldoet gedeeltelijk" in page
    assert "color-contrast" in page and "1.4.3" in page
    assert "Elements must meet minimum color contrast ratio thresholds" in page
    assert "geen bekende uitzonderingen" not in page


def test_a_violation_on_every_page_means_it_does_not_comply(results):
    results([{**CONTRAST, "pages": [f"/{p['route']} ({lang})" for p in PAGES for lang in p["languages"]]}])

    page = Client().get(reverse("accessibility:statement")).content.decode()

    assert 'data-status="none"' in page and "voldoet niet" in page


def test_without_results_no_status_is_claimed(tmp_path, monkeypatch):
    monkeypatch.setattr(accessibility, "RESULTS_FILE", tmp_path / "absent.json")

    page = Client().get(reverse("accessibility:statement")).content.decode()

    assert 'data-status="unknown"' in page


def test_the_statement_names_the_organisation_the_contact_and_the_complaint_route(results, settings):
    results([])
    settings.ACCESSIBILITY_ORGANISATION = "Ministerie van VWS"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "toegankelijkheid@minvws.nl"
    settings.ACCESSIBILITY_RESPONSE_DAYS = 10

    page = Client().get(reverse("accessibility:statement")).content.decode()

    assert "Ministerie van VWS wil dat iedereen" in page
    assert 'href="mailto:toegankelijkheid@minvws.nl"' in page
    assert "binnen 10 werkdagen antwoord" in page
    assert "Nationale ombudsman" in page
    assert "EN 301 549" in page and "WCAG 2.1 AA" in page


def test_the_contact_address_defaults_to_the_senders_address(results, settings):
    results([])
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "Taskforce Vaccins <taskforce@minvws.nl>"

    page = Client().get(reverse("accessibility:statement")).content.decode()

    assert 'href="mailto:taskforce@minvws.nl"' in page


def test_the_statement_is_in_english_for_english_visitors(results):
    results([])
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("accessibility:statement")).content.decode()

    assert "Accessibility statement" in page and "fully meets" in page
    assert "There are no known exceptions from the automated checks." in page


def test_the_statement_needs_no_login_nor_sets_a_session_and_keeps_the_csp():
    response = Client().get(reverse("accessibility:statement"))

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_every_page_links_to_the_statement_and_the_published_documents_in_its_footer(client, secretariat):
    statement, documents = reverse("accessibility:statement"), reverse("publications:list")
    anonymous_page = Client().get(reverse("login")).content.decode()
    client.force_login(secretariat)
    for page in (anonymous_page, client.get(reverse("dashboard")).content.decode()):
        footer = page[page.index("<footer") :]
        assert f'href="{statement}"' in footer
        assert f'href="{documents}"' in footer


def test_the_committed_results_render_as_the_statement():
    """The real file, as committed: the page shows its date and status."""
    found = accessibility.statement_read()
    assert found is not None, "accessibility/results.json is missing"
    page = Client().get(reverse("accessibility:statement")).content.decode()
    assert f'data-status="{found.status}"' in page
