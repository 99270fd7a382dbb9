"""The demo logins of seed_data.DEMO_USERS: one person per role, created the same way everywhere."""

from __future__ import annotations

from taskforce.models import Organisation, User
from workstreams.models import Membership, Workstream


def demo_user_ensure(entry: tuple, *, password_hash: str | None = None) -> tuple[User, bool]:
    """The demo user of one DEMO_USERS entry with its membership; an existing one is left as it is."""
    username, role, first, last, org, membership = entry
    defaults = {
        "role": role,
        "first_name": first,
        "last_name": last,
        "email": f"{username}@example.org",
        "organisation": Organisation.objects.get(short_name=org),
        "is_staff": role == User.Role.SECRETARIAT,
        "is_superuser": role == User.Role.SECRETARIAT,
    }
    if password_hash:
        defaults["password"] = password_hash
    user, created = User.objects.get_or_create(username=username, defaults=defaults)
    if membership:
        slug, ws_role = membership
        Membership.objects.get_or_create(
            workstream=Workstream.objects.get(slug=slug), user=user, defaults={"role": ws_role}
        )
    return user, created
