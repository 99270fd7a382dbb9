"""Every URL of the app, opened with GET by every role, answers what ONE permission table says.

The table lists each URL name with the expected status per role, in the order of ROLES. A URL added to
the URL conf without a row here fails the walk: no page is forgotten in the permission table.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from attachments.models import Attachment
from attachments.services import attachment_add
from calendars.models import CalendarFeed
from dashboards.models import ProgressReport
from imports.models import ActionImport
from kpis.models import KPI, Measurement
from mailings import mail
from meetings.models import Meeting
from recommendations.models import Recommendation
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from taskforce.models import User
from tests.factories import make_budget_line, make_commitment, make_publication, make_report, upload
from updates.models import WorkstreamUpdate
from workstreams.models import Action, Membership, Workstream

REGISTER_SLUGS = ("collaborations", "shortages", "supporters", "deliverables")
ROLES = ("anonymous", "secretariat", "taskforce", "trekker", "member", "other_member", "viewer")

LOGIN = "login"  # 302 to /accounts/login/?next=<the page>
ADMIN_LOGIN = "admin-login"  # the admin keeps its own login page
OK, REDIRECT, FORBIDDEN, POST_ONLY, BAD = 200, 302, 403, 405, 400
UNAUTHORIZED, NOT_FOUND = 401, 404  # the API answers 401 without credentials instead of sending to the login

EVERYONE = (OK,) * 7
READERS = (LOGIN,) + (OK,) * 6  # every logged-in person reads
POST = (LOGIN,) + (POST_ONLY,) * 6  # a POST-only URL: GET is refused before any permission check
# Verbinden's actions and registers: secretariat, taskforce members, its trekker and its members.
ACTION_EDITORS = (LOGIN, OK, OK, OK, OK, FORBIDDEN, FORBIDDEN)
# Verbinden's KPIs and meetings: secretariat and its trekker.
MANAGERS = (LOGIN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# Taskforce meetings: secretariat and taskforce members (the trekker is one).
TASKFORCE = (LOGIN, OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)
# Inside the taskforce: everyone logged in but the ministry viewers (drafts and returned updates).
INSIDE = (LOGIN, OK, OK, OK, OK, OK, FORBIDDEN)
# The API's reads (its writes, method by method: tests/api/test_api_access.py).
API_READERS = (UNAUTHORIZED,) + (OK,) * 6
API_ENDPOINTS = [
    *(
        f"api:{basename}-{kind}"
        for basename in ("recommendation", "workstream", "membership", "action", "kpi", "measurement", "meeting")
        for kind in ("list", "detail")
    ),
    "api:action-history",
    "api:action-notes",
    "api:update-list",
    *(f"api:{register}-{kind}" for register in REGISTER_SLUGS for kind in ("list", "detail")),
    "api:dashboard",
    "api:schema",
]

#                                       anonymous  secr.  taskf. trekker member other  viewer
EXPECTED: dict[str, tuple] = {
    # Accounts and site
    "home": (LOGIN,) + (REDIRECT,) * 6,  # to Mijn werk, or the dashboard for viewers
    "healthz": EVERYONE,
    "login": (OK,) + (REDIRECT,) * 6,  # a logged-in person is sent on
    "logout": POST,
    # Single sign-on: deliberately public (the way in); off by default, so absent (tests/sso: switched on).
    "oidc_authentication_init": (NOT_FOUND,) * 7,
    "oidc_authentication_callback": (NOT_FOUND,) * 7,
    "password_change": READERS,
    "password_change_done": READERS,
    "password_reset": EVERYONE,
    "password_reset_done": EVERYONE,
    "password_reset_confirm": EVERYONE,  # a bad link says so
    "password_reset_complete": EVERYONE,
    "mail_preferences": READERS,
    "digest_preview": READERS,
    "digest_preview_html": READERS,
    "mail_unsubscribe": EVERYONE,  # the signed token authorises, no login
    "calendars:settings": READERS,
    "calendars:reset": POST,
    "calendars:personal_feed": EVERYONE,  # public with the secret token: calendar programs cannot log in
    "calendars:workstream_feed": EVERYONE,  # the same token
    "set_language": (POST_ONLY,) * 7,
    "admin:index": (ADMIN_LOGIN, OK, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN),
    # Mijn werk, workstreams, actions
    "my_work": READERS,
    "search:search": READERS,
    "workstreams:list": READERS,
    "workstreams:detail": READERS,
    "workstreams:members": READERS,
    "workstreams:action": READERS,
    "workstreams:action_create": ACTION_EDITORS,
    "workstreams:action_edit": ACTION_EDITORS,
    "workstreams:action_status": POST,
    "workstreams:action_note": POST,
    "workstreams:action_check_in": POST,
    "workstreams:member_add": POST,
    "workstreams:member_role": POST,
    "workstreams:member_remove": POST,
    # Recommendations
    "recommendations:list": READERS,
    "recommendations:detail": READERS,
    "recommendations:signal": POST,
    # KPIs
    "kpis:list": READERS,
    "kpis:detail": READERS,
    "kpis:record": POST,
    "kpis:edit": MANAGERS,
    "kpis:measurement_edit": MANAGERS,  # who records a measurement corrects it
    "kpis:measurement_delete": MANAGERS,  # GET is the confirmation page
    # Meetings
    "meetings:list": READERS,
    "meetings:detail": READERS,
    "meetings:create": TASKFORCE,
    "meetings:create_for_workstream": MANAGERS,
    "meetings:edit": MANAGERS,
    "meetings:add_action_item": POST,
    "calendars:meeting_ics": READERS,
    # Dashboards, exports, reports
    "dashboard": READERS,
    "dashboard_workstream": READERS,
    "dashboard_export": READERS,
    "report": READERS,
    "report_pdf": READERS,
    "reports": READERS,
    "report_generate": POST,
    "report_frozen": READERS,
    "report_frozen_pdf": READERS,
    # Publications under the Woo and the accessibility statement: deliberately public (tests/publications)
    "publications:list": EVERYONE,
    "publications:detail": EVERYONE,  # the secret link of a published report
    "publications:pdf": EVERYONE,
    "publications:publish": (LOGIN, OK) + (FORBIDDEN,) * 5,  # the secretariat; GET is the form
    "publications:revoke": (LOGIN, OK) + (FORBIDDEN,) * 5,  # GET is the confirmation page
    "accessibility:statement": EVERYONE,
    # Registers
    "registers:index": READERS,
    "registers:workstream": READERS,
    "registers:list": READERS,
    "registers:export": READERS,
    "registers:kpi_evidence": READERS,
    "registers:new": ACTION_EDITORS,
    "registers:edit": ACTION_EDITORS,
    "registers:delete": ACTION_EDITORS,  # GET is the confirmation page
    "registers:restore": POST,  # the secretariat only (tests/registers/test_delete.py)
    # Weekly updates, recovery plans, trajectories, report comparison
    "updates:list": READERS,
    "updates:edit": MANAGERS,  # Verbinden's trekker and the secretariat (and a delegated member)
    "updates:delegate": POST,
    "updates:detail": INSIDE,  # a submitted update; viewers read approved ones only
    "updates:review": POST,
    "updates:recovery": READERS,
    "updates:recovery_close": POST,  # the taskforce, not the trekker (tests/updates/test_recovery_plans.py)
    "updates:trajectory": READERS,
    "updates:baseline": POST,
    "updates:compare": READERS,
    # The REST API, its documentation and the personal tokens
    **dict.fromkeys(API_ENDPOINTS, API_READERS),
    "api:update-detail": (UNAUTHORIZED,) + (OK,) * 5 + (NOT_FOUND,),  # a submitted update: not for viewers
    "api:update-review": (UNAUTHORIZED,) + (POST_ONLY,) * 6,
    "api:workstream-update-delegate": (UNAUTHORIZED,) + (POST_ONLY,) * 6,
    "api:docs": READERS,
    "api_tokens": READERS,
    "api_token_revoke": POST,
    # Two-factor login: one's own page; the second step sends a verified session (or one not asked) on
    "twofactor:account": READERS,
    "twofactor:setup": READERS,
    "twofactor:verify": (LOGIN,) + (REDIRECT,) * 6,
    "twofactor:backup_codes": POST,
    "twofactor:disable": POST,
    "updates:settings": (LOGIN, OK) + (FORBIDDEN,) * 5,  # the secretariat
    # Notifications: one's own list, following (POST), the @mention picker (not for viewers: they write nothing)
    "notifications:list": READERS,
    "notifications:follow": POST,
    "notifications:people": (LOGIN, OK, OK, OK, OK, OK, FORBIDDEN),
    # Mandate, budget, milestones, delegated work (who may do each POST: tests/taskforce/test_permission_rules.py)
    "mandate:overview": READERS,
    "mandate:edit": POST,
    "mandate:milestone_add": POST,
    "mandate:budget": READERS,  # viewers read the summary, not the internal notes
    "mandate:budget_line_add": POST,
    "mandate:budget_export": READERS,
    "mandate:commitment_request": POST,
    "mandate:commitment": READERS,
    "mandate:commitment_step": POST,
    "mandate:delegation": ACTION_EDITORS,
    # Attachments (of a Verbinden action) and imports of actions (each person their own)
    "attachments:download": (LOGIN, OK, OK, OK, OK, FORBIDDEN, OK),  # the workstream, taskforce, viewers
    "attachments:delete": POST,
    "attachments:upload": ACTION_EDITORS,  # GET is the upload page
    "imports:new": INSIDE,
    "imports:detail": INSIDE,
    "imports:progress": INSIDE,
    "imports:confirm": POST,
    # The audit log and its export: the secretariat only
    "audit:entries": (LOGIN, OK) + (FORBIDDEN,) * 5,
    "audit:export": (LOGIN, OK) + (FORBIDDEN,) * 5,
}

# URLs that take a POST: a form page (GET shows it, POST saves it), Django's admin, and the POST-only
# rows above. Every other URL is read-only and answers a POST with 405 (require_safe on its view).
FORMS = {
    "login",
    "password_change",
    "password_reset",
    "password_reset_confirm",
    "mail_preferences",
    "mail_unsubscribe",
    "admin:index",
    "publications:publish",
    "publications:revoke",
    "workstreams:action_create",
    "workstreams:action_edit",
    "kpis:edit",
    "kpis:measurement_edit",
    "kpis:measurement_delete",
    "meetings:create",
    "meetings:create_for_workstream",
    "meetings:edit",
    "registers:new",
    "registers:edit",
    "registers:delete",
    "updates:edit",
    "updates:recovery",
    "updates:settings",
    "api_tokens",
    "twofactor:setup",
    "twofactor:verify",
    "mandate:delegation",
    "attachments:upload",
    "imports:new",
    # API lists that create on POST (415: it wants JSON), and an action's notes
    "api:action-list",
    "api:action-notes",
    "api:measurement-list",
    "api:membership-list",
    "api:meeting-list",
    "api:update-list",
    "api:collaborations-list",
    "api:shortages-list",
    "api:supporters-list",
    "api:deliverables-list",
}
TAKES_POST = FORMS | {name for name, row in EXPECTED.items() if POST_ONLY in row}


def url_names(patterns=None, namespace: str = "", route: str = "") -> list[tuple[str, str]]:
    """(qualified name, route) of every URL pattern, recursively; the admin's own pages except its index."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_names(pattern.url_patterns, inner, here)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {here}>"
            if here.startswith(("static/", "media/")):
                continue
            if here.startswith("admin/") and name != "admin:index":
                continue  # Django's admin guards its own pages (staff only)
            found.append((name, here))
    return found


