"""The REST API: thin views over the apps' querysets, forms, services and selectors.

Writes are validated by the page's own form and saved by the same service as the page, behind the same
rule from taskforce.permissions; a save that started from an older version answers 409 with what changed.
"""

from __future__ import annotations

from django.forms import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action as detail_route
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from dashboards import selectors as dashboard
from kpis import services as kpi_services
from kpis.forms import MeasurementCorrectionForm, MeasurementDeleteForm, MeasurementForm
from kpis.models import KPI, Measurement
from meetings.forms import MeetingForm
from meetings.models import Meeting
from meetings.selectors import attendee_choices
from meetings.services import meeting_save
from recommendations.forms import SignalForm
from recommendations.models import Recommendation
from registers import services as register_services
from registers.forms import RecordDeleteForm
from registers.specs import REGISTERS
from taskforce import pagecache
from taskforce.models import Organisation, Taskforce
from taskforce.permissions import (
    can_edit_actions,
    can_edit_meeting,
    can_edit_register,
    can_manage_workstream,
    can_read_unapproved_updates,
    can_record_measurement,
    can_remove_member,
    can_review_update,
    can_write_update,
)
from taskforce.versioning import VersionConflict
from updates import selectors as update_selectors
from updates import services as update_services
from updates.forms import DelegateForm, ReviewForm, RiskForm, UpdateForm
from updates.models import UpdateSettings, WorkstreamUpdate
from workstreams import services as workstream_services
from workstreams.forms import ActionForm, MemberAddForm, MemberRoleForm, NoteForm
from workstreams.history import history_entries
from workstreams.models import Action, Membership, ProgressNote, Workstream

CONFLICT = OpenApiResponse(s.ConflictSerializer, description="Someone else saved it after the version you read.")
VERSION_PARAMETERS = [
    OpenApiParameter("version", int, required=True, description="The version you read."),
    OpenApiParameter("reason", str, required=True, description="Why it goes; kept in its history."),
]


def _form_data(form_class, instance, incoming) -> dict:
    """The form's fields as stored, overlaid with what the request sends: a PATCH changes only what it names."""
    meta = getattr(form_class, "_meta", None)
    names = list(meta.fields if meta else form_class.base_fields)
    data = model_to_dict(instance, fields=names)
    data.update({name: incoming[name] for name in names if name in incoming})
    return data


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError(
            {("non_field_errors" if name == "__all__" else name): errors for name, errors in form.errors.items()}
        )
    return form.cleaned_data


def _required_version(request) -> int:
    value = request.data.get("version") if request.method != "DELETE" else request.query_params.get("version")
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"version": ["Required: the version you read."]}) from None
    if version < 1:
        raise ValidationError({"version": ["Required: the version you read."]})
    return version


def _conflict(current, changes=None) -> Response:
    body = {
        "detail": "Someone else saved this after you read it: read it again and redo your change.",
        "current_version": current.version,
    }
    if changes is not None:
        body["changes"] = s.HistoryEntrySerializer(changes, many=True).data
    return Response(body, status=status.HTTP_409_CONFLICT)


def _elapsed_share() -> float:
    taskforce = Taskforce.current()
    return taskforce.deadline(timezone.localdate()).elapsed_share if taskforce else 1.0


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """Reads are computed once per data version for each person and address (taskforce/pagecache.py),
    after the authentication and the checks of this request."""

    ordering = ["id"]

    def list(self, request, *args, **kwargs):
        return Response(pagecache.remember(request, lambda: super(ReadOnly, self).list(request, *args, **kwargs).data))

    def retrieve(self, request, *args, **kwargs):
        return Response(
            pagecache.remember(request, lambda: super(ReadOnly, self).retrieve(request, *args, **kwargs).data)
        )


