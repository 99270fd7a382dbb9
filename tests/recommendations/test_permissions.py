"""Who may see and change what on the recommendation pages: every role × every page and form."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_week_four")]  # see tests/conftest.py

ROLES = ["anonymous", "secretariat", "taskforce", "trekker", "member", "other_member", "viewer"]
EVERYONE = dict.fromkeys(ROLES[1:], 200) | {"anonymous": 302}
SIGNAL = {
    "anonymous": 302,
    "secretariat": 302,
    "taskforce": 302,
    "trekker": 302,  # a trekker is a taskforce member
    "member": 403,
    "other_member": 403,
    "viewer": 403,
}
NOBODY = dict.fromkeys(ROLES[1:], 403) | {"anonymous": 302}

CASES = [
    ("get", "/recommendations/", EVERYONE),
    ("get", "/recommendations/{pursued}/", EVERYONE),
    ("get", "/recommendations/{sideline}/", EVERYONE),
    ("post", "/recommendations/{sideline}/signal/", SIGNAL),
    ("post", "/recommendations/{pursued}/signal/", NOBODY),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,url,expected", CASES, ids=[f"{m} {u}" for m, u, _ in CASES])
def test_recommendation_pages_answer_each_role_as_the_rules_say(
    client, roles, pursued, sideline, role, method, url, expected
):
    if role != "anonymous":
        client.force_login(roles[role])
    url = url.format(pursued=pursued.number, sideline=sideline.number)
    data = {"last_signal_date": timezone.localdate().isoformat(), "last_signal_note": "Gebeld"}
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected[role]
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_unknown_recommendation_is_not_found(client, viewer):
    client.force_login(viewer)
    assert client.get("/recommendations/16/").status_code == 404
