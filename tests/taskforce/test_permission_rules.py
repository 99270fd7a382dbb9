"""Who may do what, asked of the rules directly: every role against every rule, in and outside a workstream.

The pages' own permission tests go through views; these ask taskforce.permissions itself, so a rule
that drifts (an `or` for an `and`, a role forgotten) fails here by name.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from taskforce import permissions
from taskforce.models import User, WorkstreamRole
from tests.conftest import make_user
from workstreams.models import Workstream

pytestmark = pytest.mark.django_db

RULES = [
    "can_edit_actions",
    "can_edit_register",
    "can_manage_workstream",
    "can_record_measurement",
    "can_restore_register_record",
    "can_edit_meeting",
    "can_edit_recommendation",
    "can_edit_anything",
    "can_generate_report",
]


@pytest.fixture
def ids(db) -> dict[str, int]:
    """Three bare workstreams: the rules need nothing else, so no seeding (mutation testing runs these often)."""
    for position, slug in enumerate(["verbinden", "voorkomen", "voorbereiden"]):
        Workstream.objects.create(slug=slug, name=slug.capitalize(), goal="-", position=position)
    return dict(Workstream.objects.values_list("slug", "id"))


@pytest.fixture
def people(ids):
    superuser = make_user("super", "member")
    superuser.is_superuser = True
    superuser.save()
    viewer_superuser = make_user("superviewer", "viewer")
    viewer_superuser.is_superuser = True
    viewer_superuser.save()
    inactive = make_user("weg", "secretariat", workstream="verbinden")
    inactive.is_active = False
    inactive.save()
    return {
        "secretariat": make_user("secretariat", "secretariat"),
        "taskforce": make_user("taskforcelid", "taskforce"),
        "trekker": make_user("trekker", "taskforce", workstream="verbinden", ws_role="trekker"),
        "member": make_user("lid", "member", workstream="verbinden"),
        "other_member": make_user("anderlid", "member", workstream="voorkomen"),
        "viewer": make_user("ministerie", "viewer"),
        "superuser": superuser,
        "viewer_superuser": viewer_superuser,
        "inactive": inactive,
        "viewer_in_workstream": make_user("kijker", "viewer", workstream="voorbereiden", ws_role="trekker"),
        "member_trekker": make_user("lidtrekker", "member", workstream="voorkomen", ws_role="trekker"),
        "anonymous": AnonymousUser(),
    }


def answers(user, workstream_id) -> dict[str, bool]:
    """Each rule's answer for this person, for one workstream (and for taskforce meetings)."""
    return {
        "actions": permissions.can_edit_actions(user, workstream_id),
        "register": permissions.can_edit_register(user, workstream_id),
        "manage": permissions.can_manage_workstream(user, workstream_id),
        "measurement": permissions.can_record_measurement(user, workstream_id),
        "restore": permissions.can_restore_register_record(user),
        "meeting": permissions.can_edit_meeting(user, workstream_id),
        "taskforce_meeting": permissions.can_edit_meeting(user, None),
        "recommendation": permissions.can_edit_recommendation(user),
        "anything": permissions.can_edit_anything(user),
        "report": permissions.can_generate_report(user),
    }


ALL = dict.fromkeys(
    [
        "actions",
        "register",
        "manage",
        "measurement",
        "restore",
        "meeting",
        "taskforce_meeting",
        "recommendation",
        "anything",
        "report",
    ],
    True,
)
NOTHING = dict.fromkeys(ALL, False)
TASKFORCE_OUTSIDE_OWN = {**ALL, "manage": False, "measurement": False, "restore": False, "meeting": False}
TASKFORCE_TREKKER = {**ALL, "restore": False}  # a deleted register row is put back by the secretariat only
MEMBER_OWN = {**NOTHING, "actions": True, "register": True, "anything": True}
MEMBER_OTHER = {**NOTHING, "anything": True}
TREKKER_OWN_ONLY = {**MEMBER_OWN, "manage": True, "measurement": True, "meeting": True}


@pytest.mark.parametrize(
    ("person", "workstream", "expected"),
    [
        ("secretariat", "verbinden", ALL),
        ("secretariat", "voorkomen", ALL),
        ("superuser", "verbinden", ALL),
        ("viewer_superuser", "voorkomen", ALL),
        ("taskforce", "verbinden", TASKFORCE_OUTSIDE_OWN),
        ("trekker", "verbinden", TASKFORCE_TREKKER),  # a taskforce member who is trekker of Verbinden
        ("trekker", "voorkomen", TASKFORCE_OUTSIDE_OWN),
        ("member", "verbinden", MEMBER_OWN),
        ("member", "voorkomen", MEMBER_OTHER),
        ("other_member", "verbinden", MEMBER_OTHER),
        ("other_member", "voorkomen", MEMBER_OWN),
        ("member_trekker", "voorkomen", TREKKER_OWN_ONLY),
        ("member_trekker", "verbinden", MEMBER_OTHER),
        ("viewer", "verbinden", NOTHING),
        ("viewer_in_workstream", "voorbereiden", NOTHING),
        ("inactive", "verbinden", NOTHING),
        ("anonymous", "verbinden", NOTHING),
    ],
)
def test_each_person_may_do_exactly_what_their_role_allows(people, ids, person, workstream, expected):
    assert answers(people[person], ids[workstream]) == expected


