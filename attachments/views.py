"""Uploading, downloading and removing attachments; every download passes the object's own permission."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from attachments import services
from attachments.forms import AttachmentForm
from attachments.models import Attachable, Attachment
from attachments.selectors import attachment_panel
from taskforce.permissions import can_read_attachments


def _get_target(target_type: str, target_id: int) -> Attachable:
    """The object named in the URL, if its model takes attachments at all (the Attachable protocol)."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        raise Http404 from None
    if not hasattr(model, "can_attach"):
        raise Http404
    return get_object_or_404(model, pk=target_id)


def _get_attachment_target(attachment: Attachment) -> Attachable:
    target = attachment.target
    if target is None:  # the object it belonged to is gone
        raise Http404
    return target


def attachment_upload(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    target = _get_target(target_type, target_id)
    if not target.can_attach(request.user):
        raise PermissionDenied
    form = AttachmentForm(purposes=target.attachment_purposes)
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES, purposes=target.attachment_purposes)
        if form.is_valid():
            attachment = services.attachment_add(
                target=target,
                user=request.user,
                upload=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                mime_type=form.cleaned_data["mime_type"],
                purpose=form.cleaned_data["purpose"],
            )
            messages.success(request, _("Bijlage %(name)s toegevoegd.") % {"name": attachment.name})
            return redirect(target.get_absolute_url())
    return render(
        request,
        "attachments/upload.html",
        {"target": target, "panel": attachment_panel(target, request.user, form)},
        status=400 if form.is_bound else 200,
    )


@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    target = _get_attachment_target(attachment)
    if not can_read_attachments(request.user, target.attachment_workstream_id):
        raise PermissionDenied
    # Always a download, never shown inline, with the type we detected: a stored file cannot run as a
    # page of ours whatever it holds.
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    target = _get_attachment_target(attachment)
    if not target.can_attach(request.user):
        raise PermissionDenied
    services.attachment_delete(attachment=attachment, user=request.user)
    messages.success(request, _("Bijlage %(name)s verwijderd.") % {"name": attachment.name})
    return redirect(target.get_absolute_url())
