"""The browser tests' guard against Content-Security-Policy violations does notice one."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


@login_not_required
def _inline_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>x</title><script>document.title = 'ran'</script><p>x</p>")


urlpatterns = [path("inline/", _inline_script)]


@pytest.mark.urls("tests.taskforce.test_csp_browser")
def test_an_inline_script_is_refused_and_the_guard_records_it(page, live_server, request):
    page.goto(f"{live_server.url}/inline/")
    page.wait_for_load_state("networkidle")

    assert page.title() == "x"  # the script did not run
    assert any("inline script violates" in text for text in request.node.csp_violations)
    request.node.csp_violations.clear()  # seen on purpose: this test must not fail at teardown


SKIP = {
    "dashboard_export",
    "registers:export",
    "report_pdf",
    "report_frozen_pdf",
    "healthz",
    "logout",
    # Downloads (a calendar, a spreadsheet, an attached file): the browser saves them, nothing renders.
    "calendars:personal_feed",
    "calendars:workstream_feed",
    "calendars:meeting_ics",
    "mandate:budget_export",
    "attachments:download",
    "audit:export",
    "publications:pdf",
    "api:schema",  # the OpenAPI file; its documentation page is checked
}


def test_every_page_of_the_app_loads_without_a_csp_violation(page, live_server, login, roles, request):
    """Each HTML page in the URL conf, opened in Chromium, before and after logging in."""
    from tests.taskforce.test_url_access import EXPECTED, ROLES, url_arguments, url_names

    secretariat = roles["secretariat"]
    arguments = url_arguments(secretariat.pk)
    names = list(dict.fromkeys(name for name, _route in url_names()))
    anonymous = [n for n in names if EXPECTED[n][ROLES.index("anonymous")] == 200 and n not in SKIP]
    logged_in = [n for n in names if EXPECTED[n][ROLES.index("secretariat")] == 200 and n not in SKIP]
    assert len(anonymous) >= 5 and len(logged_in) > 30
    seen = request.node.csp_violations
    violations = {}

    def visit(name: str) -> None:
        before = len(seen)
        response = page.goto(f"{live_server.url}{reverse(name, kwargs=arguments.get(name, {}))}")
        # goto waited for the load event; a frame and a task more run what the page's scripts put off
        # until then. No page fetches anything after it loads (the one poll starts a second later), so
        # "networkidle" would only add half a second of silence per page.
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")
        assert response.status == 200, name
        if len(seen) > before:
            violations[name] = seen[before:]

    for name in anonymous:
        visit(name)
    login(page, secretariat)
    for name in logged_in:
        visit(name)
    assert violations == {}
