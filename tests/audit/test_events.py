"""Each event the BIO asks to log leaves exactly one entry of its kind, with who, what, when, from where."""

from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from api.models import Token
from audit.models import Entry, Kind
from dashboards.models import ProgressReport
from imports.models import ActionImport
from taskforce.models import User
from tests.factories import make_action, make_user, upload
from tests.imports.conftest import column, eager, exported, row_of, saved  # noqa: F401 (eager: a fixture)
from workstreams.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]

BROWSER = "Mozilla/5.0 (audit test)"


def only(kind: str, after: int = 0) -> Entry:
    """The one entry of this kind (after entry number `after`: the fixtures' own are left out)."""
    entries = list(Entry.objects.filter(kind=kind, seq__gt=after))
    assert len(entries) == 1, f"{len(entries)} entries of kind {kind}: {entries}"
    return entries[0]


def browser(**extra) -> Client:
    return Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.10", **extra)


class _FormFields(HTMLParser):
    """The values a browser would send for the page's form (inputs, checked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html: str) -> dict:
    parser = _FormFields()
    parser.feed(html[html.index('id="user_form"') :])
    return {name: values if len(values) != 1 else values[0] for name, values in parser.data.items() if name != "q"}


def log_in(client: Client, username: str, password: str = "pw"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_logging_in_through_the_login_page_records_who_from_where(member):
    client = browser()
    assert log_in(client, "lid").status_code == 302
    entry = only(Kind.LOGIN)
    assert (entry.user_id, entry.username, entry.ip, entry.user_agent) == (member.pk, "lid", "192.0.2.10", BROWSER)
    assert (entry.method, entry.path) == ("POST", reverse("login"))
    assert (entry.object_type, entry.object_id) == ("taskforce.user", str(member.pk))


def test_the_client_address_behind_a_trusted_proxy_is_the_forwarded_one(member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    log_in(browser(HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9"), "lid")
    assert only(Kind.LOGIN).ip == "203.0.113.9"


def test_a_failed_login_records_the_name_that_was_tried_and_no_person(member):
    client = browser()
    assert log_in(client, "lid", "wrong").status_code == 200
    entry = only(Kind.LOGIN_FAILED)
    assert (entry.user_id, entry.username, entry.ip) == (None, "lid", "192.0.2.10")
    assert not Entry.objects.filter(kind=Kind.LOGIN).exists()


def test_too_many_failed_logins_record_one_lock_out(member, settings):
    settings.AXES_ENABLED = True
    client = browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "lid", "wrong")
    entry = only(Kind.LOCKED_OUT)
    assert (entry.username, entry.ip) == ("lid", "192.0.2.10")
    assert Entry.objects.filter(kind=Kind.LOGIN_FAILED).count() == settings.AXES_FAILURE_LIMIT


def test_logging_out_is_recorded(member):
    client = browser()
    log_in(client, "lid")
    client.post(reverse("logout"))
    entry = only(Kind.LOGOUT)
    assert (entry.user_id, entry.username) == (member.pk, "lid")


def test_changing_ones_password_is_recorded_without_the_password(member):
    client = browser()
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": "Een-nieuw-wachtwoord-7", "new_password2": "Een-nieuw-wachtwoord-7"},
    )
    assert response.status_code == 302
    entry = only(Kind.PASSWORD_CHANGED)
    assert (entry.user_id, entry.object_id) == (member.pk, str(member.pk))
    assert "Een-nieuw" not in "".join(str(v) for v in entry.content().values())


def test_resetting_a_password_through_the_mailed_link_is_recorded(member):
    client = browser()
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    new = {"new_password1": "Een-nieuw-wachtwoord-7", "new_password2": "Een-nieuw-wachtwoord-7"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302
    entry = only(Kind.PASSWORD_RESET)
    assert (entry.object_type, entry.object_id, entry.user_id) == ("taskforce.user", str(member.pk), None)
    assert not Entry.objects.filter(kind=Kind.PASSWORD_CHANGED).exists()


def test_making_and_revoking_an_api_token_are_recorded(member):
    client = browser()
    client.force_login(member)
    client.post(reverse("api_tokens"), {"name": "Rapportagescript"})
    token = Token.objects.get()
    created = only(Kind.TOKEN_CREATED)
    assert (created.user_id, created.object_type, created.object_id) == (member.pk, "api.token", str(token.pk))
    assert created.object_repr.startswith("Rapportagescript (")
    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert only(Kind.TOKEN_REVOKED).object_id == str(token.pk)


def test_a_role_changed_in_the_admin_records_the_change_and_the_admin_action(member):
    admin = User.objects.create_superuser("beheerder", "beheer@example.org", "pw")
    client = browser()
    client.force_login(admin)
    url = reverse("admin:taskforce_user_change", args=[member.pk])
    data = form_data(client.get(url).content.decode())
    data["role"] = "secretariat"
    response = client.post(url, data)
    assert response.status_code == 302
    role = only(Kind.ROLE_CHANGED)
    assert (role.user_id, role.object_id, role.text) == (admin.pk, str(member.pk), "role: member → secretariat")
    admin_action = only(Kind.ADMIN_ACTION)
    log = LogEntry.objects.get()
    assert (admin_action.user_id, admin_action.object_type, admin_action.object_id) == (
        admin.pk,
        "taskforce.user",
        str(member.pk),
    )
    assert admin_action.text == f"changed: {log.get_change_message()}"


def test_adding_a_member_and_naming_a_new_trekker_are_recorded(client, secretariat, trekker, verbinden):
    newcomer = make_user("nieuw", "member")
    client.force_login(secretariat)
    before = Entry.objects.latest("seq").seq
    client.post(reverse("workstreams:member_add", args=["verbinden"]), {"user": newcomer.pk, "role": "member"})
    added = only(Kind.MEMBERSHIP_CHANGED, after=before)
    membership = Membership.objects.get(user=newcomer)
    assert (added.user_id, added.object_type, added.object_id) == (
        secretariat.pk,
        "workstreams.membership",
        str(membership.pk),
    )
    assert added.text == "Verbinden: + Nieuw (member)"

    client.post(
        reverse("workstreams:member_role", args=["verbinden", membership.pk]), {"role": "trekker", "confirm": "1"}
    )
    texts = set(Entry.objects.filter(kind=Kind.MEMBERSHIP_CHANGED, seq__gt=added.seq).values_list("text", flat=True))
    assert texts == {"Verbinden: Nieuw member → trekker", "Verbinden: Trekker trekker → member"}


def test_a_refused_page_is_recorded_as_a_permission_refusal(client, member):
    client.force_login(member)
    assert client.get(reverse("updates:settings")).status_code == 403
    entry = only(Kind.PERMISSION_DENIED)
    assert (entry.user_id, entry.text) == (member.pk, f"GET {reverse('updates:settings')} 403")


def test_an_api_write_with_a_token_is_recorded_with_the_object(member, verbinden):
    action = make_action(verbinden, "Via de API")
    _token, key = Token.issue(user=member, name="script")
    api = APIClient(HTTP_USER_AGENT="script/1.0")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.patch(f"/api/actions/{action.pk}/", {"title": "Via de API, hernoemd", "version": 1}, format="json")
    assert response.status_code == 200
    entry = only(Kind.API_WRITE)
    assert (entry.user_id, entry.method, entry.user_agent) == (member.pk, "PATCH", "script/1.0")
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "workstreams.action",
        str(action.pk),
        str(action.__class__.objects.get(pk=action.pk)),
    )
    assert entry.text == f"PATCH /api/actions/{action.pk}/ 200"


def test_an_api_write_the_rules_refuse_is_recorded_once_as_a_refusal(viewer, verbinden):
    _token, key = Token.issue(user=viewer, name="script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.post("/api/actions/", {"title": "Mag niet", "workstream": verbinden.pk}, format="json")
    assert response.status_code == 403
    assert only(Kind.PERMISSION_DENIED).user_id == viewer.pk
    assert not Entry.objects.filter(kind=Kind.API_WRITE).exists()


def test_an_export_and_a_frozen_report_download_are_recorded(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("dashboard_export", args=["actions", "csv"])).status_code == 200
    export = only(Kind.EXPORT)
    assert (export.user_id, export.path) == (viewer.pk, "/dashboard/export/actions.csv")
    report = ProgressReport.objects.create(token="rapport-1", week=4, html="<p>r</p>", pdf=b"%PDF-1.4")
    assert client.get(reverse("report_frozen_pdf", args=[report.token])).status_code == 200
    assert Entry.objects.filter(kind=Kind.EXPORT).latest("seq").path == f"/reports/{report.token}.pdf"


@pytest.mark.usefixtures("eager")
def test_uploading_and_applying_an_import_are_recorded(client, member, verbinden, django_capture_on_commit_callbacks):
    action = make_action(verbinden, "Uit de import", status="not_started")
    client.force_login(member)
    workbook, sheet = exported(client)
    sheet.cell(row_of(sheet, action.pk), column(sheet, "Status"), "Bezig")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:new"), {"file": upload("acties.xlsx", saved(workbook), xlsx)})
    action_import = ActionImport.objects.get()
    uploaded = only(Kind.IMPORT_UPLOADED)
    assert (uploaded.user_id, uploaded.object_id, uploaded.text) == (member.pk, str(action_import.pk), "acties.xlsx")

    client.post(reverse("imports:confirm", args=[action_import.pk]))
    applied = only(Kind.IMPORT_APPLIED)
    assert (applied.user_id, applied.object_type, applied.object_id) == (
        member.pk,
        "imports.actionimport",
        str(action_import.pk),
    )
    client.post(reverse("imports:confirm", args=[action_import.pk]))  # refused: already applied
    assert Entry.objects.filter(kind=Kind.IMPORT_APPLIED).count() == 1
