import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from notifications.widgets import mention_attrs
from taskforce.models import Taskforce, User
from workstreams.models import Workstream


def _name_label(user: User) -> str:
    return str(user)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "location", "agenda", "minutes", "decisions", "attendees"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs=mention_attrs(rows=6)),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, attendee_choices, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the workstream's members (or the taskforce) can be ticked; anything else is refused.
        self.fields["attendees"].queryset = attendee_choices
        self.fields["attendees"].label_from_instance = _name_label


class ActionItemForm(forms.Form):
    """An action agreed in a meeting. A taskforce meeting picks the workstream that carries it out."""

    title = forms.CharField(label=_("Actie"), max_length=200)
    workstream = forms.ModelChoiceField(label=_("Werkstroom"), queryset=Workstream.objects.all())
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting.workstream_id:
            del self.fields["workstream"]
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True).exclude(role=User.Role.VIEWER).order_by("first_name", "last_name")
        )
        self.fields["owner"].label_from_instance = _name_label

    def clean_due_date(self) -> dt.date | None:
        due = self.cleaned_data["due_date"]
        taskforce = Taskforce.current()
        if due and taskforce and due < taskforce.start_date:
            raise forms.ValidationError(
                _("De deadline kan niet voor de start van de taskforce (%(date)s) liggen.")
                % {"date": taskforce.start_date.strftime("%d-%m-%Y")}
            )
        return due
