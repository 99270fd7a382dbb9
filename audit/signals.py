"""The receivers: logins and logouts, lock-outs, passwords, roles, memberships, tokens, imports, the
admin's actions and uncaught exceptions, each recorded from the signal of whoever does it."""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.signals import got_request_exception
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver

from api.models import Token
from audit.models import Kind
from audit.services import current_request, record
from imports.models import ActionImport
from workstreams.models import Membership

logger = logging.getLogger(__name__)
User = get_user_model()

# The user fields that decide what someone may do.
RIGHTS_FIELDS = ("role", "is_active", "is_staff", "is_superuser")


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, user=user, request=request, obj=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    record(Kind.LOGIN_FAILED, username=str(credentials.get("username", "")), request=request)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record(Kind.LOCKED_OUT, username=str(username or ""), request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, user=user, request=request, obj=user)


# --- The person's password and rights ------------------------------------------------------------


@receiver(post_init, sender=User, dispatch_uid="audit_user_loaded")
def _remember_rights(sender, instance, **kwargs):
    # From __dict__, so a deferred field is not fetched: only what was loaded can be compared.
    instance._audit_rights = {name: instance.__dict__.get(name) for name in RIGHTS_FIELDS}


@receiver(post_save, sender=User, dispatch_uid="audit_user_saved")
def _user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created:
        return
    # set_password() keeps the new raw password in _password until the save is done (AbstractBaseUser).
    if getattr(instance, "_password", None) is not None and (update_fields is None or "password" in update_fields):
        request = current_request.get()
        view = request.resolver_match.view_name if request is not None and request.resolver_match else ""
        kind = Kind.PASSWORD_RESET if view == "password_reset_confirm" else Kind.PASSWORD_CHANGED
        record(kind, obj=instance, text=view)
    before = getattr(instance, "_audit_rights", {})
    changes = [
        f"{name}: {before[name]} → {getattr(instance, name)}"
        for name in RIGHTS_FIELDS
        if before.get(name) is not None
        and before[name] != getattr(instance, name)
        and (update_fields is None or name in update_fields)
    ]
    if changes:
        record(Kind.ROLE_CHANGED, obj=instance, text="; ".join(changes))
        instance._audit_rights = {name: getattr(instance, name) for name in RIGHTS_FIELDS}


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or (action != "post_clear" and not pk_set):
        return
    sign = {"post_add": "+", "post_remove": "−", "post_clear": "− all"}[action]
    if reverse:  # a group's people changed: one entry per person
        for user in User.objects.filter(pk__in=pk_set or ()):
            record(Kind.ROLE_CHANGED, obj=user, text=f"groups {sign} {instance}")
        return
    names = ", ".join(sorted(str(group) for group in model.objects.filter(pk__in=pk_set or ())))
    record(Kind.ROLE_CHANGED, obj=instance, text=f"groups {sign} {names}".strip())


@receiver(post_init, sender=Membership, dispatch_uid="audit_membership_loaded")
def _remember_membership_role(sender, instance, **kwargs):
    instance._audit_role = instance.__dict__.get("role")


@receiver(post_save, sender=Membership, dispatch_uid="audit_membership_saved")
def _membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record(
            Kind.MEMBERSHIP_CHANGED, obj=instance, text=f"{instance.workstream}: + {instance.user} ({instance.role})"
        )
    elif instance._audit_role != instance.role:
        record(
            Kind.MEMBERSHIP_CHANGED,
            obj=instance,
            text=f"{instance.workstream}: {instance.user} {instance._audit_role} → {instance.role}",
        )
    instance._audit_role = instance.role


@receiver(post_delete, sender=Membership, dispatch_uid="audit_membership_deleted")
def _membership_deleted(sender, instance, **kwargs):
    record(Kind.MEMBERSHIP_CHANGED, obj=instance, text=f"{instance.workstream}: − {instance.user} ({instance.role})")


# --- API tokens, imports, the admin ------------------------------------------------------------------


@receiver(post_init, sender=Token, dispatch_uid="audit_token_loaded")
def _remember_revocation(sender, instance, **kwargs):
    instance._audit_revoked = instance.__dict__.get("revoked_at")


@receiver(post_save, sender=Token, dispatch_uid="audit_token_saved")
def _token_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record(Kind.TOKEN_CREATED, obj=instance, text=f"owner {instance.user.get_username()}")
    elif instance._audit_revoked is None and instance.revoked_at is not None:
        record(Kind.TOKEN_REVOKED, obj=instance, text=f"owner {instance.user.get_username()}")
    instance._audit_revoked = instance.revoked_at


@receiver(post_save, sender=ActionImport, dispatch_uid="audit_import_uploaded")
def _import_uploaded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(Kind.IMPORT_UPLOADED, user=instance.created_by, obj=instance, text=instance.filename)


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_action")
def _admin_action(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    verb = {1: "added", 2: "changed", 3: "deleted"}.get(instance.action_flag, str(instance.action_flag))
    content_type = instance.content_type
    record(
        Kind.ADMIN_ACTION,
        user=instance.user,
        text=f"{verb}: {instance.get_change_message()}"[:500],
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=instance.object_id or "",
        object_repr=instance.object_repr,
    )


@receiver(got_request_exception, dispatch_uid="audit_exception")
def _exception(sender, request=None, **kwargs):
    import sys

    error = sys.exc_info()[1]
    try:
        record(Kind.EXCEPTION, request=request, text=f"{type(error).__name__}: {error}"[:500])
    except Exception:
        # The database may be what failed; the error log has the exception in any case.
        logger.exception("audit entry for an exception not written")
