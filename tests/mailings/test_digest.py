"""The weekly digest: what each person reads, in their language, sent exactly once."""

import datetime as dt
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core import mail as django_mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailings.digest import digest_run
from mailings.models import Delivery
from taskforce.celery import app
from taskforce.models import User
from tests.conftest import ARTIFACTS
from tests.factories import WEEK_NOW, WEEK_TODAY, build_week, make_user, november
from workstreams.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(member, other_member):
    return build_week(member, other_member)


def parts(message) -> tuple[str, str]:
    """(text, html) of a Django EmailMultiAlternatives, read back the way a mail client would."""
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return (
        parsed.get_body(preferencelist=("plain",)).get_content(),
        parsed.get_body(preferencelist=("html",)).get_content(),
    )


def run(today=WEEK_TODAY):
    with time_machine.travel(WEEK_NOW, tick=False):
        return digest_run(today=today)


def mail_to(user):
    found = [m for m in django_mail.outbox if m.to == [user.email]]
    assert len(found) == 1, f"{len(found)} mails to {user.email}"
    return found[0]


def test_member_reads_their_overdue_action_and_their_workstreams_changes(week, member):
    run()
    text, html = parts(mail_to(member))
    for body in (text, html):
        assert "Rondetafel met vaccinproducenten" in body  # own, overdue
        assert "Factsheet Nederlandse life sciences" in body  # own, due Friday
        assert "Werkbezoek Leiden" not in body  # own, due in December: not yet
        assert "Brief aan de NFIA" in body  # new action in Verbinden
        assert week["changed"].title in body  # status change in Verbinden
        assert "Gesprek met drie producenten ingepland." in body  # progress note in Verbinden
        assert week["kpi"].name in body  # KPI value in Verbinden
        assert "Verbinden nodigt drie producenten uit" in body  # last meeting's decision
        assert "Bezoek minister" in body  # next meeting's agenda
        assert "Week 4 van 12" in body
        # Voorkomen's news is not theirs.
        assert "Lijst van kritieke grondstoffen" not in body
        assert "Inventarisatie grondstoffen" not in body
    assert "3 dagen te laat" in text
    assert "Niet gestart -> Bezig" in text


def test_changes_are_counted_from_the_previous_digest(week, member, secretariat):
    """The secretariat moved last week's digest to Thursday 19 November: this one starts there."""
    with time_machine.travel(november(19, 8), tick=False):
        Delivery.objects.create(kind="digest", period="2026-11-20", user=secretariat, status="sent")
    run()
    text, _ = parts(mail_to(member))
    assert "WAT ER VERANDERDE (19 november t/m 22 november)" in text
    changes = text.split("WAT ER VERANDERDE")[1].split("\n== ")[0]
    assert "Gesprek met drie producenten ingepland." in changes  # 19 November
    assert "Ronde langs de regios" not in changes  # changed on the 18th: in the previous digest


def test_stale_actions_are_called_out_at_the_top_for_their_owner(week, member):
    run()
    text, html = parts(mail_to(member))
    assert text.index("NIET BIJGEWERKT") < text.index("DEADLINE") < text.index("== UW ACTIES ==")
    assert "Contact met EMA leggen" in text.split("DEADLINE")[0]
    assert html.index("Niet bijgewerkt") < html.index("<h2>Deadline</h2>")


def test_the_deadline_line_gives_every_workstream_its_status_with_reasons(week, member):
    run()
    text, _ = parts(mail_to(member))
    deadline = text.split("== DEADLINE ==")[1].split("==")[0]
    for name in ("Verbinden", "Voorkomen", "Voorbereiden"):
        assert f"- {name}: " in deadline
    assert "acties afgerond" in deadline  # a reason in words, from the one status rule


def test_other_workstreams_member_reads_their_own_news_not_verbindens(week, other_member):
    run()
    text, _ = parts(mail_to(other_member))
    assert "Lijst van kritieke grondstoffen in concept." in text
    assert "Gesprek met drie producenten ingepland." not in text


def test_taskforce_members_read_all_three_workstreams(week, taskforce_member):
    run()
    text, _ = parts(mail_to(taskforce_member))
    assert "Gesprek met drie producenten ingepland." in text
    assert "Lijst van kritieke grondstoffen in concept." in text
    assert "VOORBEREIDEN: WAT ER VERANDERDE" in text


