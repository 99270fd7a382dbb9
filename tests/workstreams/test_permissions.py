"""Every role against every page and form of the members' part: the expected status code.

The rules live in taskforce/permissions.py; this table is what they mean for the pages.
"""

import re

import pytest
from django.urls import reverse

from taskforce.models import User
from workstreams.models import Action, Membership

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "secretariat", "taskforce", "trekker", "member", "other_member", "viewer"]
READ = {"anonymous": 302, **{role: 200 for role in ROLES[1:]}}
# Actions of Verbinden: everybody but a member of another workstream and the ministry viewer.
EDIT_ACTIONS = {"anonymous": 302, "other_member": 403, "viewer": 403}
# Members of Verbinden: only its trekker and the secretariat.
MANAGE = {"anonymous": 302, "taskforce": 403, "member": 403, "other_member": 403, "viewer": 403}


def _expect(table: dict, ok: int) -> dict:
    return {role: table.get(role, ok) for role in ROLES}


def _action() -> Action:
    return Action.objects.filter(workstream__slug="verbinden").order_by("position").first()


def _membership() -> Membership:
    return Membership.objects.get(workstream__slug="verbinden", user__username="lid")


def _action_form() -> dict:
    action = _action()
    return {"title": "Nieuwe titel", "status": "in_progress", "due_date": "2026-12-01", "version": action.version}


def _new_person() -> dict:
    person = User.objects.create_user("nieuw", password="pw", role="member")
    return {"user": person.pk, "role": "member"}


CASES = {
    # name: (method, url, data, expected per role)
    "my_work": ("get", lambda: reverse("my_work"), None, _expect(READ, 200)),
    "workstream_list": ("get", lambda: reverse("workstreams:list"), None, _expect(READ, 200)),
    "workstream_detail": ("get", lambda: reverse("workstreams:detail", args=["verbinden"]), None, _expect(READ, 200)),
    "workstream_filtered": (
        "get",
        lambda: reverse("workstreams:detail", args=["verbinden"]) + "?status=bogus&due=week&sort=title&owner=x",
        None,
        _expect(READ, 200),
    ),
    "action_detail": ("get", lambda: _action().get_absolute_url(), None, _expect(READ, 200)),
    "search": ("get", lambda: reverse("search:search") + "?q=vaccin", None, _expect(READ, 200)),
    "password_change": ("get", lambda: reverse("password_change"), None, _expect(READ, 200)),
    "action_create_form": (
        "get",
        lambda: reverse("workstreams:action_create", args=["verbinden"]),
        None,
        _expect(EDIT_ACTIONS, 200),
    ),
    "action_create": (
        "post",
        lambda: reverse("workstreams:action_create", args=["verbinden"]),
        _action_form,
        _expect(EDIT_ACTIONS, 302),
    ),
    "action_edit_form": (
        "get",
        lambda: reverse("workstreams:action_edit", args=[_action().pk]),
        None,
        _expect(EDIT_ACTIONS, 200),
    ),
    "action_edit": (
        "post",
        lambda: reverse("workstreams:action_edit", args=[_action().pk]),
        _action_form,
        _expect(EDIT_ACTIONS, 302),
    ),
    "action_status": (
        "post",
        lambda: reverse("workstreams:action_status", args=[_action().pk]),
        lambda: {"status": "blocked", "version": _action().version},
        _expect(EDIT_ACTIONS, 302),
    ),
    "action_note": (
        "post",
        lambda: reverse("workstreams:action_note", args=[_action().pk]),
        lambda: {"text": "Voortgang"},
        _expect(EDIT_ACTIONS, 302),
    ),
    "action_check_in": (
        "post",
        lambda: reverse("workstreams:action_check_in", args=[_action().pk]),
        dict,
        _expect(EDIT_ACTIONS, 302),
    ),
    "member_add": (
        "post",
        lambda: reverse("workstreams:member_add", args=["verbinden"]),
        _new_person,
        _expect(MANAGE, 302),
    ),
    "member_role": (
        "post",
        lambda: reverse("workstreams:member_role", args=["verbinden", _membership().pk]),
        lambda: {"role": "member"},
        _expect(MANAGE, 302),
    ),
    "member_remove": (
        "post",
        lambda: reverse("workstreams:member_remove", args=["verbinden", _membership().pk]),
        lambda: {"confirm": "1"},
        _expect(MANAGE, 302),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES)
def test_role_gets_the_expected_status_code(client, roles, case, role):
    method, url, data, expected = CASES[case]
    if role != "anonymous":
        client.force_login(roles[role])
    target = url()
    response = client.post(target, data()) if method == "post" else client.get(target)
    assert response.status_code == expected[role], f"{case} as {role}"
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name,args",
    [
        ("workstreams:action_status", "action"),
        ("workstreams:action_note", "action"),
        ("workstreams:action_check_in", "action"),
        ("workstreams:member_add", "slug"),
    ],
)
def test_post_only_endpoints_refuse_a_get(client, roles, name, args):
    client.force_login(roles["secretariat"])
    url = reverse(name, args=[_action().pk if args == "action" else "verbinden"])
    assert client.get(url).status_code == 405


def test_refused_posts_change_nothing(client, roles):
    action = _action()
    for role in ("viewer", "other_member"):
        client.force_login(roles[role])
        client.post(
            reverse("workstreams:action_status", args=[action.pk]), {"status": "done", "result": "x", "version": 1}
        )
        client.post(reverse("workstreams:action_note", args=[action.pk]), {"text": "x"})
        client.post(reverse("workstreams:member_remove", args=["verbinden", _membership().pk]))
    action.refresh_from_db()
    assert action.status == "not_started" and not action.notes.exists()
    assert Membership.objects.filter(pk=_membership().pk).exists()


def test_a_membership_of_another_workstream_is_not_found_for_a_trekker(client, roles):
    client.force_login(roles["trekker"])
    other = Membership.objects.get(workstream__slug="voorkomen", user__username="anderlid")
    url = reverse("workstreams:member_remove", args=["verbinden", other.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_viewer_sees_no_edit_controls(client, roles):
    client.force_login(roles["viewer"])
    action_page = client.get(_action().get_absolute_url()).content.decode()
    workstream_page = client.get(reverse("workstreams:detail", args=["verbinden"])).content.decode()
    for html in (action_page, workstream_page):
        main = html.split("<footer")[0].split("</header>")[1]
        # Following is not editing: a viewer may follow an action or a workstream, and nothing else.
        forms = re.findall(r'<form method="post" action="([^"]+)"', main)
        assert all(url.startswith("/notifications/follow/") for url in forms), forms
        assert main.count('method="post"') == len(forms)
    assert "Actie bewerken" not in action_page and "Nieuwe actie" not in workstream_page