def test_trekker_is_asked_of_the_one_workstream_only(people, ids):
    assert permissions.is_trekker(people["trekker"], ids["verbinden"]) is True
    assert permissions.is_trekker(people["trekker"], ids["voorkomen"]) is False
    assert permissions.is_trekker(people["member"], ids["verbinden"]) is False
    assert permissions.is_trekker(people["anonymous"], ids["verbinden"]) is False


def test_workstream_roles_are_read_once_per_user_object(people, ids, django_assert_num_queries):
    member = people["member"]
    with django_assert_num_queries(1):
        assert permissions.workstream_roles(member) == {ids["verbinden"]: WorkstreamRole.MEMBER}
        assert permissions.workstream_roles(member) == {ids["verbinden"]: WorkstreamRole.MEMBER}
    with django_assert_num_queries(0):
        assert permissions.workstream_roles(people["anonymous"]) == {}
    assert permissions.workstream_roles(people["trekker"]) == {ids["verbinden"]: WorkstreamRole.TREKKER}


def test_an_unknown_workstream_is_nobody_s_own(people):
    assert answers(people["member"], 0) == MEMBER_OTHER
    assert answers(people["secretariat"], 0) == ALL


def test_only_staff_allowed_to_view_users_see_e_mail_addresses(people):
    from django.contrib.auth.models import Permission

    allowed = make_user("beheerder", "secretariat")
    allowed.user_permissions.add(Permission.objects.get(codename="view_user"))
    not_staff = make_user("kijkrecht", "member")
    not_staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    deactivated = make_user("vertrokken", "secretariat")
    deactivated.user_permissions.add(Permission.objects.get(codename="view_user"))
    deactivated.is_active = False
    deactivated.save()
    seeing = {
        name: permissions.can_see_email(user)
        for name, user in {
            **people,
            "allowed": User.objects.get(pk=allowed.pk),  # a fresh object: permissions are cached per object
            "not_staff": User.objects.get(pk=not_staff.pk),
            "deactivated": User.objects.get(pk=deactivated.pk),
        }.items()
    }
    # The admin shows users to staff only: a superuser who is not staff, or staff without the
    # permission (the secretariat fixture), sees no addresses there, and so none here either.
    assert {name for name, sees in seeing.items() if sees} == {"allowed"}


def money_answers(user, workstream_id) -> dict[str, bool]:
    """The mandate and money rules for this person, for one workstream; "approve_own" is their own request."""
    return {
        "mandate": permissions.can_edit_mandate(user),
        "budget": permissions.can_edit_budget(user),
        "contract": permissions.can_contract_commitment(user),
        "request": permissions.can_request_commitment(user, workstream_id),
        "approve": permissions.can_approve_commitment(user, -1),
        "approve_own": permissions.can_approve_commitment(user, getattr(user, "pk", None)),
        "milestones": permissions.can_edit_milestones(user),
        "notes": permissions.can_read_budget_notes(user),
        "delegate": permissions.can_delegate_action(user, workstream_id),
    }


MONEY_NONE = dict.fromkeys(
    ["mandate", "budget", "contract", "request", "approve", "approve_own", "milestones", "notes", "delegate"], False
)
MONEY_SECRETARIAT = {**dict.fromkeys(MONEY_NONE, True), "approve_own": False}
MONEY_TASKFORCE = {**MONEY_NONE, "request": True, "approve": True, "milestones": True, "notes": True, "delegate": True}
MONEY_MEMBER_OWN = {**MONEY_NONE, "request": True, "notes": True, "delegate": True}
MONEY_MEMBER_OTHER = {**MONEY_NONE, "notes": True}


@pytest.mark.parametrize(
    ("person", "workstream", "expected"),
    [
        ("secretariat", "verbinden", MONEY_SECRETARIAT),
        ("superuser", "voorkomen", MONEY_SECRETARIAT),
        ("taskforce", "verbinden", MONEY_TASKFORCE),
        ("trekker", "voorkomen", MONEY_TASKFORCE),
        ("member", "verbinden", MONEY_MEMBER_OWN),
        ("member", "voorkomen", MONEY_MEMBER_OTHER),
        ("other_member", "verbinden", MONEY_MEMBER_OTHER),
        ("viewer", "verbinden", MONEY_NONE),
        ("viewer_in_workstream", "voorbereiden", MONEY_NONE),
        ("inactive", "verbinden", MONEY_NONE),
        ("anonymous", "verbinden", MONEY_NONE),
    ],
)
def test_who_may_record_the_mandate_request_approve_contract_and_pay(people, ids, person, workstream, expected):
    assert money_answers(people[person], ids[workstream]) == expected
