"""Every HTML page of the URL conf is valid HTML: the Nu Html Checker (vnu.jar) finds no error in any.

Each page is fetched as the secretariat (who sees the most: every menu item, every edit control, the
admin link), in Dutch and in English; pages for people who are not logged in are fetched anonymously.
Every form is also sent empty, so the pages and fragments that come back with errors are checked too,
and so are the 403 and 404 pages. vnu runs once over all of them (one JVM start).

A URL that is not an HTML page (a download, a POST-only action, a redirect) must be named in NOT_HTML,
and the walk asserts that NOT_HTML is exactly the set of URLs that answered something else: a new page
cannot be skipped without saying so here.
"""

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from kpis.models import Measurement
from taskforce.models import User
from tests.conftest import ROOT
from tests.factories import make_action, make_publication
from tests.taskforce.test_url_access import API_ENDPOINTS, url_arguments, url_names
from workstreams.models import Action, ProgressNote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# What a GET of these URLs answers instead of an HTML page, and why.
NOT_HTML = {
    "home": "redirect to Mijn werk or the dashboard",
    "healthz": "plain text for the liveness probe",
    "logout": "POST only",
    "twofactor:verify": "redirect: the session passed the second step already (tests/twofactor checks the page)",
    "twofactor:backup_codes": "POST only",
    "twofactor:disable": "POST only",
    "set_language": "POST only",
    "workstreams:action_status": "POST only",
    "workstreams:action_note": "POST only",
    "workstreams:action_check_in": "POST only",
    "workstreams:member_add": "POST only",
    "workstreams:member_role": "POST only",
    "workstreams:member_remove": "POST only",
    "recommendations:signal": "POST only",
    "kpis:record": "POST only",
    "meetings:add_action_item": "POST only",
    "notifications:follow": "POST only",
    "registers:restore": "POST only",
    "updates:delegate": "POST only",
    "updates:review": "POST only",
    "updates:baseline": "POST only",
    "report_generate": "POST only",
    "updates:recovery_close": "POST only",
    "mandate:edit": "POST only",
    "mandate:milestone_add": "POST only",
    "mandate:budget_line_add": "POST only",
    "mandate:commitment_request": "POST only",
    "mandate:commitment_step": "POST only",
    "mandate:budget_export": "CSV / Excel download",
    "attachments:delete": "POST only",
    "attachments:download": "the attached file itself",
    "imports:confirm": "POST only",
    "dashboard_export": "CSV / Excel download",
    "registers:export": "CSV / Excel download",
    "report_pdf": "PDF",
    "report_frozen_pdf": "PDF",
    "publications:pdf": "PDF",
    "oidc_authentication_init": "404 while single sign-on is off; on, a redirect to the provider",
    "oidc_authentication_callback": "404 while single sign-on is off; on, a redirect (tests/sso)",
    "calendars:reset": "POST only",
    "calendars:personal_feed": "iCalendar feed",
    "calendars:workstream_feed": "iCalendar feed",
    "calendars:meeting_ics": "iCalendar download",
    "api_token_revoke": "POST only",
    "audit:export": "CSV download",
    # The REST API answers JSON; its documentation page (api:docs) is HTML and checked.
    **{name: "JSON" for name in API_ENDPOINTS},
    "api:update-detail": "JSON",
    "api:update-review": "POST only",
    "api:workstream-update-delegate": "POST only",
}
# Pages for people who are not logged in (a logged-in person is sent on from the login page).
ANONYMOUS = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "publications:list",
    "publications:detail",
    "accessibility:statement",
}
# Sending these empty would end the session the rest of the walk needs, or revoke the public link whose
# page the English walk checks (the 410 page it then shows is checked below).
NOT_POSTED = {"logout", "publications:revoke"}

# An htmx fragment is checked inside the smallest valid document, on its own first line.
FRAGMENT = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Fragment</title></head><body>{}</body></html>'
)


