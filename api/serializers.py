"""What the API reads and writes. Writes are validated by the pages' own forms (api.views), so the same
rules hold in the browser and in a script; these serializers describe the fields for the schema."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kpis.models import KPI, Measurement, Standing
from meetings.models import Meeting
from recommendations.models import Recommendation
from registers.models import Collaboration, Deliverable, Shortage, Supporter
from taskforce.models import User
from updates.models import ReviewComment, UpdateVersion, WorkstreamUpdate
from workstreams.models import Action, Membership, ProgressNote, Workstream


class PersonSerializer(serializers.ModelSerializer):
    """A person as the pages show them: a name, never an e-mail address."""

    name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name", "username"]


class RecommendationSerializer(serializers.ModelSerializer):
    owners = serializers.SlugRelatedField(many=True, read_only=True, slug_field="short_name")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "number",
            "title",
            "theme",
            "tracking",
            "owners",
            "workstreams",
            "last_signal_date",
            "last_signal_note",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("last_signal_date", "last_signal_note")]


class WorkstreamSerializer(serializers.ModelSerializer):
    participants = serializers.SlugRelatedField(many=True, read_only=True, slug_field="short_name")
    trekker_organisation = serializers.SlugRelatedField(read_only=True, slug_field="short_name")

    class Meta:
        model = Workstream
        fields = ["id", "slug", "name", "goal", "position", "participants", "trekker_organisation"]


class MembershipSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "workstream", "user", "person", "role"]
        extra_kwargs = {"user": {"write_only": True}}
        validators: list = []  # the service and the database keep one membership per person


class MembershipRoleSerializer(MembershipSerializer):
    """A membership's change: its role only (a person moves to another workstream by a new membership)."""

    class Meta(MembershipSerializer.Meta):
        fields = ["id", "workstream", "person", "role"]
        read_only_fields = ["workstream"]


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False
    )
    owner_person = PersonSerializer(source="owner", read_only=True, allow_null=True)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Required on update: the version you read (a stale one answers 409)."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "workstream",
            "title",
            "description",
            "status",
            "owner",
            "owner_person",
            "due_date",
            "result",
            "evidence_url",
            "recommendations",
            "meeting",
            "created_at",
            "updated_at",
            "completed_at",
            "touched_at",
            "version",
        ]
        read_only_fields = ["meeting", "created_at", "updated_at", "completed_at", "touched_at"]
        extra_kwargs = {"recommendations": {"required": False}}


class ActionUpdateSerializer(ActionSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one answers 409.")

    class Meta(ActionSerializer.Meta):
        read_only_fields = [*ActionSerializer.Meta.read_only_fields, "workstream"]


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = PersonSerializer(allow_null=True)
    version = serializers.IntegerField()
    created = serializers.BooleanField()
    changes = FieldChangeSerializer(many=True)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()
    changes = HistoryEntrySerializer(many=True, required=False)


class ProgressNoteSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = ProgressNote
        fields = ["id", "action", "author", "kind", "text", "created_at"]
        read_only_fields = ["action", "created_at"]
        extra_kwargs = {"text": {"max_length": 2000}}


class KPISerializer(serializers.ModelSerializer):
    latest_value = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    standing = serializers.SerializerMethodField(help_text="Where the KPI stands today (as on its page).")

    class Meta:
        model = KPI
        fields = [
            "id",
            "workstream",
            "name",
            "text",
            "definition",
            "unit",
            "kind",
            "target",
            "direction",
            "source",
            "latest_value",
            "standing",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Standing.choices))
    def get_standing(self, kpi: KPI) -> str:
        return kpi.standing(kpi.latest_value(), self.context["elapsed_share"])


class MeasurementSerializer(serializers.ModelSerializer):
    recorded_by = PersonSerializer(read_only=True, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1, help_text="Required on update.")
    reason = serializers.CharField(required=False, write_only=True, allow_blank=True, max_length=500)

    class Meta:
        model = Measurement
        fields = ["id", "kpi", "date", "value", "note", "recorded_by", "computed", "created_at", "version", "reason"]
        read_only_fields = ["computed", "created_at"]