def url_arguments(user_id: int) -> dict[str, dict]:
    """Arguments for every URL that needs some: Verbinden's objects (one of each kind, made here if needed)."""
    verbinden = Workstream.objects.get(slug="verbinden")
    action = Action.objects.filter(workstream=verbinden).first()
    membership = Membership.objects.filter(workstream=verbinden).first()
    kpi = KPI.objects.filter(workstream=verbinden).first()
    computed_kpi = next(k for k in KPI.objects.filter(workstream=verbinden) if k.is_computed)
    manual_kpi = KPI.objects.create(workstream=verbinden, name="Met de hand", text="-", target=10)
    measurement = Measurement.objects.create(kpi=manual_kpi, value=3)
    meeting = Meeting.objects.create(
        title="Verbinden weekoverleg", workstream=verbinden, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    record = Collaboration.objects.create(workstream=verbinden, dutch_company="Bedrijf", partner="Fabrikant")
    shortage = Shortage.objects.create(workstream=verbinden, category="raw_material", item="Glas", nature="existing")
    supporter = Supporter.objects.create(workstream=verbinden, party="Partij", sector="private")
    deliverable = Deliverable.objects.create(workstream=verbinden, title="Overzicht")
    report = ProgressReport.objects.create(token="rapport-token-1", week=1, html="<p>rapport</p>", pdf=b"%PDF-1.4")
    person = User.objects.get(pk=user_id)
    publication = make_publication(report, published_by=person)
    update = WorkstreamUpdate.objects.create(
        workstream=verbinden,
        meeting_date=timezone.localdate() - dt.timedelta(days=7),
        state=WorkstreamUpdate.State.SUBMITTED,
        created_by=person,
    )
    register = {"slug": "verbinden", "register": "collaborations"}
    feed = CalendarFeed.for_user(person)
    commitment = make_commitment(make_budget_line(verbinden), person)
    attachment = Attachment.objects.first() or attachment_add(
        target=action,
        user=person,
        upload=upload("a.pdf"),
        name="a.pdf",
        mime_type="application/pdf",
        purpose="document",
    )
    action_import = ActionImport.objects.create(created_by=person, filename="acties.xlsx", state="ready")
    return {
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "mail_unsubscribe": {"preference": "digest", "token": mail.unsubscribe_token(person, "digest")},
        "workstreams:detail": {"slug": "verbinden"},
        "workstreams:members": {"slug": "verbinden"},
        "notifications:follow": {"model": "action", "pk": action.pk},
        "workstreams:action": {"pk": action.pk},
        "workstreams:action_create": {"slug": "verbinden"},
        "workstreams:action_edit": {"pk": action.pk},
        "workstreams:action_status": {"pk": action.pk},
        "workstreams:action_note": {"pk": action.pk},
        "workstreams:action_check_in": {"pk": action.pk},
        "workstreams:member_add": {"slug": "verbinden"},
        "workstreams:member_role": {"slug": "verbinden", "pk": membership.pk},
        "workstreams:member_remove": {"slug": "verbinden", "pk": membership.pk},
        "recommendations:detail": {"number": Recommendation.objects.order_by("number").first().number},
        "recommendations:signal": {"number": 1},
        "kpis:detail": {"pk": kpi.pk},
        "kpis:record": {"pk": kpi.pk},
        "kpis:edit": {"pk": kpi.pk},
        "kpis:measurement_edit": {"pk": manual_kpi.pk, "measurement_pk": measurement.pk},
        "kpis:measurement_delete": {"pk": manual_kpi.pk, "measurement_pk": measurement.pk},
        "meetings:detail": {"pk": meeting.pk},
        "meetings:edit": {"pk": meeting.pk},
        "meetings:create_for_workstream": {"workstream": "verbinden"},
        "meetings:add_action_item": {"pk": meeting.pk},
        "calendars:meeting_ics": {"pk": meeting.pk},
        "calendars:personal_feed": {"token": feed.token},
        "calendars:workstream_feed": {"token": feed.token, "workstream": "verbinden"},
        "dashboard_workstream": {"slug": "verbinden"},
        "dashboard_export": {"what": "actions", "fmt": "csv"},
        "report_frozen": {"token": report.token},
        "report_frozen_pdf": {"token": report.token},
        "publications:detail": {"token": publication.token},
        "publications:pdf": {"token": publication.token},
        "publications:publish": {"report_token": make_report(token="rapport-token-2").token},  # not yet published
        "publications:revoke": {"pk": publication.pk},
        "registers:workstream": {"slug": "verbinden"},
        "registers:list": register,
        "registers:new": register,
        "registers:edit": {**register, "pk": record.pk},
        "registers:delete": {**register, "pk": record.pk},
        "registers:restore": {**register, "pk": record.pk},
        "registers:export": {**register, "fmt": "xlsx"},
        "registers:kpi_evidence": {"pk": computed_kpi.pk},
        "updates:edit": {"slug": "verbinden"},
        "updates:delegate": {"slug": "verbinden"},
        "updates:detail": {"pk": update.pk},
        "updates:review": {"pk": update.pk},
        "updates:recovery": {"slug": "verbinden"},
        "api:recommendation-detail": {"pk": Recommendation.objects.order_by("pk").first().pk},
        "api:workstream-detail": {"pk": verbinden.pk},
        "api:membership-detail": {"pk": membership.pk},
        "api:action-detail": {"pk": action.pk},
        "api:action-history": {"pk": action.pk},
        "api:action-notes": {"pk": action.pk},
        "api:kpi-detail": {"pk": kpi.pk},
        "api:measurement-detail": {"pk": measurement.pk},
        "api:meeting-detail": {"pk": meeting.pk},
        "api:update-detail": {"pk": update.pk},
        "api:update-review": {"pk": update.pk},
        "api:workstream-update-delegate": {"pk": verbinden.pk},
        "api:collaborations-detail": {"pk": record.pk},
        "api:shortages-detail": {"pk": shortage.pk},
        "api:supporters-detail": {"pk": supporter.pk},
        "api:deliverables-detail": {"pk": deliverable.pk},
        "api_token_revoke": {"pk": 1},
        "updates:recovery_close": {"slug": "verbinden"},
        "mandate:budget_export": {"fmt": "xlsx"},
        "mandate:commitment": {"pk": commitment.pk},
        "mandate:commitment_step": {"pk": commitment.pk},
        "mandate:delegation": {"pk": action.pk},
        "attachments:download": {"pk": attachment.pk},
        "attachments:delete": {"pk": attachment.pk},
        "attachments:upload": {"target_type": "workstreams.action", "target_id": action.pk},
        "imports:detail": {"pk": action_import.pk},
        "imports:progress": {"pk": action_import.pk},
        "imports:confirm": {"pk": action_import.pk},
    }


def test_every_url_in_the_url_conf_has_a_row_in_the_permission_table():
    names = {name for name, _ in url_names()}
    assert names - EXPECTED.keys() == set(), "URLs missing from the permission table"
    assert EXPECTED.keys() - names == set(), "rows in the permission table for URLs that no longer exist"


def test_the_table_gives_one_answer_per_role():
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


@pytest.mark.usefixtures("in_week_four")
@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_the_permission_table_says(role, roles, client, secretariat):
    user = roles.get(role)
    arguments = url_arguments((user or secretariat).pk)
    if user is not None:
        client.force_login(user)
    column = ROLES.index(role)

    wrong = []
    seen = set()
    for name, route in url_names():
        if name in seen:
            continue  # "login" is also in django.contrib.auth.urls; reverse() gives the same page
        seen.add(name)
        assert name in EXPECTED, f"{name} ({route}) is missing from the permission table"
        url = reverse(name, kwargs=arguments.get(name, {}))
        expected = EXPECTED[name][column]
        response = client.get(url)
        if expected == LOGIN:
            ok = response.status_code == 302 and response.url.startswith(f"{reverse('login')}?next=")
        elif expected == ADMIN_LOGIN:
            ok = response.status_code == 302 and response.url.startswith(f"{reverse('admin:login')}?next=")
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(
                f"{name} {url}: expected {expected}, got {response.status_code} {response.get('Location', '')}"
            )
    assert wrong == []


@pytest.mark.usefixtures("in_week_four")
@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_every_url_but_the_unsubscribe_link_refuses_a_post_without_a_csrf_token(role, roles, secretariat):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(roles[role])
    arguments = url_arguments(secretariat.pk)

    accepted = []
    for name in dict.fromkeys(name for name, _route in url_names()):
        url = reverse(name, kwargs=arguments.get(name, {}))
        if name.startswith("api:"):  # the API reads JSON only (a form post is refused with 415 before any check)
            response = client.post(url, {"title": "x"}, content_type="application/json")
        else:
            response = client.post(url, {"title": "x"})
        if role == "anonymous" and name.startswith("api:") and response.status_code in (401, 302):
            continue  # without a session there is nothing to forge: the API refuses (401) or sends to the login
        if not (response.status_code == 403 and b"CSRF" in response.content):
            accepted.append(f"{name}: {response.status_code}")
    # Mail clients send the RFC 8058 one-click unsubscribe without a token; the signed link authorises it.
    assert accepted == [f"mail_unsubscribe: {200}"]


@pytest.mark.usefixtures("in_week_four")
def test_every_read_only_url_refuses_a_post(client, roles, secretariat):
    """A page that only shows things must not answer a POST as if it were a GET: a new read-only view
    that forgets require_safe fails here, because every URL not listed as taking a POST is tried."""
    client.force_login(secretariat)
    arguments = url_arguments(secretariat.pk)
    assert TAKES_POST <= EXPECTED.keys()

    answered = []
    for name in dict.fromkeys(name for name, _route in url_names()):
        if name in TAKES_POST:
            continue
        response = client.post(reverse(name, kwargs=arguments.get(name, {})), {"title": "x"})
        if response.status_code != 405:
            answered.append(f"{name}: {response.status_code}")
    assert not answered, "; ".join(answered)
