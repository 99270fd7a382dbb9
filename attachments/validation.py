"""What an upload must be: not too large, of an allowed type, and that type by its content, not its name.

The type is read from the file's first bytes with libmagic (python-magic); the name's extension must
be one the detected type may carry, so a program renamed to report.pdf is refused.
"""

from __future__ import annotations

import re
import unicodedata

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
# Extension → the content types libmagic may report for it. Office files are zip archives; libmagic
# recognises the OOXML and OpenDocument ones by their first member.
ALLOWED: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "docx": (_OOXML + "wordprocessingml.document",),
    "xlsx": (_OOXML + "spreadsheetml.sheet",),
    "pptx": (_OOXML + "presentationml.presentation",),
    "odt": (_ODF + "text",),
    "ods": (_ODF + "spreadsheet",),
    "odp": (_ODF + "presentation",),
    "txt": ("text/plain",),
    "csv": ("text/plain", "text/csv", "application/csv"),
}
ALLOWED_LABEL = gettext_lazy(
    "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument, PNG, JPEG, tekst en CSV"
)
SNIFF_BYTES = 64 * 1024


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def limits_text() -> str:
    return _("Ten hoogste %(mb)s MB; toegestaan: %(types)s.") % {
        "mb": settings.ATTACHMENT_MAX_MB,
        "types": ALLOWED_LABEL,
    }


def sanitised_name(name: str) -> str:
    """A name safe to show and to send in Content-Disposition: no path, no control or odd characters."""
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    stem = re.sub(r"\s+", " ", re.sub(r"[^\w .()\-]", "_", stem)).strip(" .")
    stem = stem[: 120 - len(extension)] or _("bijlage")
    return f"{stem}.{extension}" if extension else stem


def detected_type(upload: UploadedFile, allowed: dict[str, tuple[str, ...]] | None = None) -> str:
    """The content type of an upload that passes, or ValidationError with the reason in words."""
    allowed = ALLOWED if allowed is None else allowed
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("Het bestand is %(size)s MB; ten hoogste %(mb)s MB is toegestaan.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","), "mb": settings.ATTACHMENT_MAX_MB},
            code="too_large",
        )
    extension = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if extension not in allowed:
        raise ValidationError(
            _("Bestanden van dit type worden niet aangenomen; toegestaan: %(types)s.") % {"types": ALLOWED_LABEL},
            code="type",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime not in allowed[extension]:
        raise ValidationError(
            _("De inhoud van het bestand past niet bij de naam (.%(ext)s): het is geweigerd.") % {"ext": extension},
            code="content",
        )
    return mime
