"""Audit entries, each sealed with the SHA-256 of its content and of the entry before it.

Changing or removing an entry through the ORM is refused; one done behind its back (SQL) breaks the
chain, which `verify_audit_log` finds. The chain head keeps the last sequence number and hash (so a
removed tail shows) and the anchor: the last hash of what retention moved to the archive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AppendOnly(Exception):
    """An audit entry cannot be changed or deleted."""


class Kind(models.TextChoices):
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
    LOCKED_OUT = "locked_out", _("Geblokkeerd na mislukte pogingen")
    LOGOUT = "logout", _("Uitgelogd")
    PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
    PASSWORD_RESET = "password_reset", _("Wachtwoord opnieuw ingesteld")
    TOKEN_CREATED = "token_created", _("API-sleutel aangemaakt")
    TOKEN_REVOKED = "token_revoked", _("API-sleutel ingetrokken")
    ROLE_CHANGED = "role_changed", _("Rol of rechten gewijzigd")
    MEMBERSHIP_CHANGED = "membership_changed", _("Lidmaatschap werkstroom gewijzigd")
    PERMISSION_DENIED = "permission_denied", _("Toegang geweigerd")
    EXPORT = "export", _("Export of rapport gedownload")
    DOWNLOAD = "download", _("Bijlage gedownload")
    IMPORT_UPLOADED = "import_uploaded", _("Import geüpload")
    IMPORT_APPLIED = "import_applied", _("Import doorgevoerd")
    ADMIN_ACTION = "admin_action", _("Beheeractie")
    API_WRITE = "api_write", _("Wijziging via de API")
    EXCEPTION = "exception", _("Fout in de toepassing")
    ARCHIVED = "archived", _("Oude regels gearchiveerd")


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit entries cannot be deleted")

    def _purge(self) -> int:
        """Retention only (services.archive): removes these rows after they were written to the archive."""
        return self._raw_delete(self.db)


class Entry(models.Model):
    # Numbered by the chain itself, under the head's lock: consecutive, so a gap is a removed entry.
    seq = models.PositiveBigIntegerField(_("volgnummer"), primary_key=True)
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, db_index=True)
    # No foreign keys: an entry outlives the person and the object, and must never change with them.
    user_id = models.PositiveBigIntegerField(_("gebruiker-id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    text = models.CharField(_("omschrijving"), max_length=500, blank=True)
    ip = models.CharField(_("IP-adres"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    method = models.CharField(_("methode"), max_length=10, blank=True)
    path = models.CharField(_("adres"), max_length=500, blank=True)
    # The content type's natural key ("workstreams.membership"), the object's id and how it read then.
    object_type = models.CharField(_("soort object"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_entry_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit entries cannot be deleted")

    def content(self) -> dict[str, Any]:
        """What the hash covers: every field but the hash itself, as plain JSON values."""
        return {
            "seq": self.seq,
            "at": self.at.astimezone(dt.UTC).isoformat(),
            "kind": self.kind,
            "user_id": self.user_id,
            "username": self.username,
            "text": self.text,
            "ip": self.ip,
            "user_agent": self.user_agent,
            "method": self.method,
            "path": self.path,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return content_hash(self.content())

    @property
    def object_label(self) -> str:
        """The object's kind in the reader's language ("Lidmaatschap"), else its stored natural key."""
        if not self.object_type:
            return ""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name).capitalize()
        except (LookupError, ValueError):
            return self.object_type


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON: sorted keys, no spaces, UTF-8."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class ChainHead(models.Model):
    """One row (pk 1), locked by every insert so that two processes never fork the chain."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    # Retention: entries up to anchor_seq live in archive files; the first entry left chains on anchor_hash.
    anchor_seq = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default=GENESIS)
    anchor_file = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("begin en einde van de auditketen")

    def __str__(self) -> str:
        return f"#{self.anchor_seq}–#{self.last_seq}"
