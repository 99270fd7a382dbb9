"""Building and sending the app's mails, exactly once per (kind, period, person).

Every mail is a `Delivery` row first. A run claims the row with a conditional UPDATE, so of two runs
(a re-run, a redelivered task, a second worker) only one sends; it records "sent" once the mail
server accepted the message. When the server refuses, the row says "failed" with the error (the
admin shows it) and a Celery task retries it with exponential backoff.

A worker that dies between claiming and recording leaves the row "sending"; after the claim timeout
(settings.MAIL_CLAIM_TIMEOUT_SECONDS) it may be claimed again: by the sweeper (mailings/sweep.py),
which finishes every run of the last days from the rows alone, or by a run that meets it. The
timeout outlasts one send, so a live send is never taken over.

Recording "sent" once the server accepted a mail retries on a fresh database connection for longer
than a database restart takes. The gaps left, which send a second copy with the same Message-ID
(SMTP has no way to ask "did you get this one already"): the sending process dies between the
server's acceptance and the recording, or the database stays away longer than that retry window.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.generator import BytesGenerator
from email.message import Message
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from mailings.models import Delivery
from mailings.tasks import deliver as deliver_task
from notifications.models import MailChoice, NotificationSettings
from taskforce.models import User

log = logging.getLogger(__name__)


def claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.MAIL_CLAIM_TIMEOUT_SECONDS)


# A run's mails share one SMTP connection, reopened after this many (servers may cap the mails per
# session) and after any failure.
MAILS_PER_CONNECTION = 100
# Errors that mean "the mail server did not take it now"; anything else is a bug and should surface.
SEND_ERRORS = (smtplib.SMTPException, OSError)
# Errors of a database that went away (restart, dropped connection): worth a retry on a new connection.
DATABASE_ERRORS = (OperationalError, InterfaceError)

# Which switch on User governs which kind of mail; also the names used in unsubscribe links.
NOTIFICATIONS = "notifications"  # an unsubscribe link's preference without a switch of its own on User
PREFERENCE_FIELDS = {
    "digest": "digest_enabled",
    "alerts": "alerts_enabled",
}
KIND_PREFERENCE: dict[str, str] = {
    Delivery.Kind.DIGEST: "digest",
    Delivery.Kind.RED_ALERT: "alerts",
    Delivery.Kind.DEADLINE: "alerts",
    Delivery.Kind.UPDATE_REMINDER: "alerts",
    Delivery.Kind.UPDATES_MISSING: "alerts",
    # Notifications have their own choices per kind (at once, hourly, not by mail) on the mail page;
    # their unsubscribe link sets every kind to "not by mail", which that page can undo for anyone.
    Delivery.Kind.NOTIFICATION: NOTIFICATIONS,
    Delivery.Kind.NOTIFICATION_BUNDLE: NOTIFICATIONS,
}


class SendFailed(Exception):
    """The mail server refused or could not be reached; the delivery is recorded as failed."""


# --- Unsubscribe links ---------------------------------------------------------------------------


def _salt(preference: str) -> str:
    return f"taskforce.mail.unsubscribe.{preference}"


def unsubscribe_token(user: User, preference: str) -> str:
    return signing.dumps({"u": user.pk}, salt=_salt(preference), compress=True)


# An unsubscribe link works for 400 days: a digest or an alert may be found in the mailbox months
# later (after a holiday, a leave, a taskforce that paused), and an unsubscribe link that fails then
# drives people to mark the mail as spam; the link can only switch one kind of mail off, so a long life
# costs little, while a link that never expires would stay valid after a mailbox changes hands.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=400)


def unsubscribe_user_id(token: str, preference: str) -> int | None:
    """The user id in a valid token for this kind of mail, or None for a tampered or foreign token.
    Raises signing.SignatureExpired for a genuine token older than UNSUBSCRIBE_MAX_AGE."""
    if preference not in PREFERENCE_FIELDS and preference != NOTIFICATIONS:
        return None
    try:
        data = signing.loads(token, salt=_salt(preference), max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def unsubscribe_url(user: User, preference: str) -> str:
    path = reverse("mail_unsubscribe", args=[preference, unsubscribe_token(user, preference)])
    return settings.SITE_URL.rstrip("/") + path


def site_url(path: str = "/") -> str:
    return settings.SITE_URL.rstrip("/") + path


def tidy_text(text: str) -> str:
    """Template tags leave trailing spaces and runs of blank lines; a text mail reads better without."""
    text = "\n".join(map(str.rstrip, text.strip().splitlines()))  # map: no Python frame per line
    # Plain replacing is several times quicker than a regular expression on a digest's 100 kB.
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


# --- Building a message --------------------------------------------------------------------------


def message_build(*, kind: str, user: User, context: dict) -> EmailMultiAlternatives:
    """Subject, text and HTML from templates/emails/<kind>-*.txt/html, in the person's language."""
    preference = KIND_PREFERENCE[kind]
    unsubscribe = unsubscribe_url(user, preference)
    context = {
        **context,
        "user": user,
        "site_url": site_url(),
        "preferences_url": site_url(reverse("mail_preferences")),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(user.language):
        subject = " ".join(render_to_string(f"emails/{kind}-subject.txt", context).split())
        text = tidy_text(render_to_string(f"emails/{kind}-body.txt", context))
        html = render_to_string(f"emails/{kind}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            # RFC 8058 one-click unsubscribe: mail clients POST to the link without a login.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Flattening a message for the wire -----------------------------------------------------------


_LINE_ENDS = re.compile(r"\r\n|\r|\n")  # email.generator.NLCRE (private, so not in the type stubs)


class _FlatGenerator(BytesGenerator):
    """The standard library's BytesGenerator, but writing a text part's lines in one piece.

    The stock generator writes every line and every line end separately; a digest has thousands of
    lines, which made flattening it about half of sending it. The bytes are the same.
    """

    def _write_lines(self, lines: str) -> None:
        if not lines:
            return
        # Splitting at line ends and joining with the linesep, as the stock one does, is a plain replace without "\r".
        line_end = self._NL  # type: ignore[attr-defined]  # the generator's linesep; private, not in the stubs
        self.write(lines.replace("\n", line_end) if "\r" not in lines else line_end.join(_LINE_ENDS.split(lines)))

    @classmethod
    def _make_boundary(cls, text: bytes | None = None) -> str:
        # The stock check for a clash runs a multi-line regular expression over the whole message (bytes,
        # in a BytesGenerator); a boundary that does not occur in it at all cannot clash, which a plain
        # search tells quicker. Otherwise the stock check draws and checks again.
        boundary = super()._make_boundary()  # type: ignore[misc]  # private, not in the stubs
        if text is None or ("--" + boundary).encode("ascii") not in text:
            return boundary
        return super()._make_boundary(text)  # type: ignore[misc]


def message_bytes(message: Message) -> bytes:
    """A MIME message as Django's SMTP backend hands it over (`as_bytes(linesep="\\r\\n")`), only quicker."""
    out = BytesIO()
    _FlatGenerator(out, mangle_from_=False).flatten(message, linesep="\r\n")
    return out.getvalue()


class FlatSMTPBackend(SMTPBackend):
    """Django's SMTP backend, flattening each message with message_bytes (the runs' Sender uses it)."""

    def _send(self, email_message) -> bool:
        # django.core.mail.backends.smtp.EmailBackend._send (5.2), but for the flattening.
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        assert self.connection is not None  # send_messages() opened it before calling _send()
        try:
            self.connection.sendmail(from_email, recipients, message_bytes(email_message.message()))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True


def run_connection() -> BaseEmailBackend:
    """The configured mail backend; Django's SMTP one as FlatSMTPBackend, with the same settings."""
    connection = get_connection()
    if type(connection) is SMTPBackend:
        return FlatSMTPBackend()
    return connection


# --- One connection for a run ---------------------------------------------------------------------


class Sender:
    """Sends a run's messages over one mail-server connection instead of a new one per message.

    The connection opens at the first message and is reopened after MAILS_PER_CONNECTION messages (other
    backends than SMTP get a new connection per message, as before: the file backend writes a file each). Any
    failure (refused, disconnected, unreachable) closes it and raises to the caller, which records that one
    delivery as failed; the next message opens a fresh connection. Use as a context manager, which closes
    the connection at the end.
    """

    def __init__(self, per_connection: int | None = None):
        self.per_connection = per_connection or MAILS_PER_CONNECTION
        self.connection: BaseEmailBackend | None = None
        self.sent_on_connection = 0

    def send(self, message: EmailMultiAlternatives) -> None:
        if self.connection is not None and self.sent_on_connection >= self.per_connection:
            self.close()
        try:
            if self.connection is None:
                self.connection = run_connection()
                self.connection.open()
                self.sent_on_connection = 0
            message.connection = self.connection
            message.send()
        except SEND_ERRORS:
            self.close()
            raise
        self.sent_on_connection += 1
        if not isinstance(self.connection, SMTPBackend):
            self.close()

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except SEND_ERRORS as exc:  # a connection that already broke has nothing left to close
                log.info("Closing the mail connection failed: %s", exc)

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --- Sending exactly once ------------------------------------------------------------------------


@dataclass
class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"
    ALREADY = "already"  # sent, skipped or being sent by someone else

    status: str
    delivery_id: int


def delivery_for(*, kind: str, period: str, user: User) -> Delivery:
    delivery, _ = Delivery.objects.get_or_create(kind=kind, period=period, user=user)
    return delivery


def deliveries_for(*, kind: str, period: str, people: list[User]) -> dict[int, Delivery]:
    """The delivery rows of a run, created where missing, in two queries whatever the number of people."""
    Delivery.objects.bulk_create(
        [Delivery(kind=kind, period=period, user=person) for person in people], ignore_conflicts=True
    )
    rows = Delivery.objects.filter(kind=kind, period=period, user__in=[person.pk for person in people])
    return {delivery.user_id: delivery for delivery in rows}


def delivery_claim(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """True for the one run that may send this delivery now."""
    now = now or timezone.now()
    claimable = Q(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=now - claim_timeout()
    )
    return (
        Delivery.objects.filter(claimable, pk=delivery_id).update(status=Delivery.Status.SENDING, claimed_at=now) == 1
    )


def delivery_message_id(delivery: Delivery) -> str:
    """The same Message-ID for every attempt at one delivery.

    The one window exactly-once cannot close is a worker that dies after the mail server accepted a
    mail but before the row says so: the claim expires and the mail goes again. Carrying the same
    Message-ID, that second copy is recognisably the same message, which mail systems that
    de-duplicate on it (and people) can drop.
    """
    host = urlsplit(settings.SITE_URL).hostname or "taskforce.invalid"
    return f"<delivery-{delivery.pk}.{delivery.kind}@{host}>"


def delivery_send(
    *,
    delivery: Delivery,
    build: Callable[[], EmailMultiAlternatives | None],
    sender: Sender | None = None,
) -> Outcome:
    """Claims the delivery, builds and sends its message, records the result.

    `build` returns None when there is nothing to tell: the delivery is then recorded as skipped.
    Raises SendFailed (after recording the failure) when the mail server does not accept it. A run
    passes its `sender` to share one connection; on its own the message opens its own.
    """
    claimed_at = timezone.now()
    if not delivery_claim(delivery_id=delivery.pk, now=claimed_at):
        return Outcome(Outcome.ALREADY, delivery.pk)
    # Every write below is for this claim only: a sender so slow that its claim expired and someone
    # else took the row must not mark the other's send failed (it would go a third time) or sent.
    rows = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=claimed_at)
    message = build()
    if message is None:
        rows.update(status=Delivery.Status.SKIPPED, last_error="")
        return Outcome(Outcome.SKIPPED, delivery.pk)
    message.extra_headers["Message-ID"] = delivery_message_id(delivery)
    try:
        if sender is None:
            message.send()
        else:
            sender.send(message)
    except SEND_ERRORS as exc:
        error = f"{type(exc).__name__}: {exc}"
        rows.update(
            status=Delivery.Status.FAILED,
            attempts=F("attempts") + 1,
            last_error=error[:2000],
            subject=message.subject[:300],
        )
        log.warning("Mail %s %s to user %s failed: %s", delivery.kind, delivery.period, delivery.user_id, error)
        raise SendFailed(error) from exc
    sent_at = timezone.now()
    record_sent(
        lambda: rows.update(
            status=Delivery.Status.SENT,
            attempts=F("attempts") + 1,
            last_error="",
            subject=message.subject[:300],
            sent_at=sent_at,
        )
    )
    return Outcome(Outcome.SENT, delivery.pk)


def record_sent(update: Callable[[], object], *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Runs `update` (the write saying a mail went out), retrying on a fresh connection while the
    database is away, for MAIL_RECORD_RETRY_SECONDS: the mail already left, so giving up early would
    let the claim expire and the mail go a second time."""
    give_up = time.monotonic() + settings.MAIL_RECORD_RETRY_SECONDS
    pause = 0.5
    while True:
        try:
            update()
            return
        except DATABASE_ERRORS as exc:
            if time.monotonic() + pause > give_up or connection.in_atomic_block:
                raise
            log.warning("Recording a sent mail failed (%s); retrying in %.1f s", exc, pause)
            connection.close()  # the next query opens a new connection
            sleep(pause)
            pause = min(pause * 2, 10)


def retry_enqueue(*, delivery_id: int, today: dt.date, countdown: int) -> bool:
    """Puts the retrying Celery task on the queue; False (and logged) when the broker is unreachable.

    The delivery then stays failed, nothing is lost: the next run of its job, or the admin's
    "retry now", takes it up again.
    """
    try:
        deliver_task.apply_async(args=[delivery_id, today.isoformat()], countdown=countdown)
    except BrokerError as exc:
        log.error("Could not schedule a retry of delivery %s, the task queue is unreachable: %s", delivery_id, exc)
        return False
    return True


def retry_later(*, delivery_id: int, today: dt.date, countdown: int | None = None) -> None:
    """Hands a delivery to the retrying Celery task once the current transaction committed."""
    countdown = settings.MAIL_RETRY_BASE_SECONDS if countdown is None else countdown
    transaction.on_commit(lambda: retry_enqueue(delivery_id=delivery_id, today=today, countdown=countdown))


def send_one(
    *,
    delivery: Delivery,
    build: Callable[[], EmailMultiAlternatives | None],
    today: dt.date,
    sender: Sender | None = None,
) -> str:
    """delivery_send for a run: a refusal goes to the retrying task, and so does a claim held by
    someone else, checked once that claim may have expired (a worker that died mid-send leaves one)."""
    try:
        outcome = delivery_send(delivery=delivery, build=build, sender=sender)
    except SendFailed:
        retry_later(delivery_id=delivery.pk, today=today)
        return "failed"
    if outcome.status == Outcome.ALREADY and delivery.status == Delivery.Status.SENDING:
        retry_later(delivery_id=delivery.pk, today=today, countdown=int(claim_timeout().total_seconds()) + 60)
    return outcome.status


def retry_countdown(retries: int) -> int:
    """Seconds before retry number `retries + 1`: base, 2x base, 4x base, ... capped at 6 hours."""
    return min(settings.MAIL_RETRY_BASE_SECONDS * 2 ** (retries + 1), 6 * 3600)


def recipients(preference: str):
    """Active people with an address who did not switch this kind of mail off."""
    return User.objects.filter(is_active=True, **{PREFERENCE_FIELDS[preference]: True}).exclude(email="")


def delivery_wanted(delivery: Delivery) -> bool:
    """Whether the person still has an address, an active account and this kind of mail switched on."""
    user = delivery.user
    preference = KIND_PREFERENCE[delivery.kind]
    if preference == NOTIFICATIONS:  # the kind's own choice was read when the mail was queued
        return user.is_active and bool(user.email) and not notifications_unsubscribed(user)
    return user.is_active and bool(user.email) and getattr(user, PREFERENCE_FIELDS[preference])


NOTIFICATION_KINDS = ["assigned", "mentioned", "status_changed", "update_returned"]


def notifications_unsubscribed(user: User) -> bool:
    """Every kind of notification set to "not by mail" (what the unsubscribe link does)."""
    return NotificationSettings.objects.filter(
        user=user, **{kind: MailChoice.OFF for kind in NOTIFICATION_KINDS}
    ).exists()


def notifications_unsubscribe(user: User) -> None:
    NotificationSettings.objects.update_or_create(
        user=user, defaults={kind: MailChoice.OFF for kind in NOTIFICATION_KINDS}
    )


def delivery_retry(*, delivery_id: int, build: Callable[[Delivery], EmailMultiAlternatives | None]) -> str:
    """Sends one delivery again with `build(delivery)`; raises SendFailed while the server refuses."""
    delivery = Delivery.objects.select_related("user").filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    if not delivery_wanted(delivery):
        Delivery.objects.filter(pk=delivery.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]).update(
            status=Delivery.Status.SKIPPED
        )
        return "skipped"
    return delivery_send(delivery=delivery, build=lambda: build(delivery)).status
