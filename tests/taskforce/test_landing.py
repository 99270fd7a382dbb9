import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py


def test_a_member_lands_on_their_own_work(page, live_server, login, member):
    login(page, member)
    assert page.url.endswith("/mijn-werk/")


def test_a_ministry_viewer_lands_on_the_overview_dashboard(page, live_server, login, viewer):
    login(page, viewer)
    assert page.url.endswith("/dashboard/")
