"""Builders of test data: plain functions that each make one kind of record with sensible defaults.

Every test folder takes its data from here (fixtures that hand such data to tests, and the users per
role, live in tests/conftest.py). The taskforce itself is the seeded one, starting Monday 2 November 2026.
"""

import datetime as dt
import time
import zoneinfo
from decimal import Decimal

import time_machine
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kpis.models import KPI, Measurement
from meetings.models import Meeting
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from taskforce.models import Organisation, User
from twofactor.selectors import SESSION_DEVICE, second_factor_required, totp_device
from workstreams.models import Action, Membership, ProgressNote, Workstream

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """`hour` o'clock on `day`, in the app's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- People ----------------------------------------------------------------------------------------


def make_user(
    username: str, role: str, org: str | None = None, workstream: str | None = None, ws_role: str = "member"
) -> User:
    user = User.objects.create_user(
        username=username,
        password="pw",
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        role=role,
        organisation=Organisation.objects.filter(short_name=org).first() if org else None,
        is_staff=role == "secretariat",
    )
    if workstream:
        Membership.objects.create(workstream=Workstream.objects.get(slug=workstream), user=user, role=ws_role)
    return user


# --- Two-factor login ------------------------------------------------------------------------------


def make_totp_device(user: User) -> TOTPDevice:
    """A confirmed authenticator app for this person, as after set-up."""
    return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)


def totp_code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the person's app shows now (or `steps` periods of 30 s later), computed from the secret."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def backup_code_add(user: User) -> str:
    """One more backup code for this person (their app, if their role requires one, is made first)."""
    if totp_device(user) is None and second_factor_required(user):
        make_totp_device(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Reservecodes", "confirmed": True})
    return device.token_set.create(token=StaticToken.random_token()).token


def session_verify(session: SessionBase, user: User) -> None:
    """Marks a logged-in session as having passed the second step, as django-otp does after a good code.

    Someone whose role requires two-factor login gets an app first if they have none. The session is
    not saved here.
    """
    device = totp_device(user)
    if device is None and second_factor_required(user):
        device = make_totp_device(user)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SESSION_DEVICE] = True


# --- Workstreams, actions, meetings, KPIs ----------------------------------------------------------


def make_action(
    workstream: Workstream,
    title: str,
    owner=None,
    due: dt.date | None = None,
    status: str = "not_started",
    *,
    touched_days_ago: int = 0,
    now: dt.datetime | None = None,
    **extra,
) -> Action:
    """An action last touched `touched_days_ago` days before `now` (default: the clock's now)."""
    return Action.objects.create(
        workstream=workstream,
        title=title,
        owner=owner,
        due_date=due,
        status=status,
        touched_at=(now or timezone.now()) - dt.timedelta(days=touched_days_ago),
        **extra,
    )


def edit_data(action: Action, **changes) -> dict:
    """What the edit form posts for this action, with changes."""
    data = {
        "title": action.title,
        "description": action.description,
        "recommendations": [r.pk for r in action.recommendations.all()],
        "status": action.status,
        "owner": action.owner_id or "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "result": action.result,
        "evidence_url": action.evidence_url,
        "version": action.version,
    }
    data.update(changes)
    return data


def make_meeting(title: str, starts_at: dt.datetime, workstream: Workstream | None = None, **extra) -> Meeting:
    """A meeting of the whole taskforce, or of `workstream`."""
    return Meeting.objects.create(title=title, starts_at=starts_at, workstream=workstream, **extra)


def meeting_data(**extra) -> dict:
    """What the meeting form posts, with changes."""
    return {"title": "Weekoverleg", "starts_at": "2026-11-24T10:00", "location": "Den Haag", **extra}


def make_kpi(workstream: Workstream, **extra) -> KPI:
    """A KPI measured by hand (the seeded ones are computed from registers)."""
    fields = {
        "name": "Bezoekers matchmaking events",
        "text": "Aantal Nederlandse bedrijven dat een matchmaking event bezocht.",
        "unit": "samenwerkingen",
        "kind": KPI.Kind.COUNT,
        "target": 20,
        "position": 9,
        **extra,
    }
    return KPI.objects.create(workstream=workstream, **fields)


# --- Register records ------------------------------------------------------------------------------


def make_collaboration(ws, company="Bedrijf", partner="Fabrikant", stage="started", started_on=None, **extra):
    return Collaboration.objects.create(
        workstream=ws, dutch_company=company, partner=partner, stage=stage, started_on=started_on, **extra
    )


def make_shortage(ws, item="Filters", status="signalled", vaccines=True, medicines=False, **extra):
    extra.setdefault("signalled_on", dt.date(2026, 11, 3))
    return Shortage.objects.create(
        workstream=ws,
        item=item,
        category=extra.pop("category", "component"),
        nature=extra.pop("nature", "existing"),
        status=status,
        affects_vaccines=vaccines,
        affects_medicines=medicines,
        **extra,
    )


def make_supporter(ws, party="Partij", confirmed_on=None, **extra):
    extra.setdefault("sector", "private")
    return Supporter.objects.create(workstream=ws, party=party, confirmed_on=confirmed_on, **extra)


def make_deliverable(ws, title="Overzicht", **extra):
    return Deliverable.objects.create(workstream=ws, title=title, **extra)


# --- A week in the life of the taskforce, for the digest, alert and delivery tests ------------------
#
# "Today" is Monday 23 November 2026 08:00 (week 4); the taskforce meets on Tuesdays, so the digest is
# for the meeting of 24 November and covers 16 to 22 November.

WEEK_TODAY = dt.date(2026, 11, 23)
WEEK_NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=AMS)


