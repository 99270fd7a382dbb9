"""Documents attached to actions, progress notes, meetings and register rows, kept with their history.

An attachment points at its object through a content type, so this app sits below the apps whose
objects it serves and imports none of them. An object takes attachments by answering two questions
(the protocol the views ask, `Attachable`): which workstream it belongs to (None: the whole taskforce),
which decides who may read its documents (permissions.can_read_attachments), and `can_attach(user)`,
the same rule as editing the object itself.
"""

from __future__ import annotations

import uuid
from typing import Protocol, cast

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Attachable(Protocol):
    """A model instance that takes attachments (Action, ProgressNote, Meeting, the register records)."""

    pk: int
    attachment_workstream_id: int | None
    attachment_purposes: tuple[str, ...]

    def can_attach(self, user) -> bool: ...

    def get_absolute_url(self) -> str: ...


def content_type_of(target: Attachable) -> ContentType:
    return ContentType.objects.get_for_model(cast(models.Model, target))


def stored_name(attachment: Attachment, filename: str) -> str:
    # A random name per file: the sanitised name people see is kept in `name`, never in the path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    class Purpose(models.TextChoices):
        DOCUMENT = "document", _("Document")
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Verslag")

    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    purpose = models.CharField(_("soort"), max_length=10, choices=Purpose.choices, default=Purpose.DOCUMENT)
    file = models.FileField(upload_to=stored_name, max_length=255)
    name = models.CharField(_("naam"), max_length=150)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("grootte"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    uploaded_at = models.DateTimeField(_("toegevoegd"), default=timezone.now)

    # Deleting keeps the record of what was there, who added it and who removed it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", args=[self.pk])
