"""Forms only validate; views and services assign."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.widgets import mention_attrs
from taskforce.models import Taskforce, User
from workstreams.models import Action, Membership, ProgressNote, Workstream

DESCRIPTION_MAX = Action._meta.get_field("description").max_length
NOTE_MAX = ProgressNote._meta.get_field("text").max_length
RESULT_REQUIRED = _("Vul bij een afgeronde actie in één regel het resultaat in.")


def owner_choices(workstream: Workstream, keep_owner_id: int | None = None):
    """Who can own an action: the workstream's members and the taskforce (not ministry viewers).

    The current owner stays a valid choice even after leaving the workstream.
    """
    allowed = Q(memberships__workstream=workstream) | Q(role__in=[User.Role.SECRETARIAT, User.Role.TASKFORCE])
    allowed &= Q(is_active=True) & ~Q(role=User.Role.VIEWER)
    if keep_owner_id:
        allowed |= Q(pk=keep_owner_id)
    return User.objects.filter(allowed).distinct().order_by("first_name", "last_name", "username")


def _check_done(form: forms.Form, cleaned: dict) -> None:
    if cleaned.get("status") == Action.Status.DONE and not (cleaned.get("result") or "").strip():
        form.add_error("result", RESULT_REQUIRED)


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence_url = forms.URLField(
        label=_("Link naar bewijs"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Waar het resultaat te zien is, als dat bestaat."),
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "recommendations",
            "status",
            "owner",
            "due_date",
            "result",
            "evidence_url",
            "is_quick_win",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "recommendations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "result": _("Eén regel; verplicht zodra de actie is afgerond."),
        }

    def __init__(self, *args, workstream: Workstream, keep_owner_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workstream = workstream
        self.keep_owner_id = keep_owner_id
        self.fields["owner"].queryset = owner_choices(workstream, keep_owner_id)
        self.fields["recommendations"].queryset = self.fields["recommendations"].queryset.order_by("number")
        self.taskforce = Taskforce.current()
        if self.taskforce is not None:  # the limits, shown before they bite
            first, last = self.taskforce.start_date, self.taskforce.latest_due_date
            self.fields["due_date"].widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})
            self.fields["due_date"].help_text = _("Tussen %(first)s en %(last)s.") % {
                "first": first.strftime("%d-%m-%Y"),
                "last": last.strftime("%d-%m-%Y"),
            }

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        taskforce = self.taskforce
        if due and taskforce and due < taskforce.start_date:
            raise forms.ValidationError(
                _("De deadline kan niet vóór de start van de taskforce (%(date)s) liggen."),
                params={"date": taskforce.start_date.strftime("%d-%m-%Y")},
            )
        if due and taskforce and due > taskforce.latest_due_date:
            raise forms.ValidationError(
                _("Een deadline na %(date)s is vast een tikfout: kies een datum binnen twee jaar na de start."),
                params={"date": taskforce.latest_due_date.strftime("%d-%m-%Y")},
            )
        return due

    def clean(self):
        cleaned = super().clean()
        _check_done(self, cleaned)
        return cleaned

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "recommendations"}


class StatusForm(forms.Form):
    """The quick status change on the action page."""

    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    result = forms.CharField(
        label=_("Resultaat"),
        max_length=300,
        required=False,
        help_text=_("Eén regel; verplicht zodra de actie is afgerond."),
    )
    evidence_url = forms.URLField(
        label=_("Link naar bewijs (optioneel)"), required=False, max_length=200, assume_scheme="https"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        _check_done(self, cleaned)
        return cleaned


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Voortgangsnotitie"), max_length=NOTE_MAX, widget=forms.Textarea(attrs=mention_attrs(rows=3))
    )


DUE_CHOICES = [
    ("", _("Alle")),
    ("overdue", _("Over de deadline")),
    ("week", _("Deze week")),
    ("later", _("Later")),
    ("none", _("Geen deadline")),
]
SORT_CHOICES = [
    ("due", _("Deadline")),
    ("status", _("Status")),
    ("title", _("Titel")),
    ("updated", _("Laatst bijgewerkt")),
]


class ActionFilterForm(forms.Form):
    """GET filters of a workstream's actions; an unknown value is ignored rather than an error page."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.ChoiceField(label=_("Eigenaar"), required=False)
    recommendation = forms.ChoiceField(label=_("Aanbeveling"), required=False)
    due = forms.ChoiceField(label=_("Deadline"), required=False, choices=DUE_CHOICES)
    sort = forms.ChoiceField(label=_("Sorteren op"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, owners, recommendations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle")), ("open", _("Open")), *Action.Status.choices]
        self.fields["owner"].choices = [
            ("", _("Iedereen")),
            ("none", _("Zonder eigenaar")),
            *[(str(u.pk), str(u)) for u in owners],
        ]
        self.fields["recommendation"].choices = [
            ("", _("Alle")),
            *[(str(r.number), f"{r.number}. {r.title}") for r in recommendations],
        ]

    def value(self, name: str) -> str:
        """The cleaned value, or empty when it was missing or invalid."""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Persoon"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, workstream: Workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(role=User.Role.VIEWER)
            .exclude(memberships__workstream=workstream)
            .order_by("first_name", "last_name", "username")
        )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)