class MeasurementUpdateSerializer(MeasurementSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one answers 409.")

    class Meta(MeasurementSerializer.Meta):
        read_only_fields = [*MeasurementSerializer.Meta.read_only_fields, "kpi"]


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "workstream",
            "title",
            "starts_at",
            "location",
            "agenda",
            "minutes",
            "decisions",
            "attendees",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"workstream": {"help_text": "Empty (null) for a meeting of the taskforce."}}


class MeetingUpdateSerializer(MeetingSerializer):
    class Meta(MeetingSerializer.Meta):
        read_only_fields = [*MeetingSerializer.Meta.read_only_fields, "workstream"]


class RiskSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("risk", "risk"), ("blocker", "blocker")])
    text = serializers.CharField(max_length=1000)
    actions = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text="Ids of the workstream's actions."
    )


class UpdateSerializer(serializers.ModelSerializer):
    risks = RiskSerializer(many=True, required=False, max_length=30)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Required on update: the version you read (a stale one answers 409)."
    )
    submit = serializers.BooleanField(
        required=False, default=False, write_only=True, help_text="Submit for review: needs a rating and a rationale."
    )

    class Meta:
        model = WorkstreamUpdate
        fields = [
            "id",
            "workstream",
            "meeting_date",
            "state",
            "rating",
            "rationale",
            "path_to_green",
            "risks",
            "created_at",
            "updated_at",
            "version",
            "submit",
        ]
        read_only_fields = ["meeting_date", "state", "created_at", "updated_at"]
        extra_kwargs = {"rationale": {"max_length": 5000}, "path_to_green": {"max_length": 5000}}


class UpdateChangeSerializer(UpdateSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read; a stale one answers 409.")

    class Meta(UpdateSerializer.Meta):
        read_only_fields = [*UpdateSerializer.Meta.read_only_fields, "workstream"]


class DelegateSerializer(serializers.Serializer):
    """Who, besides the trekker, writes the workstream's weekly updates: an active member, or null for nobody."""

    user = serializers.IntegerField(allow_null=True, help_text="A member's user id; null takes the delegation back.")


class ReviewSerializer(serializers.Serializer):
    """The review of the submitted version, with the review form's fields: returning it needs a comment."""

    decision = serializers.ChoiceField(choices=UpdateVersion.Decision.choices)
    rating = serializers.ChoiceField(
        choices=WorkstreamUpdate._meta.get_field("rating").choices,
        required=False,
        allow_blank=True,
        help_text="The reviewer's own rating, only where it differs from the trekker's.",
    )
    comment_section = serializers.ChoiceField(choices=ReviewComment.Section.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    second_section = serializers.ChoiceField(choices=ReviewComment.Section.choices, required=False)
    second_comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


def register_serializer(model_class, form_fields: list[str]) -> type[serializers.ModelSerializer]:
    """A register's serializer: the fields of its page form, plus the record's bookkeeping."""

    class Meta:
        model = model_class
        fields = ["id", "workstream", *form_fields, "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    version = serializers.IntegerField(
        required=False, min_value=1, help_text="Required on update: the version you read (a stale one answers 409)."
    )
    name = f"{model_class.__name__}Serializer"
    return type(name, (serializers.ModelSerializer,), {"Meta": Meta, "version": version})


REGISTER_MODELS = {
    "collaborations": Collaboration,
    "shortages": Shortage,
    "supporters": Supporter,
    "deliverables": Deliverable,
}


class KPIRowSerializer(serializers.Serializer):
    kpi = serializers.IntegerField(source="kpi.pk")
    name = serializers.CharField(source="kpi.name")
    latest = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    standing = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    blocked = serializers.IntegerField()
    stale = serializers.IntegerField()
    kpis_behind = serializers.IntegerField()
    kpis_total = serializers.IntegerField()
    done_percent = serializers.IntegerField()


class WorkstreamCardSerializer(serializers.Serializer):
    workstream = serializers.CharField(source="workstream.slug")
    name = serializers.CharField(source="workstream.name")
    status = serializers.CharField(source="status.colour")
    reasons = serializers.ListField(child=serializers.CharField(), source="status.reasons")
    figures = FiguresSerializer()
    kpis = KPIRowSerializer(many=True)


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateField()
    week = serializers.IntegerField()
    eleven_weeks = serializers.DateField()
    twelve_weeks = serializers.DateField()


class DashboardSerializer(serializers.Serializer):
    deadline = DeadlineSerializer()
    workstreams = WorkstreamCardSerializer(many=True, source="cards")
