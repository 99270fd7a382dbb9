"""Writes of single sign-on: the person behind a provider's subject, created on their first login."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sso.models import Identity
from taskforce.models import User


def _free_username(wanted: str) -> str:
    username, n = wanted[:150], 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{wanted[: 150 - len(str(n)) - 1]}-{n}"
    return username


def identity_login(*, issuer: str, claims: dict[str, Any]) -> User:
    """The user of (issuer, sub), created as a viewer on the first login; name and e-mail follow the provider.

    A new person reads like a ministry viewer and changes nothing until the secretariat gives them a role.
    """
    subject = str(claims["sub"])
    email = str(claims.get("email") or "")
    names = {
        "first_name": str(claims.get("given_name") or "")[:150],
        "last_name": str(claims.get("family_name") or "")[:150],
    }
    identity = Identity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    if identity is None:
        try:
            with transaction.atomic():
                username = _free_username(email or f"sso-{subject}")
                user = User(username=username, email=email, role=User.Role.VIEWER, **names)
                user.set_unusable_password()
                user.save()
                identity = Identity.objects.create(user=user, issuer=issuer, subject=subject)
        except IntegrityError:
            # The same person's first login in two tabs at once: the other one created them.
            identity = Identity.objects.select_related("user").get(issuer=issuer, subject=subject)
    user = identity.user
    wanted = {"email": email, **names}
    changed = {field: value for field, value in wanted.items() if value and getattr(user, field) != value}
    if changed:
        User.objects.filter(pk=user.pk).update(**changed)
        for field, value in changed.items():
            setattr(user, field, value)
    Identity.objects.filter(pk=identity.pk).update(last_login_at=timezone.now())
    return user