@extend_schema_view(
    list=extend_schema(summary="The 15 recommendations"),
    partial_update=extend_schema(summary="Record the owner's last signal (recommendations followed on the side)"),
)
class RecommendationViewSet(mixins.UpdateModelMixin, ReadOnly):
    queryset = Recommendation.objects.prefetch_related("owners", "workstreams")
    serializer_class = s.RecommendationSerializer
    filterset_fields = ["theme", "tracking", "workstreams"]
    ordering_fields = ["id", "number", "updated_at"]
    http_method_names = ["get", "patch", "head", "options"]

    @staticmethod
    def write_rule(user, recommendation: Recommendation) -> bool:
        return recommendation.takes_signal_from(user)

    def partial_update(self, request, *args, **kwargs):
        recommendation = self.get_object()
        self.get_serializer(recommendation, data=request.data, partial=True).is_valid(raise_exception=True)
        fields = _valid(SignalForm(_form_data(SignalForm, recommendation, request.data)))
        recommendation.signal_record(date=fields["last_signal_date"], note=fields["last_signal_note"])
        return Response(self.get_serializer(self.get_queryset().get(pk=recommendation.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class WorkstreamViewSet(ReadOnly):
    queryset = Workstream.objects.select_related("trekker_organisation").prefetch_related("participants")
    serializer_class = s.WorkstreamSerializer
    filterset_fields = ["slug"]
    ordering_fields = ["id", "position", "name"]

    @staticmethod
    def write_rule(user, workstream: Workstream) -> bool:
        # Its only write names the update's delegate: the trekker or the secretariat; the delegate may not
        # pass it on, as on the page.
        return can_write_update(user, workstream.pk)

    @extend_schema(
        request=s.DelegateSerializer,
        responses=s.DelegateSerializer,
        summary="Let a member write the workstream's weekly updates (null takes it back): its trekker, the secretariat",
    )
    @detail_route(detail=True, methods=["post"], url_path="update-delegate", filterset_fields=[], ordering_fields=[])
    def update_delegate(self, request, pk=None):
        workstream = self.get_object()
        s.DelegateSerializer(data=request.data).is_valid(raise_exception=True)
        fields = _valid(DelegateForm({"user": request.data.get("user") or ""}, workstream=workstream))
        update_services.delegate_set(workstream=workstream, user=fields["user"])
        return Response({"user": update_selectors.delegate_id(workstream.pk)})


@extend_schema_view(
    create=extend_schema(summary="Add a person to a workstream (its trekker and the secretariat)"),
    partial_update=extend_schema(
        request=s.MembershipRoleSerializer,
        responses=s.MembershipSerializer,
        summary="Change a member's role; naming a new trekker makes the old one a member",
    ),
    destroy=extend_schema(summary="Take a person out of the workstream; their actions stay theirs"),
)
class MembershipViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ReadOnly):
    queryset = Membership.objects.select_related("user")
    serializer_class = s.MembershipSerializer
    filterset_fields = ["workstream", "role", "user"]
    ordering_fields = ["id", "role"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @staticmethod
    def write_rule(user, membership: Membership) -> bool:
        return can_manage_workstream(user, membership.workstream_id)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workstream = serializer.validated_data["workstream"]
        if not can_manage_workstream(request.user, workstream.pk):
            raise PermissionDenied
        data = {"user": serializer.validated_data["user"].pk, "role": serializer.validated_data["role"]}
        fields = _valid(MemberAddForm(data, workstream=workstream))
        membership = workstream_services.membership_add(workstream=workstream, user=fields["user"], role=fields["role"])
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        s.MembershipRoleSerializer(membership, data=request.data, partial=True).is_valid(raise_exception=True)
        role = _valid(MemberRoleForm({"role": request.data.get("role", membership.role)}))["role"]
        if role != membership.role:
            workstream_services.membership_set_role(membership=membership, role=role)
        return Response(self.get_serializer(membership).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        membership = self.get_object()
        if not can_remove_member(request.user, membership.workstream_id, membership.user_id):
            raise PermissionDenied("You cannot remove yourself from the workstream; ask the secretariat.")
        workstream_services.membership_remove(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=extend_schema(summary="Plan a meeting: the taskforce's (no workstream) or a workstream's"),
    partial_update=extend_schema(
        request=s.MeetingUpdateSerializer,
        responses=s.MeetingSerializer,
        summary="Edit a meeting: its agenda, minutes, decisions and attendees",
    ),
)
class MeetingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnly):
    queryset = Meeting.objects.prefetch_related("attendees")
    serializer_class = s.MeetingSerializer
    filterset_fields = {"workstream": ["exact", "isnull"], "starts_at": ["gte", "lte"]}
    ordering_fields = ["id", "starts_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @staticmethod
    def write_rule(user, meeting: Meeting) -> bool:
        return can_edit_meeting(user, meeting.workstream_id)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workstream = serializer.validated_data.get("workstream")
        if not can_edit_meeting(request.user, workstream and workstream.pk):
            raise PermissionDenied
        data = _form_data(MeetingForm, Meeting(workstream=workstream), request.data)
        form = MeetingForm(data, attendee_choices=attendee_choices(workstream))
        _valid(form)
        meeting = meeting_save(form=form, user=request.user, workstream=workstream)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        meeting = self.get_object()
        s.MeetingUpdateSerializer(meeting, data=request.data, partial=True).is_valid(raise_exception=True)
        form = MeetingForm(
            _form_data(MeetingForm, meeting, request.data),
            instance=meeting,
            attendee_choices=attendee_choices(meeting.workstream, meeting),
        )
        _valid(form)
        meeting_save(form=form, user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class KPIViewSet(ReadOnly):
    queryset = KPI.objects.prefetch_related("measurements")
    serializer_class = s.KPISerializer
    filterset_fields = ["workstream", "kind", "source"]
    ordering_fields = ["id", "position", "name"]

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "elapsed_share": _elapsed_share()}


UPDATE_CONFLICT = OpenApiResponse(
    s.ConflictSerializer, description="Someone saved it after the version you read, or it waits for its review."
)


@extend_schema_view(
    create=extend_schema(
        responses={201: s.UpdateSerializer, 409: UPDATE_CONFLICT},
        summary="Write the update for the coming meeting (the first save; `submit` sends it for review)",
    ),
    partial_update=extend_schema(
        request=s.UpdateChangeSerializer,
        responses={200: s.UpdateSerializer, 409: UPDATE_CONFLICT},
        summary="Go on writing the coming meeting's update, or submit it",
    ),
)
class UpdateViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnly):
    """Weekly updates of the workstreams; ministry viewers read the approved ones only, as on the pages.

    Written, as on the update page, for the coming taskforce meeting only, by the workstream's trekker,
    the member they delegated, or the secretariat; reviewed by the taskforce or the secretariat.
    """

    serializer_class = s.UpdateSerializer
    filterset_fields = ["workstream", "meeting_date", "state"]
    ordering_fields = ["id", "meeting_date"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        updates = WorkstreamUpdate.objects.all()
        if not can_read_unapproved_updates(self.request.user):
            updates = updates.filter(state=WorkstreamUpdate.State.APPROVED)
        return updates

    def write_rule(self, user, update: WorkstreamUpdate) -> bool:
        if self.action == "review":
            latest = update.latest_version()
            return latest is not None and can_review_update(user, update.workstream_id, latest.submitted_by_id)
        return can_write_update(user, update.workstream_id, update_selectors.delegate_id(update.workstream_id))

    @staticmethod
    def _meeting_date():
        taskforce = Taskforce.current()
        if taskforce is None:
            raise NotFound
        return update_selectors.meeting_date(taskforce, timezone.localdate())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workstream = serializer.validated_data["workstream"]
        if not can_write_update(request.user, workstream.pk, update_selectors.delegate_id(workstream.pk)):
            raise PermissionDenied
        submit = serializer.validated_data["submit"]
        return self._save(request, WorkstreamUpdate(workstream=workstream), version=None, submit=submit, created=True)

    def partial_update(self, request, *args, **kwargs):
        update = self.get_object()
        serializer = s.UpdateChangeSerializer(update, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if update.meeting_date != self._meeting_date():
            raise PermissionDenied("Only the update for the coming meeting is written; this one is for an earlier one.")
        submit = serializer.validated_data.get("submit", False)
        return self._save(request, update, version=_required_version(request), submit=submit, created=False)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _save(self, request, update: WorkstreamUpdate, *, version: int | None, submit: bool, created: bool) -> Response:
        """Validates with the update page's own forms and saves with its service."""
        workstream = update.workstream
        stored = {name: getattr(update, name) for name in ("rating", "rationale", "path_to_green")}
        data = {**stored, **{name: request.data[name] for name in stored if name in request.data}}
        choices = UpdateSettings.current().rating_choices()
        cleaned = _valid(UpdateForm(data, rating_choices=choices, submitting=submit))
        risks = []
        for number, risk in enumerate(request.data.get("risks", update.risks) or []):
            form = RiskForm(risk, workstream=workstream)
            if not form.is_valid():
                raise ValidationError({"risks": {number: form.errors}})
            if form.risk():
                risks.append(form.risk())
        fields = {**{name: cleaned[name] for name in stored}, "risks": risks}
        try:
            saved = update_services.update_save(
                workstream=workstream,
                meeting_date=self._meeting_date(),
                version=version,
                user=request.user,
                fields=fields,
                submit=submit,
            )
        except update_services.UpdateConflict as conflict:
            return _conflict(conflict.update)
        except update_services.NotEditable:
            return self._waiting(update)
        return Response(s.UpdateSerializer(saved).data, status=status.HTTP_201_CREATED if created else 200)

    @staticmethod
    def _waiting(update: WorkstreamUpdate) -> Response:
        update.refresh_from_db()
        body = {"detail": "This update was submitted: it waits for its review.", "current_version": update.version}
        return Response(body, status=status.HTTP_409_CONFLICT)

    @extend_schema(
        request=s.ReviewSerializer,
        responses={200: s.UpdateSerializer, 409: UPDATE_CONFLICT},
        summary="Approve the submitted version, or return it with comments",
    )
    @detail_route(detail=True, methods=["post"], filterset_fields=[], ordering_fields=[])
    def review(self, request, pk=None):
        update = self.get_object()
        s.ReviewSerializer(data=request.data).is_valid(raise_exception=True)
        latest = update.latest_version()
        # The page's form always posts both sections (its selects have a default); a script may leave them out.
        data = {"comment_section": "general", "second_section": "risks", **request.data}
        form = ReviewForm(data, rating_choices=UpdateSettings.current().rating_choices())
        fields = _valid(form)
        try:
            update_services.update_review(
                version=latest,
                user=request.user,
                decision=fields["decision"],
                rating=fields["rating"],
                comments=form.comments(),
            )
        except update_services.NotEditable:
            update.refresh_from_db()
            body = {"detail": "This version was reviewed already.", "current_version": update.version}
            return Response(body, status=status.HTTP_409_CONFLICT)
        update.refresh_from_db()
        return Response(s.UpdateSerializer(update).data)


@extend_schema_view(
    partial_update=extend_schema(request=s.ActionUpdateSerializer, responses={200: s.ActionSerializer, 409: CONFLICT}),
)
class ActionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnly):
    queryset = Action.objects.for_lists()
    serializer_class = s.ActionSerializer
    filterset_fields = {
        "workstream": ["exact"],
        "status": ["exact"],
        "owner": ["exact"],
        "due_date": ["gte", "lte"],
    }
    ordering_fields = ["id", "due_date", "title", "status", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @staticmethod
    def write_rule(user, action: Action) -> bool:
        return can_edit_actions(user, action.workstream_id)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workstream = serializer.validated_data["workstream"]
        if not can_edit_actions(request.user, workstream.pk):
            raise PermissionDenied
        form = ActionForm(_form_data(ActionForm, Action(workstream=workstream), request.data), workstream=workstream)
        cleaned = _valid(form)
        action = workstream_services.action_create(
            workstream=workstream,
            user=request.user,
            fields=form.action_fields(),
            recommendations=cleaned["recommendations"],
        )
        return Response(s.ActionSerializer(self._reload(action)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        serializer = s.ActionUpdateSerializer(action, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = _required_version(request)
        form = ActionForm(
            _form_data(ActionForm, action, request.data),
            instance=action,
            workstream=action.workstream,
            keep_owner_id=action.owner_id,
        )
        cleaned = _valid(form)
        try:
            saved = workstream_services.action_update(
                action_id=action.pk,
                version=version,
                user=request.user,
                fields=form.action_fields(),
                recommendations=cleaned["recommendations"],
            )
        except workstream_services.ActionConflict as conflict:
            return _conflict(conflict.action, conflict.changes)
        return Response(s.ActionSerializer(self._reload(saved)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _reload(self, action: Action) -> Action:
        return Action.objects.for_lists().get(pk=action.pk)

    @extend_schema(methods=["GET"], responses=s.ProgressNoteSerializer(many=True), summary="An action's progress notes")
    @extend_schema(
        methods=["POST"],
        request=s.ProgressNoteSerializer,
        responses={201: s.ProgressNoteSerializer},
        summary="Add a progress note or a check-in",
    )
    @detail_route(detail=True, methods=["get", "post"], filterset_fields=[], ordering_fields=["created_at"])
    def notes(self, request, pk=None):
        action = self.get_object()
        if request.method == "GET":
            notes = ProgressNote.objects.filter(action=action).select_related("author")
            page = self.paginate_queryset(notes)
            return self.get_paginated_response(s.ProgressNoteSerializer(page, many=True).data)
        serializer = s.ProgressNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind = serializer.validated_data.get("kind", ProgressNote.Kind.NOTE)
        text = ""
        if kind == ProgressNote.Kind.NOTE:
            text = _valid(NoteForm({"text": request.data.get("text", "")}))["text"]
        note = workstream_services.note_add(action=action, user=request.user, text=text, kind=kind)
        return Response(s.ProgressNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.HistoryEntrySerializer(many=True), summary="Who changed what, oldest first")
    @detail_route(detail=True, methods=["get"], pagination_class=None, filterset_fields=[], ordering_fields=[])
    def history(self, request, pk=None):
        return Response(s.HistoryEntrySerializer(history_entries(self.get_object()), many=True).data)


@extend_schema_view(
    partial_update=extend_schema(
        request=s.MeasurementUpdateSerializer, responses={200: s.MeasurementSerializer, 409: CONFLICT}
    ),
    destroy=extend_schema(parameters=VERSION_PARAMETERS, responses={204: None, 409: CONFLICT}),
)
class MeasurementViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ReadOnly):
    queryset = Measurement.objects.select_related("kpi", "recorded_by")
    serializer_class = s.MeasurementSerializer
    filterset_fields = {"kpi": ["exact"], "kpi__workstream": ["exact"], "date": ["gte", "lte"], "computed": ["exact"]}
    ordering_fields = ["id", "date"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @staticmethod
    def write_rule(user, measurement: Measurement) -> bool:
        # A computed value follows its register: nobody types over it (as on the KPI page).
        return not measurement.computed and can_record_measurement(user, measurement.kpi.workstream_id)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kpi = serializer.validated_data["kpi"]
        if kpi.is_computed or not can_record_measurement(request.user, kpi.workstream_id):
            raise PermissionDenied
        fields = _valid(MeasurementForm(request.data, kpi=kpi))
        measurement = kpi_services.measurement_record(kpi=kpi, user=request.user, fields=fields)
        return Response(self.get_serializer(measurement).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        measurement = self.get_object()
        s.MeasurementUpdateSerializer(measurement, data=request.data, partial=True).is_valid(raise_exception=True)
        version = _required_version(request)
        data = {**model_to_dict(measurement, fields=["date", "value", "note"]), **request.data}
        fields = _valid(MeasurementCorrectionForm(data, kpi=measurement.kpi))
        try:
            saved = kpi_services.measurement_update(
                measurement_id=measurement.pk,
                version=version,
                user=request.user,
                fields=fields,
                reason=fields.get("reason", ""),
            )
        except VersionConflict as conflict:
            return _conflict(conflict.current)
        except Measurement.DoesNotExist:
            raise NotFound from None
        return Response(self.get_serializer(saved).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        measurement = self.get_object()
        version = _required_version(request)
        fields = _valid(MeasurementDeleteForm(request.query_params))
        try:
            kpi_services.measurement_delete(
                measurement_id=measurement.pk, version=version, user=request.user, reason=fields["reason"]
            )
        except VersionConflict as conflict:
            return _conflict(conflict.current)
        except Measurement.DoesNotExist:
            raise NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class RegisterViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ReadOnly):
    """One register's records (made per register by register_viewset below)."""

    register: str
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_fields = ["id", "created_at", "updated_at"]

    @property
    def spec(self):
        return REGISTERS[self.register]

    def get_queryset(self):
        return self.spec.model.objects.select_related("workstream", *self.spec.related)

    @staticmethod
    def write_rule(user, record) -> bool:
        return can_edit_register(user, record.workstream_id)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workstream = serializer.validated_data["workstream"]
        if not can_edit_register(request.user, workstream.pk):
            raise PermissionDenied
        form_class = self.spec.form
        blank = self.spec.model(workstream=workstream)
        form = form_class(_form_data(form_class, blank, request.data), workstream=workstream)
        _valid(form)
        record = form.save(commit=False)
        record.workstream = workstream
        register_services.record_save(record=record, version=None, user=request.user)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        self.get_serializer(record, data=request.data, partial=True).is_valid(raise_exception=True)
        version = _required_version(request)
        form_class = self.spec.form
        form = form_class(
            {**_form_data(form_class, record, request.data), "version": version},
            instance=record,
            workstream=record.workstream,
        )
        _valid(form)
        try:
            saved = register_services.record_save(record=form.save(commit=False), version=version, user=request.user)
        except VersionConflict as conflict:
            return _conflict(conflict.current)
        except self.spec.model.DoesNotExist:
            raise NotFound from None
        return Response(self.get_serializer(saved).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        version = _required_version(request)
        fields = _valid(RecordDeleteForm(request.query_params))
        try:
            register_services.record_delete(
                model=self.spec.model, pk=record.pk, version=version, user=request.user, reason=fields["reason"]
            )
        except VersionConflict as conflict:
            return _conflict(conflict.current)
        except self.spec.model.DoesNotExist:
            raise NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)


def register_viewset(slug: str) -> type[RegisterViewSet]:
    spec = REGISTERS[slug]
    serializer = s.register_serializer(spec.model, list(spec.form._meta.fields))
    schema = extend_schema_view(
        partial_update=extend_schema(responses={200: serializer, 409: CONFLICT}),
        destroy=extend_schema(parameters=VERSION_PARAMETERS, responses={204: None, 409: CONFLICT}),
    )
    return schema(
        type(
            f"{spec.model.__name__}ViewSet",
            (RegisterViewSet,),
            {
                "register": slug,
                "serializer_class": serializer,
                "filterset_fields": ["workstream", *spec.filters],
                "__doc__": f"The register of {spec.model._meta.verbose_name_plural}.",
            },
        )
    )


class DashboardView(APIView):
    """The dashboard's figures: the same selector and the same numbers as the dashboard page."""

    @extend_schema(
        parameters=[OpenApiParameter("org", OpenApiTypes.STR, description="An organisation's view (short name).")],
        responses=s.DashboardSerializer,
    )
    def get(self, request):
        return Response(pagecache.remember(request, lambda: self._figures(request)))

    def _figures(self, request) -> dict:
        taskforce = Taskforce.current()
        if taskforce is None:
            raise Http404
        org = None
        short_name = (request.query_params.get("org") or "").strip()
        if short_name:
            if "\x00" in short_name:
                raise NotFound
            org = get_object_or_404(Organisation, short_name=short_name)
        deadline = taskforce.deadline(timezone.localdate())
        cards = dashboard.workstream_cards(deadline=deadline, now=timezone.now(), org=org)
        return s.DashboardSerializer({"deadline": deadline, "cards": cards}).data