def vnu_errors(documents: dict[str, str]) -> list[str]:
    """The Nu Html Checker's errors in all documents, each as 'label:line:column: message «extract»'."""
    if not documents:
        return []
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: `make test` installs it from package.json (npm ci)", pytrace=False)
    folder = ROOT / "test-artifacts" / "html"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):
        old.unlink()
    files: dict[str, str] = {}
    for number, (label, html) in enumerate(documents.items()):
        path = folder / f"{number:03d}-{re.sub(r'[^A-Za-z0-9]+', '-', label).strip('-')[:80]}.html"
        path.write_text(html, encoding="utf-8")
        files[path.resolve().as_uri()] = label
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *[Path(f[7:]) for f in files]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = []
    for message in messages:
        label = files.get(message.get("url", "").replace("file:/", "file:///", 1), message.get("url"))
        extract = message.get("extract", "").replace("\n", "⏎")
        errors.append(
            f"{label}:{message.get('lastLine')}:{message.get('firstColumn')}: {message['message']} «{extract}»"
        )
    return errors


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TableFinder(HTMLParser):
    """Tables that are not inside a .table-responsive, which scrolls a wide table instead of the page."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, set[str]]] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "table" and not any("table-responsive" in up for _tag, up in self.open):
            self.loose.append(f'line {self.getpos()[0]}: <table class="{" ".join(sorted(classes))}">')
        if tag not in VOID:
            self.open.append((tag, classes))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass


def tables_outside_a_scroller(html: str) -> list[str]:
    finder = _TableFinder()
    finder.feed(html)
    return finder.loose


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _document(response) -> str:
    html = response.content.decode()
    return html if html.lstrip().lower().startswith("<!doctype") else FRAGMENT.format(html)


@pytest.fixture
def content(secretariat, member, kpi, tf_meeting, ws_meeting):
    """Enough on the pages that each of their parts shows: notes, history, measurements, an assigned action."""
    verbinden_action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    verbinden_action.owner = secretariat
    verbinden_action.status = Action.Status.IN_PROGRESS
    verbinden_action.save()
    ProgressNote.objects.create(action=verbinden_action, author=member, text="Eerste gesprek gevoerd.")
    make_action(verbinden_action.workstream, title="Geblokkeerde actie", owner=secretariat, status="blocked")
    Measurement.objects.create(kpi=kpi, value=3, recorded_by=member)


@pytest.mark.usefixtures("content")
def test_every_html_page_is_valid_html_for_the_secretariat_in_both_languages(secretariat, viewer):
    arguments = url_arguments(secretariat.pk)
    names = list(dict.fromkeys(name for name, _route in url_names()))
    documents: dict[str, str] = {}
    not_html: set[str] = set()
    revoked = make_publication(revoked=True)

    for language in ("nl", "en"):
        User.objects.filter(pk__in=[secretariat.pk, viewer.pk]).update(language=language)
        signed_in, anonymous = Client(), Client()
        signed_in.force_login(secretariat)
        anonymous.cookies["django_language"] = language
        for name in names:
            client = anonymous if name in ANONYMOUS else signed_in
            url = reverse(name, kwargs=arguments.get(name, {}))
            response = client.get(url)
            if response.status_code == 200 and _is_html(response):
                documents[f"{language} GET {url}"] = _document(response)
            else:
                not_html.add(name)
        # The same forms sent empty: whatever comes back as HTML (a form with its errors) is checked too.
        for name in names:
            if name in NOT_POSTED or name.startswith("admin:"):
                continue
            client = anonymous if name in ANONYMOUS else signed_in
            url = reverse(name, kwargs=arguments.get(name, {}))
            for headers in ({}, {"HX-Request": "true"}):
                response = client.post(url, {}, headers=headers)
                if _is_html(response) and response.status_code != 405 and response.content.strip():
                    via = " (htmx)" if headers else ""
                    documents[f"{language} POST{via} {url} {response.status_code}"] = _document(response)
        refused = Client()
        refused.force_login(viewer)
        for label, response in (
            ("404", signed_in.get("/workstreams/bestaat-niet/")),
            ("403", refused.get(reverse("workstreams:action_edit", args=[Action.objects.first().pk]))),
            ("search", signed_in.get(reverse("search:search"), {"q": "vaccin"})),
            ("login refused", anonymous.post(reverse("login"), {"username": "x", "password": "y"})),
            ("revoked publication", anonymous.get(reverse("publications:detail", args=[revoked.token]))),
        ):
            documents[f"{language} {label} {response.status_code}"] = _document(response)

    assert not_html == NOT_HTML.keys(), (
        f"NOT_HTML must name exactly the URLs that are no HTML page: {sorted(not_html ^ NOT_HTML.keys())}"
    )
    assert len(documents) > 2 * (len(names) - len(NOT_HTML))
    loose = [
        f"{label} {table}"
        for label, html in documents.items()
        if "/admin/" not in label  # the admin has its own layout
        for table in tables_outside_a_scroller(html)
    ]
    assert loose == [], "wide tables must scroll inside a .table-responsive, not widen the page"
    errors = vnu_errors(documents)
    assert errors == [], f"{len(errors)} HTML errors in {len(documents)} documents:\n" + "\n".join(errors)
