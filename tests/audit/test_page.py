"""The secretariat's audit page: who may open it, its filters and paging, the CSV export, the browser."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from audit.models import Entry, Kind
from audit.services import record
from audit.views import ENTRIES_PER_PAGE
from tests.conftest import axe_violations, screenshot
from tests.factories import AMS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]


@pytest.mark.parametrize("role", ["taskforce", "trekker", "member", "other_member", "viewer"])
def test_only_the_secretariat_opens_the_audit_page_and_its_export(client, roles, role):
    client.force_login(roles[role])
    assert client.get(reverse("audit:entries")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_the_secretariat_finds_the_page_in_the_user_menu_and_others_do_not(client, secretariat, taskforce_member):
    client.force_login(taskforce_member)
    assert reverse("audit:entries") not in client.get(reverse("my_work")).content.decode()
    client.force_login(secretariat)
    assert f'href="{reverse("audit:entries")}"' in client.get(reverse("my_work")).content.decode()


def test_filters_by_person_kind_dates_and_object(client, secretariat, member, verbinden):
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, tzinfo=AMS), tick=False):
        record(Kind.LOGIN, user=member, text="vroeg")
    record(Kind.LOGIN, user=member, text="later")
    record(Kind.EXPORT, user=member, text="export")
    record(Kind.LOGIN_FAILED, username="onbekende", text="mislukt")
    record(Kind.MEMBERSHIP_CHANGED, user=secretariat, obj=verbinden, text="werkstroom")
    client.force_login(secretariat)

    def texts(**params) -> list[str]:
        page = client.get(reverse("audit:entries"), params)
        assert page.status_code == 200
        return [
            entry.text
            for entry in page.context["entries"]
            if entry.kind != Kind.LOGIN or entry.user_id != secretariat.pk
        ]

    assert texts(person="lid", kind="login") == ["later", "vroeg"]
    assert texts(person=str(member.pk), kind="export") == ["export"]
    assert texts(person="onbek") == ["mislukt"]
    assert texts(kind="login", person="lid", start="2026-11-01", end="2026-11-10") == ["vroeg"]
    assert texts(object_type="workstreams.workstream", object_id=str(verbinden.pk)) == ["werkstroom"]


def test_a_wrong_date_range_is_named_and_the_other_filters_still_apply(client, secretariat, member):
    record(Kind.EXPORT, user=member, text="export")
    client.force_login(secretariat)
    page = client.get(reverse("audit:entries"), {"kind": "export", "start": "2026-11-20", "end": "2026-11-01"})
    html = page.content.decode()
    assert "De einddatum ligt vóór de begindatum." in html and 'value="2026-11-01"' in html
    assert [entry.text for entry in page.context["entries"]] == ["export"]


def test_the_page_is_paged_and_its_queries_do_not_grow(client, secretariat, django_assert_max_num_queries):
    for i in range(ENTRIES_PER_PAGE + 5):
        record(Kind.API_WRITE, username="script", text=f"schrijf {i}")
    client.force_login(secretariat)
    client.get(reverse("audit:entries"))
    with django_assert_max_num_queries(12):
        first = client.get(reverse("audit:entries"))
    assert len(first.context["entries"]) == ENTRIES_PER_PAGE
    second = client.get(reverse("audit:entries"), {"pagina": 2})
    assert len(second.context["entries"]) == Entry.objects.count() - ENTRIES_PER_PAGE


def test_the_csv_export_holds_the_filtered_entries_with_their_hashes_and_no_formulas(client, secretariat):
    record(Kind.LOGIN_FAILED, username='=HYPERLINK("http://x")', text="poging")
    record(Kind.EXPORT, username="ander", text="export")
    client.force_login(secretariat)
    response = client.get(reverse("audit:export"), {"kind": "login_failed"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Volgnummer", "Tijdstip", "Soort"] and rows[0][-1] == "Hash"
    assert [(row[2], row[4]) for row in rows[1:]] == [("Inloggen mislukt", '\'=HYPERLINK("http://x")')]
    entry = Entry.objects.get(kind=Kind.LOGIN_FAILED)
    assert rows[1][-2:] == [entry.prev_hash, entry.hash]
    # The export itself is an export, and logged as one.
    assert Entry.objects.filter(kind=Kind.EXPORT, path__startswith=reverse("audit:export")).count() == 1


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_audit_page_in_a_browser_at_desktop_and_phone_width(
    live_server, browser, login, secretariat, member, language
):
    record(Kind.LOGIN_FAILED, username="lid", text="")
    record(Kind.PERMISSION_DENIED, user=member, text="GET /updates/instellingen/ 403")
    record(
        Kind.API_WRITE,
        user=member,
        text="PATCH /api/actions/1/ 200",
        object_type="workstreams.action",
        object_id="1",
        object_repr="Bedrijven benaderen",
    )
    secretariat.language = language
    secretariat.save(update_fields=["language"])
    for width, height in ((1280, 800), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        login(page, secretariat)
        page.goto(f"{live_server.url}{reverse('audit:entries')}")
        heading = "Auditlog" if language == "nl" else "Audit log"
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert page.locator("table caption").count() == 1
        assert page.locator(".table-responsive table tbody tr").count() >= 4
        # The filter by kind works from the keyboard and the page says what it shows.
        page.get_by_label("Soort" if language == "nl" else "Kind", exact=True).select_option("api_write")
        page.get_by_role("button", name="Toepassen" if language == "nl" else "Apply").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".table-responsive table tbody tr").count() == 1
        # Nothing sticks out sideways at phone width: the table scrolls inside its own box.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert axe_violations(page) == []
        screenshot(page, f"audit-{language}-{width}")
        context.close()
