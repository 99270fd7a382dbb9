"""Who may see and change what on the KPI pages: every role × every page and form."""

import pytest
from django.utils import timezone

from kpis.models import Measurement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

ROLES = ["anonymous", "secretariat", "taskforce", "trekker", "member", "other_member", "viewer"]
EVERYONE = dict.fromkeys(ROLES[1:], 200) | {"anonymous": 302}
# KPIs and measurements belong to the workstream's trekker (and the secretariat).
MANAGERS = {
    "anonymous": 302,
    "secretariat": 200,
    "taskforce": 403,
    "trekker": 200,
    "member": 403,
    "other_member": 403,
    "viewer": 403,
}
MANAGERS_POST = {role: 302 if code == 200 else code for role, code in MANAGERS.items()}

CASES = [
    ("get", "/kpis/", EVERYONE),
    ("get", "/kpis/{pk}/", EVERYONE),
    ("get", "/kpis/{pk}/edit/", MANAGERS),
    ("post", "/kpis/{pk}/edit/", MANAGERS_POST),
    ("post", "/kpis/{pk}/measurements/", MANAGERS_POST),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,url,expected", CASES, ids=[f"{m} {u}" for m, u, _ in CASES])
def test_kpi_pages_answer_each_role_as_the_rules_say(client, roles, kpi, role, method, url, expected):
    if role != "anonymous":
        client.force_login(roles[role])
    url = url.format(pk=kpi.pk)
    if url.endswith("/measurements/"):
        data = {"date": timezone.localdate().isoformat(), "value": "2", "note": ""}
    else:
        data = {"definition": "Aantal", "unit": "stuks", "kind": "count", "target": "10", "direction": "up"}
    before = Measurement.objects.count()
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected[role]
    if method == "post" and url.endswith("/measurements/"):
        assert Measurement.objects.count() == before + (expected[role] == 302 and role != "anonymous")


def test_trekker_of_another_workstream_cannot_record_a_value(client, kpi, taskforce):
    from tests.factories import make_user

    other_trekker = make_user("trekker2", "taskforce", "RIVM", "voorkomen", "trekker")
    client.force_login(other_trekker)
    response = client.post(f"/kpis/{kpi.pk}/measurements/", {"date": "2026-11-03", "value": "1"})
    assert response.status_code == 403


def test_viewer_sees_no_record_form_or_edit_link(client, viewer, kpi):
    client.force_login(viewer)
    html = client.get(f"/kpis/{kpi.pk}/").content.decode()
    assert "Meting vastleggen" not in html
    assert f"/kpis/{kpi.pk}/edit/" not in html


def test_unknown_kpi_is_not_found(client, trekker):
    client.force_login(trekker)
    assert client.get("/kpis/999999/").status_code == 404
    assert client.post("/kpis/999999/measurements/", {"date": "2026-11-03", "value": "1"}).status_code == 404