def november(day: int, hour: int = 12) -> dt.datetime:
    """`hour` o'clock Amsterdam time on `day` November 2026."""
    return dt.datetime(2026, 11, day, hour, 0, tzinfo=AMS)


def build_week(member, other_member) -> dict:
    """Actions, notes, a KPI value and meetings, each created at the moment it happened."""
    verbinden = Workstream.objects.get(slug="verbinden")
    voorkomen = Workstream.objects.get(slug="voorkomen")
    data = {"verbinden": verbinden, "voorkomen": voorkomen}
    with time_machine.travel(november(5), tick=False):
        data["overdue"] = Action.objects.create(
            workstream=verbinden, title="Rondetafel met vaccinproducenten", owner=member, due_date=dt.date(2026, 11, 20)
        )
        data["due_soon"] = Action.objects.create(
            workstream=verbinden,
            title="Factsheet Nederlandse life sciences",
            owner=member,
            due_date=dt.date(2026, 11, 27),
        )
        data["later"] = Action.objects.create(
            workstream=verbinden, title="Werkbezoek Leiden", owner=member, due_date=dt.date(2026, 12, 18)
        )
        data["changed"] = Action.objects.create(workstream=verbinden, title="Ronde langs de regios")
        data["others"] = Action.objects.create(
            workstream=voorkomen,
            title="Inventarisatie grondstoffen",
            owner=other_member,
            due_date=dt.date(2026, 11, 19),
        )
        data["last_meeting"] = make_meeting(
            "Taskforcevergadering 3",
            november(17, 10),
            decisions="Verbinden nodigt drie producenten uit\nKPI-definities vastgesteld",
        )
        data["next_meeting"] = make_meeting(
            "Taskforcevergadering 4", november(24, 10), location="Den Haag", agenda="Bezoek minister"
        )
    with time_machine.travel(november(8), tick=False):
        # Not touched since: stale (more than 14 days before today) by the time of the digest.
        data["stale"] = Action.objects.create(
            workstream=verbinden, title="Contact met EMA leggen", owner=member, due_date=dt.date(2027, 1, 10)
        )
    # Everything was looked at last week, except the one stale action.
    Action.objects.update(touched_at=november(20))
    Action.objects.filter(pk=data["stale"].pk).update(touched_at=november(1))
    with time_machine.travel(november(16), tick=False):
        data["new"] = Action.objects.create(
            workstream=verbinden,
            title="Brief aan de NFIA",
            owner=member,
            due_date=dt.date(2026, 12, 4),
            meeting=data["last_meeting"],
        )
    with time_machine.travel(november(18), tick=False):
        data["changed"].status = Action.Status.IN_PROGRESS
        data["changed"].save()
    with time_machine.travel(november(19), tick=False):
        ProgressNote.objects.create(
            action=data["overdue"], author=member, text="Gesprek met drie producenten ingepland."
        )
        ProgressNote.objects.create(
            action=data["others"], author=other_member, text="Lijst van kritieke grondstoffen in concept."
        )
        kpi = KPI.objects.filter(workstream=verbinden).order_by("position").first()
        Measurement.objects.create(kpi=kpi, value=Decimal("3"), date=dt.date(2026, 11, 19), recorded_by=member)
        data["kpi"] = kpi
    return data


