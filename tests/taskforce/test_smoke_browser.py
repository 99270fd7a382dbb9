import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_logs_in_and_sees_the_countdown(page, live_server, login, member):
    login(page, member)
    assert page.get_by_role("heading", level=1).inner_text() == "Taskforce Vaccins"
    assert "Week" in page.content()
    screenshot(page, "home")
    assert axe_violations(page) == []
