"""Exactly once over a real SMTP server: refusals are recorded, visible in the admin and retried."""

import pytest
import time_machine
from django.test import Client

from mailings import mail
from mailings.digest import digest_run
from mailings.models import Delivery
from taskforce.celery import app
from taskforce.models import User
from tests.factories import WEEK_NOW, WEEK_TODAY, build_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(monkeypatch):
    """Celery runs tasks (and their retries) in this process, at once."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def week(member, other_member):
    # One recipient keeps "the next message is refused" about a known person.
    User.objects.filter(pk=other_member.pk).update(digest_enabled=False)
    return build_week(member, other_member)


def run():
    with time_machine.travel(WEEK_NOW, tick=False):
        return digest_run(today=WEEK_TODAY)


def test_the_digest_arrives_as_multipart_text_and_html(week, member, smtp_server):
    run()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == member.email
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Rondetafel met vaccinproducenten" in text and "Rondetafel met vaccinproducenten" in html
    assert html.lstrip().startswith("<!doctype html>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_refused_once_then_accepted_gives_one_mail(
    week, member, smtp_server, eager, django_capture_on_commit_callbacks
):
    smtp_server.refuse_next = 1
    with django_capture_on_commit_callbacks() as retries:
        report = run()
    delivery = Delivery.objects.get(user=member)
    assert report.failed == [delivery.pk]
    assert delivery.status == Delivery.Status.FAILED
    assert "451" in delivery.last_error
    assert smtp_server.messages == []

    for retry in retries:  # the task Celery would run after the backoff
        retry()

    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert delivery.last_error == ""
    # A later run finds it sent and leaves it.
    run()
    assert len(smtp_server.messages) == 1


def test_the_retry_task_backs_off_while_the_server_keeps_refusing(week, member, smtp_server, eager, monkeypatch):
    countdowns = []
    real = mail.retry_countdown
    monkeypatch.setattr(mail, "retry_countdown", lambda retries: countdowns.append(real(retries)) or 0)
    smtp_server.refuse_next = 3
    from mailings.tasks import deliver

    delivery = Delivery.objects.create(kind="digest", period="2026-11-24", user=member, status="failed")
    with time_machine.travel(WEEK_NOW, tick=False):
        deliver.apply(args=[delivery.pk, WEEK_TODAY.isoformat()])
    assert countdowns == [120, 240, 480]  # 60 s base: doubling each time
    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 4)


def test_a_failed_delivery_shows_as_failed_in_the_admin(week, member, smtp_server):
    smtp_server.refuse_next = 1
    run()
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "pw")
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/mailings/delivery/?status__exact=failed").content.decode()
    assert "Mislukt (wordt opnieuw geprobeerd)" in page
    assert "451" in page


def test_the_retry_task_sends_nothing_to_someone_who_unsubscribed_meanwhile(week, member, smtp_server, eager):
    from mailings.tasks import deliver

    delivery = Delivery.objects.create(kind="digest", period="2026-11-24", user=member, status="failed")
    User.objects.filter(pk=member.pk).update(digest_enabled=False)
    deliver.apply(args=[delivery.pk, WEEK_TODAY.isoformat()])
    assert smtp_server.messages == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


def test_the_secretariat_retries_a_failed_delivery_from_the_admin(
    week, member, smtp_server, eager, django_capture_on_commit_callbacks
):
    smtp_server.refuse_next = 1
    with django_capture_on_commit_callbacks():  # the automatic retry is not run: as if Celery gave up
        run()
    delivery = Delivery.objects.get(user=member, status="failed")
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "pw")
    client = Client()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/mailings/delivery/",
            {"action": "retry_now", "_selected_action": [delivery.pk]},
            follow=True,
        )
    assert "1 verzending wordt opnieuw geprobeerd." in response.content.decode()
    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


@pytest.fixture
def everyone_reads(roles):
    """Every role gets a digest this week, so a run sends several mails."""
    return build_week(roles["member"], roles["other_member"])


@pytest.fixture
def peers(smtp_server, monkeypatch):
    """The client address of every message's connection; the server drops the connection when told."""
    seen = []
    real = smtp_server.handle_DATA
    smtp_server.drop_next = 0

    async def handle_DATA(server, session, envelope):
        seen.append(session.peer)
        if smtp_server.drop_next:
            smtp_server.drop_next -= 1
            return "421 Closing the connection"
        return await real(server, session, envelope)

    monkeypatch.setattr(smtp_server, "handle_DATA", handle_DATA)
    return seen


def test_a_run_sends_its_mails_over_one_connection(everyone_reads, roles, smtp_server, peers):
    report = run()
    assert len(smtp_server.messages) == len(report.sent) == len(roles)
    assert len(set(peers)) == 1


def test_a_dropped_connection_fails_only_that_delivery_and_the_run_reconnects(
    everyone_reads, roles, smtp_server, peers, eager, django_capture_on_commit_callbacks
):
    smtp_server.drop_next = 1
    with django_capture_on_commit_callbacks() as retries:
        report = run()
    assert len(report.failed) == 1
    assert len(report.sent) == len(roles) - 1 == len(smtp_server.messages)
    failed = Delivery.objects.get(pk=report.failed[0])
    assert failed.status == Delivery.Status.FAILED and "421" in failed.last_error
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == len(roles) - 1
    assert len(set(peers)) == 2  # the first connection, closed by the server, then a new one for the rest

    for retry in retries:
        retry()
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(user.email for user in roles.values())


def test_a_run_opens_a_new_connection_after_its_share_of_mails(everyone_reads, roles, smtp_server, peers, monkeypatch):
    monkeypatch.setattr(mail, "MAILS_PER_CONNECTION", 2)
    run()
    assert len(smtp_server.messages) == len(roles)
    assert len(set(peers)) == (len(roles) + 1) // 2


def test_other_backends_than_smtp_get_a_connection_per_mail_as_before(everyone_reads, roles, monkeypatch):
    """The file backend writes one file per connection: a mail of its own stays a file of its own."""
    opened = []
    real = mail.get_connection
    monkeypatch.setattr(mail, "get_connection", lambda: opened.append(1) or real())
    report = run()
    assert len(report.sent) == len(roles) == len(opened)


def test_every_attempt_at_one_delivery_carries_the_same_message_id(
    week, member, smtp_server, eager, django_capture_on_commit_callbacks
):
    smtp_server.refuse_next = 1
    with django_capture_on_commit_callbacks() as retries:
        run()
    for retry in retries:
        retry()
    delivery = Delivery.objects.get(user=member)
    assert smtp_server.messages[0]["Message-ID"] == f"<delivery-{delivery.pk}.digest@127.0.0.1>"

    # A worker that died after the server accepted leaves the claim to expire; the copy sent then
    # is recognisably the same message.
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    with time_machine.travel(WEEK_NOW, tick=False):
        mail.send_one(
            delivery=delivery,
            build=lambda: mail.message_build(kind="digest", user=member, context={}),
            today=WEEK_TODAY,
        )
    assert [m["Message-ID"] for m in smtp_server.messages] == [smtp_server.messages[0]["Message-ID"]] * 2