# --- Weekly updates --------------------------------------------------------------------------------


def make_update(
    workstream: Workstream,
    author,
    meeting_date: dt.date,
    rating: str = "amber",
    *,
    rationale: str = "Loopt, met zorgen over de planning.",
    reviewer=None,
    reviewer_rating: str = "",
    risks: list | None = None,
):
    """A submitted update (approved too when a reviewer is given), through the real services."""
    from updates import services
    from updates.models import UpdateVersion

    update = services.update_save(
        workstream=workstream,
        meeting_date=meeting_date,
        version=None,
        user=author,
        fields={"rating": rating, "rationale": rationale, "path_to_green": "", "risks": risks or []},
        submit=True,
    )
    if reviewer is not None:
        services.update_review(
            version=update.versions.get(),
            user=reviewer,
            decision=UpdateVersion.Decision.APPROVED,
            rating=reviewer_rating,
        )
        update.refresh_from_db()
    return update


# --- Mandate and money -----------------------------------------------------------------------------


def make_mandate(taskforce, status: str = "granted", **extra):
    from mandate.models import Mandate

    defaults = {"scope": "Externe partijen opdracht geven", "granted_by": "Minister van VWS"}
    if status in Mandate.IN_FORCE:
        defaults["granted_on"] = dt.date(2026, 11, 2)
    return Mandate.objects.create(taskforce=taskforce, status=status, **{**defaults, **extra})


def make_budget_line(workstream, amount="10000.00", source: str = "EZK", **extra):
    from mandate.models import BudgetLine

    return BudgetLine.objects.create(
        workstream=workstream,
        name=extra.pop("name", "Verkenning samenwerking"),
        source=Organisation.objects.get(short_name=source),
        instrument=extra.pop("instrument", "assignment"),
        amount=Decimal(amount),
        period_start=dt.date(2026, 11, 2),
        period_end=dt.date(2027, 6, 30),
        **extra,
    )


def make_commitment(line, requested_by, amount="1000.00", party: str = "VNO-NCW", status: str = "requested", **extra):
    from mandate.models import Commitment

    return Commitment.objects.create(
        budget_line=line,
        party=Organisation.objects.get(short_name=party),
        description=extra.pop("description", "Matchmaking bedrijven"),
        amount=Decimal(amount),
        requested_by=requested_by,
        status=status,
        **extra,
    )


# --- Files -----------------------------------------------------------------------------------------

# The smallest file libmagic reads as a PDF, and a Windows program (its "MZ" header).
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def upload(name: str, content: bytes = PDF_BYTES, content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


# --- Frozen reports and their publication under the Woo --------------------------------------------


def make_report(week: int = 4, html: str = "<h2>Voortgang</h2><p>Alles op schema.</p>", **extra):
    """A frozen progress report without rendering one (that takes WeasyPrint seconds)."""
    import secrets

    from dashboards.models import ProgressReport

    return ProgressReport.objects.create(
        token=extra.pop("token", None) or secrets.token_urlsafe(16), week=week, html=html, pdf=PDF_BYTES, **extra
    )


def make_publication(report=None, revoked: bool = False, **extra):
    """A published report (VWS answers for it); revoked=True: its link already withdrawn."""
    from publications.models import Publication

    publication = Publication.objects.create(
        report=report or make_report(),
        title=extra.pop("title", "Voortgangsrapportage Taskforce Vaccins, week 4"),
        category=extra.pop("category", "3.1"),
        document_date=extra.pop("document_date", dt.date(2026, 11, 24)),
        organisation=extra.pop("organisation", None) or Organisation.objects.get(short_name="VWS"),
        **extra,
    )
    if revoked:
        Publication.objects.filter(pk=publication.pk).update(revoked_at=timezone.now())
        publication.refresh_from_db()
    return publication
