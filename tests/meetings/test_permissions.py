"""Who may see and change what on the meeting pages: every role × every page and form."""

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import meeting_data
from workstreams.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

ROLES = ["anonymous", "secretariat", "taskforce", "trekker", "member", "other_member", "viewer"]
EVERYONE = dict.fromkeys(ROLES[1:], 200) | {"anonymous": 302}
# Taskforce meetings: the secretariat and taskforce members (trekkers are taskforce members).
TASKFORCE = {
    "anonymous": 302,
    "secretariat": 200,
    "taskforce": 200,
    "trekker": 200,
    "member": 403,
    "other_member": 403,
    "viewer": 403,
}
# Verbinden's meetings: its trekker and the secretariat.
VERBINDEN = TASKFORCE | {"taskforce": 403}


def _post(expected: dict) -> dict:
    return {role: 302 if code == 200 else code for role, code in expected.items()}


CASES = [
    ("get", "/meetings/", None, EVERYONE),
    ("get", "/meetings/?workstream=taskforce", None, EVERYONE),
    ("get", "/meetings/?workstream=verbinden", None, EVERYONE),
    ("get", "/meetings/{tf}/", None, EVERYONE),
    ("get", "/meetings/{ws}/", None, EVERYONE),
    ("get", "/meetings/new/", None, TASKFORCE),
    ("get", "/meetings/new/verbinden/", None, VERBINDEN),
    ("get", "/meetings/{tf}/edit/", None, TASKFORCE),
    ("get", "/meetings/{ws}/edit/", None, VERBINDEN),
    ("post", "/meetings/new/", "meeting", _post(TASKFORCE)),
    ("post", "/meetings/new/verbinden/", "meeting", _post(VERBINDEN)),
    ("post", "/meetings/{tf}/edit/", "meeting", _post(TASKFORCE)),
    ("post", "/meetings/{ws}/edit/", "meeting", _post(VERBINDEN)),
    ("post", "/meetings/{tf}/action-items/", "action", _post(TASKFORCE)),
    ("post", "/meetings/{ws}/action-items/", "action", _post(VERBINDEN)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,url,form,expected", CASES, ids=[f"{m} {u}" for m, u, _f, _e in CASES])
def test_meeting_pages_answer_each_role_as_the_rules_say(
    client, roles, tf_meeting, ws_meeting, verbinden, role, method, url, form, expected
):
    if role != "anonymous":
        client.force_login(roles[role])
    url = url.format(tf=tf_meeting.pk, ws=ws_meeting.pk)
    if form == "meeting":
        data = meeting_data()
    else:
        data = {"title": "Bidbook opstellen", "workstream": verbinden.pk, "due_date": timezone.localdate().isoformat()}
    meetings, actions = Meeting.objects.count(), Action.objects.count()
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected[role]
    changed = method == "post" and expected[role] == 302 and role != "anonymous"
    if url.startswith("/meetings/new/"):
        assert Meeting.objects.count() == meetings + changed
    if url.endswith("/action-items/"):
        assert Action.objects.count() == actions + changed


def test_unknown_workstream_in_a_create_url_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/meetings/new/bestaat-niet/").status_code == 404
    assert client.post("/meetings/new/bestaat-niet/", meeting_data()).status_code == 404
    assert client.get("/meetings/?workstream=bestaat-niet").status_code == 404


def test_unknown_meeting_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/meetings/999999/").status_code == 404
    assert client.post("/meetings/999999/action-items/", {"title": "x"}).status_code == 404


def test_viewer_sees_no_edit_controls_on_a_meeting(client, viewer, ws_meeting):
    client.force_login(viewer)
    html = client.get(f"/meetings/{ws_meeting.pk}/").content.decode()
    assert "Actiepunt toevoegen" not in html
    assert f"/meetings/{ws_meeting.pk}/edit/" not in html
    assert "Nieuwe vergadering" not in client.get("/meetings/").content.decode()
