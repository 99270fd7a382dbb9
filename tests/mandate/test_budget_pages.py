"""The budget and mandate pages: what each role sees and may do, bad input kept, the exports."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_budget_line, make_commitment, make_mandate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]


def test_viewers_see_the_budget_summary_but_not_the_internal_notes(client, viewer, secretariat, verbinden):
    line = make_budget_line(verbinden, note="Alleen intern: onderhandelingsruimte")
    make_commitment(line, secretariat, note="Intern: offerte volgt")
    client.force_login(viewer)
    page = client.get(reverse("mandate:budget")).content.decode()
    assert "€\u00a010.000,00" in page
    assert "onderhandelingsruimte" not in page
    assert "Verplichting aanvragen" not in page and "Budgetregel toevoegen" not in page
    commitment = line.commitments.get()
    detail = client.get(reverse("mandate:commitment", args=[commitment.pk])).content.decode()
    assert "offerte volgt" not in detail and "Volgende stap" not in detail

    client.force_login(secretariat)
    assert "onderhandelingsruimte" in client.get(reverse("mandate:budget")).content.decode()


def test_a_refused_request_keeps_what_was_typed(client, taskforce, member, verbinden):
    make_mandate(taskforce)
    line = make_budget_line(verbinden, amount="100.00")
    client.force_login(member)
    response = client.post(
        reverse("mandate:commitment_request"),
        {
            "commitment-budget_line": line.pk,
            "commitment-party": line.source.pk,
            "commitment-description": "Te grote opdracht",
            "commitment-amount": "1.000,00",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "niet genoeg ruimte" in page
    assert "Te grote opdracht" in page and "1.000,00" in page


def test_only_the_secretariat_records_the_mandate_and_adds_budget_lines(client, taskforce_member, viewer):
    for user in (taskforce_member, viewer):
        client.force_login(user)
        assert client.post(reverse("mandate:edit"), {"scope": "x", "status": "granted"}).status_code == 403
        assert client.post(reverse("mandate:budget_line_add"), {}).status_code == 403
    client.force_login(viewer)
    assert client.post(reverse("mandate:commitment_request"), {}).status_code == 403
    assert client.post(reverse("mandate:milestone_add"), {}).status_code == 403


def test_the_csv_export_writes_amounts_as_the_language_does(client, secretariat, verbinden):
    line = make_budget_line(verbinden, amount="1234.56")
    make_commitment(line, secretariat, amount="0.56", status="paid")
    client.force_login(secretariat)
    body = client.get(reverse("mandate:budget_export", args=["csv"])).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][-1] == "Resterend (euro)"
    assert rows[1][-4:] == ["1.234,56", "0,56", "0,56", "1.234,00"]


def test_a_milestone_shows_its_target_against_the_actions_started(client, taskforce_member):
    client.force_login(taskforce_member)
    response = client.post(
        reverse("mandate:milestone_add"),
        {"name": "Voor de zomer", "date": "2027-06-30", "target_percent": "60", "measure": "started"},
    )
    assert response.status_code == 302
    page = client.get(reverse("dashboard")).content.decode()
    assert "Voor de zomer (30 juni 2027): doel 60% van de acties gestart of afgerond, nu 0%" in page


def test_the_dashboard_lists_the_quick_wins_that_are_done(client, viewer, verbinden):
    from tests.factories import make_action

    make_action(verbinden, "Snel resultaat", status="done", is_quick_win=True, result="Gedaan")
    make_action(verbinden, "Nog bezig", status="in_progress", is_quick_win=True)
    client.force_login(viewer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Quick wins afgerond" in page and "Snel resultaat" in page and "Nog bezig</a> (" not in page


def test_a_milestone_counted_in_actions_done_is_marked_on_each_burn_up(client, viewer, verbinden):
    from mandate.models import Milestone

    Milestone.objects.create(name="Voor de zomer", date="2027-01-18", target_percent=50, measure="done")
    client.force_login(viewer)
    response = client.get(reverse("dashboard"))
    chart = response.context["charts"]["burnup-verbinden"]
    total = chart["total"]
    assert chart["milestones"] == [{"x": 77, "y": round(total / 2, 1), "label": "Voor de zomer"}]
    assert "Mijlpaal Voor de zomer (18 januari 2027):" in response.content.decode()