def test_a_viewer_gets_the_summary_only(week, viewer):
    run()
    message = mail_to(viewer)
    text, html = parts(message)
    assert message.subject == "Taskforce Vaccins: week 4 van 12"
    assert "Week 4 van 12" in text and "- Verbinden: " in text
    assert "Gesprek met drie producenten" not in text and "Gesprek met drie producenten" not in html
    assert "WAT ER VERANDERDE" not in text and "Verbinden nodigt" not in text


def test_the_digest_speaks_the_persons_language(week, member):
    User.objects.filter(pk=member.pk).update(language="en")
    run()
    message = mail_to(member)
    text, html = parts(message)
    assert message.subject == "Vaccine Taskforce: digest for the meeting of 24 November (1 of your actions overdue)"
    assert "Week 4 of 12" in text and "Week 4 of 12" in html
    assert "YOUR ACTIONS" in text and "Overdue:" in text
    assert "3 days late" in text
    assert "Not started -> In progress" in text
    assert "NOT UPDATED" in text
    assert "Proposed agenda:" in text
    assert '<html lang="en">' in html
    assert "Hallo" not in text and "Vergadering" not in text


def test_the_text_part_reads_on_its_own(week, member):
    run()
    text, _ = parts(mail_to(member))
    assert "<" not in text and "&amp;" not in text and "{%" not in text and "{{" not in text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "http://127.0.0.1:8000/" in text  # links spelled out
    assert "Afmelden voor deze samenvatting: http://127.0.0.1:8000/account/mail/unsubscribe/digest/" in text


def test_every_mail_carries_one_click_unsubscribe_headers(week, member):
    run()
    message = mail_to(member)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/account/mail/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_new_and_nothing_due_means_no_mail_but_a_skipped_record(taskforce, member):
    report = run()
    assert django_mail.outbox == []
    delivery = Delivery.objects.get(user=member)
    assert delivery.status == Delivery.Status.SKIPPED
    assert report.skipped == [delivery.pk]


def test_running_twice_sends_one_mail_each(week, roles):
    run()
    first = len(django_mail.outbox)
    assert first == 6
    run()
    call_command("send_digest", date=WEEK_TODAY, stdout=open("/dev/null", "w"))
    assert len(django_mail.outbox) == first
    assert Delivery.objects.filter(kind="digest", period="2026-11-24", status="sent").count() == 6


def test_a_claimed_delivery_is_not_sent_by_a_second_run(week, member, django_capture_on_commit_callbacks, monkeypatch):
    """Another worker is sending it right now: this run leaves it, and looks again once the claim expired."""
    Delivery.objects.create(kind="digest", period="2026-11-24", user=member, status="sending", claimed_at=WEEK_NOW)
    with django_capture_on_commit_callbacks() as follow_ups:
        report = run()
    assert [m for m in django_mail.outbox if m.to == [member.email]] == []
    assert len(report.already) == 1 and len(follow_ups) == 1

    # The claimant died without recording anything; 31 minutes later the follow-up sends it.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with time_machine.travel(WEEK_NOW + dt.timedelta(minutes=31), tick=False):
        follow_ups[0]()
    mail_to(member)
    assert Delivery.objects.get(user=member).status == "sent"


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_timeout(week, member):
    Delivery.objects.create(
        kind="digest", period="2026-11-24", user=member, status="sending", claimed_at=WEEK_NOW - dt.timedelta(hours=2)
    )
    run()
    mail_to(member)
    assert Delivery.objects.get(user=member).status == "sent"


def test_opted_out_inactive_and_addressless_people_get_nothing(week, member, other_member, taskforce_member):
    User.objects.filter(pk=member.pk).update(digest_enabled=False)
    User.objects.filter(pk=other_member.pk).update(is_active=False)
    User.objects.filter(pk=taskforce_member.pk).update(email="")
    run()
    assert django_mail.outbox == []
    assert not Delivery.objects.exists()


