"""Adding and removing attachments; each keeps a history record (who, when), a removal too."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from attachments.models import Attachable, Attachment, content_type_of


def attachment_add(
    *, target: Attachable, user, upload: UploadedFile, name: str, mime_type: str, purpose: str
) -> Attachment:
    with transaction.atomic():
        attachment = Attachment(
            target_type=content_type_of(target),
            target_id=target.pk,
            purpose=purpose,
            name=name,
            mime_type=mime_type,
            size=upload.size or 0,
            uploaded_by=user,
        )
        attachment._history_user = user  # type: ignore[attr-defined]
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return attachment


def attachment_delete(*, attachment: Attachment, user) -> None:
    """The row goes, its history stays (name, size, who added and who removed it). The stored file is
    kept, so the secretariat can still bring back a document removed by mistake."""
    attachment._history_user = user  # type: ignore[attr-defined]
    attachment.delete()
