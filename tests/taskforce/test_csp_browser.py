"""The browser tests' guard against Content-Security-Policy violations does notice one."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

pytestmark = pytest.mark.django_db(transaction=True)


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