def test_dry_run_prints_who_would_get_what_and_writes_nothing(week, roles, capsys):
    with time_machine.travel(WEEK_NOW, tick=False):
        call_command("send_digest", "--dry-run", "--date", "2026-11-23")
    out = capsys.readouterr().out
    assert "lid@example.org (Werkstroomlid, nl): digest: 1 stale, 1 overdue, 1 due soon" in out
    assert "ministerie@example.org (Ministerie (alleen lezen), nl): summary" in out
    assert django_mail.outbox == []
    assert not Delivery.objects.exists()


def _people_and_actions(n: int) -> None:
    from workstreams.models import Workstream

    verbinden = Workstream.objects.get(slug="verbinden")
    for i in range(n):
        person = make_user(f"lid{n}x{i}", "member", "EZK", "verbinden")
        for j in range(3):
            Action.objects.create(
                workstream=verbinden, title=f"Actie {i}-{j}", owner=person, due_date=WEEK_TODAY - dt.timedelta(days=j)
            )


def test_queries_per_person_do_not_grow_with_people_or_actions(taskforce):
    """A fixed part for the whole run, plus two writes per person (claim and record)."""
    _people_and_actions(5)
    with CaptureQueriesContext(connection) as small:
        run()
    Delivery.objects.all().delete()
    _people_and_actions(20)  # 25 people, 75 own actions
    with CaptureQueriesContext(connection) as large:
        run()
    assert len(django_mail.outbox) == 5 + 25
    per_person = (len(large) - len(small)) / 20
    assert per_person == 2
    # The fixed part: figures, changes, meetings, the proposed agenda, the registers' changes and the
    # weekly updates (summaries, and the agenda's proposals from them).
    assert len(small) - 2 * 5 <= 55


def test_write_a_sample_digest_for_the_record(week, member, viewer):
    """test-artifacts/sample-digest.{html,txt}: what a Verbinden member reads on Monday 23 November,
    in English for a reader who chose English (sample-digest-en.*), and a ministry viewer's summary."""
    User.objects.filter(pk=viewer.pk).update(language="en")
    run()
    ARTIFACTS.mkdir(exist_ok=True)
    for user, name in ((member, "sample-digest"), (viewer, "sample-digest-summary-en")):
        message = mail_to(user)
        text, html = parts(message)
        (ARTIFACTS / f"{name}.txt").write_text(f"Subject: {message.subject}\n\n{text}")
        (ARTIFACTS / f"{name}.html").write_text(html)
    assert (ARTIFACTS / "sample-digest.html").stat().st_size > 1000
    assert "Week 4 of 12" in (ARTIFACTS / "sample-digest-summary-en.txt").read_text()


def test_the_digest_tells_what_changed_in_the_registers_behind_computed_kpis(week, member, other_member):
    from registers.models import Collaboration
    from workstreams.models import Workstream

    with time_machine.travel(november(19, 11), tick=False):
        Collaboration.objects.create(
            workstream=Workstream.objects.get(slug="verbinden"),
            dutch_company="Batavia Biosciences",
            partner="Moderna",
            stage=Collaboration.Stage.STARTED,
            started_on=dt.date(2026, 11, 19),
        )
    run()
    text, html = parts(mail_to(member))
    changes = text.split("VERBINDEN: WAT ER VERANDERDE")[1].split("\n== ")[0]
    assert "1 nieuwe samenwerking: Batavia Biosciences – Moderna" in changes
    assert "1 nieuwe samenwerking: Batavia Biosciences – Moderna" in html
    assert "Batavia" not in parts(mail_to(other_member))[0]  # another workstream's register


def test_readers_of_the_same_workstreams_share_one_agenda_rendered_per_language(week, member):
    from django.utils import translation

    from mailings.digest import digest_context, digest_for

    with time_machine.travel(WEEK_NOW, tick=False):
        context = digest_context(today=WEEK_TODAY, people=[member])
        workstreams = digest_for(member, context).agenda_workstreams
        with translation.override("nl"):
            dutch = context.agenda_part(workstreams)
            assert context.agenda_part(frozenset(workstreams)) is dutch
            summary = context.agenda_part(None)
        with translation.override("en"):
            english = context.agenda_part(workstreams)
    assert workstreams
    assert "Voorgestelde agenda:" in dutch.text and "Bezoek minister" in dutch.text and "Bezoek minister" in dutch.html
    assert "Proposed agenda:" in english.text
    assert (summary.text, summary.html) == ("", "")  # a summary has no agenda
