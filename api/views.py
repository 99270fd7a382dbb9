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
from meetings.models import Meeting
from recommendations.models import Recommendation
from registers import services as register_services
from registers.forms import RecordDeleteForm
from registers.specs import REGISTERS
from taskforce.models import Organisation, Taskforce
from taskforce.permissions import (
    can_edit_actions,
    can_edit_register,
    can_read_unapproved_updates,
    can_record_measurement,
)
from taskforce.versioning import VersionConflict
from updates.models import WorkstreamUpdate
from workstreams import services as workstream_services
from workstreams.forms import ActionForm, NoteForm
from workstreams.history import history_entries
from workstreams.models import Action, Membership, ProgressNote, Workstream

CONFLICT = OpenApiResponse(s.ConflictSerializer, description="Someone else saved it after the version you read.")
VERSION_PARAMETERS = [
    OpenApiParameter("version", int, required=True, description="The version you read."),
    OpenApiParameter("reason", str, required=True, description="Why it goes; kept in its history."),
]


def _form_data(form_class, instance, incoming) -> dict:
    """The form's fields as stored, overlaid with what the request sends: a PATCH changes only what it names."""
    names = list(form_class._meta.fields)
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
    ordering = ["id"]


@extend_schema_view(list=extend_schema(summary="The 15 recommendations"))
class RecommendationViewSet(ReadOnly):
    queryset = Recommendation.objects.prefetch_related("owners", "workstreams")
    serializer_class = s.RecommendationSerializer
    filterset_fields = ["theme", "tracking", "workstreams"]
    ordering_fields = ["id", "number", "updated_at"]


class WorkstreamViewSet(ReadOnly):
    queryset = Workstream.objects.select_related("trekker_organisation").prefetch_related("participants")
    serializer_class = s.WorkstreamSerializer
    filterset_fields = ["slug"]
    ordering_fields = ["id", "position", "name"]


class MembershipViewSet(ReadOnly):
    queryset = Membership.objects.select_related("user")
    serializer_class = s.MembershipSerializer
    filterset_fields = ["workstream", "role", "user"]
    ordering_fields = ["id", "role"]


class MeetingViewSet(ReadOnly):
    queryset = Meeting.objects.prefetch_related("attendees")
    serializer_class = s.MeetingSerializer
    filterset_fields = {"workstream": ["exact", "isnull"], "starts_at": ["gte", "lte"]}
    ordering_fields = ["id", "starts_at"]


class KPIViewSet(ReadOnly):
    queryset = KPI.objects.prefetch_related("measurements")
    serializer_class = s.KPISerializer
    filterset_fields = ["workstream", "kind", "source"]
    ordering_fields = ["id", "position", "name"]

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "elapsed_share": _elapsed_share()}


class UpdateViewSet(ReadOnly):
    """Weekly updates of the workstreams; ministry viewers read the approved ones only, as on the pages."""

    serializer_class = s.UpdateSerializer
    filterset_fields = ["workstream", "meeting_date", "state"]
    ordering_fields = ["id", "meeting_date"]

    def get_queryset(self):
        updates = WorkstreamUpdate.objects.all()
        if not can_read_unapproved_updates(self.request.user):
            updates = updates.filter(state=WorkstreamUpdate.State.APPROVED)
        return updates


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
        return Response(s.DashboardSerializer({"deadline": deadline, "cards": cards}).data)
