"""The main pages fit the screen in real Chromium: nothing scrolls sideways on a phone (390 px) or a laptop
(1280 px), the user menu stays on screen, and the DOM after the scripts ran is still valid HTML.

They are opened as the secretariat, who has the most menu items (the admin link too).
"""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.conftest import axe_violations, screenshot
from tests.taskforce.test_html_validity import vnu_errors
from workstreams.models import Action

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]

PHONE, LAPTOP = (390, 844), (1280, 800)

# Elements that stick out to the right of the viewport and are not inside something that scrolls itself.
STICKING_OUT = """() => [...document.querySelectorAll('body *')].filter((el) => {
    if (el.getBoundingClientRect().right <= window.innerWidth + 0.5) return false;
    for (let up = el.parentElement; up; up = up.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return false;
    }
    return ![...el.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 0.5);
}).slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.'))"""


def _main_pages(secretariat) -> list[tuple[str, str]]:
    action = Action.objects.filter(workstream__slug="verbinden").order_by("position").first()
    meeting = Meeting.objects.filter(workstream__slug="verbinden").first()
    return [
        ("dashboard", reverse("dashboard")),
        ("dashboard-verbinden", reverse("dashboard_workstream", args=["verbinden"])),
        ("workstream", reverse("workstreams:detail", args=["verbinden"])),
        ("action", action.get_absolute_url()),
        ("my-work", reverse("my_work")),
        ("recommendations", reverse("recommendations:list")),
        ("kpis", reverse("kpis:list")),
        ("meetings", reverse("meetings:list")),
        ("meeting", reverse("meetings:detail", args=[meeting.pk])),
        ("registers", reverse("registers:index")),
        ("search", reverse("search:search") + "?q=vaccin"),
        ("mail-preferences", reverse("mail_preferences")),
        ("reports", reverse("reports")),
    ]


def _open_menu_if_collapsed(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#nav.show").wait_for()
        page.wait_for_function("() => !document.querySelector('#nav.collapsing')")


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_secretariat_sees_each_main_page_without_sideways_scrolling_and_with_the_user_menu_on_screen(
    page, live_server, login, secretariat, ws_meeting, size
):
    secretariat.first_name, secretariat.last_name = "Wilhelmina", "van Oranje-Nassau"
    secretariat.save()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(page, secretariat)

    wrong, documents = [], {}
    for name, url in _main_pages(secretariat):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        screenshot(page, f"layout-{size[0]}-{name}")
        scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            wrong.append(f"{name}: {scroll_width} px wide in {inner_width} px ({page.evaluate(STICKING_OUT)})")
        if size == LAPTOP:
            documents[f"{name} after scripts"] = page.content()
        _open_menu_if_collapsed(page)
        box = page.locator("#user-menu").bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > inner_width:
            wrong.append(f"{name}: the user menu is not on screen ({box})")
        if size == PHONE:
            if name == "action":
                screenshot(page, f"layout-{size[0]}-menu-open")
            wrong += [f"{name}: axe {v['id']} {[n['target'] for n in v['nodes']]}" for v in axe_violations(page)]
    assert wrong == []
    assert vnu_errors(documents) == []


def test_the_recommendation_matrix_and_the_action_tables_show_each_status_on_a_phone(
    page, live_server, login, secretariat
):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    login(page, secretariat)
    page.goto(f"{live_server.url}{reverse('dashboard_workstream', args=['verbinden'])}")
    page.locator("table.matrix").scroll_into_view_if_needed()
    screenshot(page, "layout-390-matrix")
    assert page.locator("table.matrix tbody .status-badge").count() == 3  # Verbinden's recommendations
    assert page.locator("table tbody .action-status").count() == 3  # and its actions
    statuses = page.locator("table.matrix tbody .status-badge, table tbody .action-status")
    for index in range(statuses.count()):
        box = statuses.nth(index).bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE[0], f"status {index}: {box}"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)] == []
