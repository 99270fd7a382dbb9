"""Forms only validate; views and services assign."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from notifications.widgets import mention_attrs
from taskforce.models import Taskforce
from updates.models import Rating, RecoveryPlan, ReviewComment, UpdateSettings, UpdateVersion
from workstreams.forms import owner_choices
from workstreams.models import Action, Workstream

TEXT_MAX = 5000
RISK_ROWS = 3  # empty risk rows offered below the filled ones


class UpdateForm(forms.Form):
    """The weekly update. A draft saves whatever is typed; submitting needs a rating and a rationale."""

    rating = forms.ChoiceField(label=_("Vertrouwensoordeel"), required=False, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Onderbouwing"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waarom dit oordeel: wat gaat goed, wat niet."),
    )
    path_to_green = forms.CharField(
        label=_("Nodig om op groen te komen"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs=mention_attrs(scope="update", rows=3)),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rating_choices, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = rating_choices
        self.submitting = submitting

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            if not cleaned.get("rating"):
                self.add_error("rating", _("Kies een vertrouwensoordeel om in te dienen."))
            if not (cleaned.get("rationale") or "").strip():
                self.add_error("rationale", _("Onderbouw het oordeel om in te dienen."))
        return cleaned


class RiskForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("risk", _("Risico")), ("blocker", _("Blokkade"))], initial="risk"
    )
    text = forms.CharField(label=_("Omschrijving"), required=False, max_length=1000)
    actions = forms.ModelMultipleChoiceField(
        label=_("Bij acties (optioneel)"), queryset=Action.objects.none(), required=False
    )

    def __init__(self, *args, workstream: Workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(workstream=workstream).exclude(
            status=Action.Status.DROPPED
        )

    def risk(self) -> dict | None:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            return None
        actions = self.cleaned_data.get("actions") or []
        return {"kind": self.cleaned_data["kind"], "text": text, "actions": [a.pk for a in actions]}


RiskFormSet = forms.formset_factory(RiskForm, extra=0, max_num=30, absolute_max=30)


def risk_formset(data=None, *, workstream: Workstream, risks: list[dict] = ()):  # type: ignore[assignment]
    initial = [{"kind": r["kind"], "text": r["text"], "actions": r.get("actions", [])} for r in risks]
    initial += [{"kind": "risk"}] * RISK_ROWS
    return RiskFormSet(data, initial=initial, prefix="risks", form_kwargs={"workstream": workstream})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Besluit"), choices=UpdateVersion.Decision.choices, widget=forms.RadioSelect)
    rating = forms.ChoiceField(
        label=_("Uw eigen oordeel (optioneel)"),
        required=False,
        help_text=_("Alleen als u het anders ziet dan de trekker; de dashboards tonen dan beide."),
    )
    comment_section = forms.ChoiceField(
        label=_("Opmerking bij"), choices=ReviewComment.Section.choices, initial=ReviewComment.Section.GENERAL
    )
    comment = forms.CharField(
        label=_("Opmerking"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    second_section = forms.ChoiceField(
        label=_("Tweede opmerking bij"), choices=ReviewComment.Section.choices, initial=ReviewComment.Section.RISKS
    )
    second_comment = forms.CharField(
        label=_("Tweede opmerking"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs=mention_attrs(scope="update", rows=2)),
    )

    def __init__(self, *args, rating_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", _("Zelfde oordeel als de trekker")), *rating_choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == UpdateVersion.Decision.RETURNED and not self.comments_of(cleaned):
            self.add_error("comment", _("Zeg bij het terugsturen wat er anders moet."))
        return cleaned

    @staticmethod
    def comments_of(cleaned: dict) -> list[tuple[str, str]]:
        pairs = [
            (cleaned.get("comment_section"), (cleaned.get("comment") or "").strip()),
            (cleaned.get("second_section"), (cleaned.get("second_comment") or "").strip()),
        ]
        return [(section, text) for section, text in pairs if section and text]

    def comments(self) -> list[tuple[str, str]]:
        return self.comments_of(self.cleaned_data)


class DelegateForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Gedelegeerde"), queryset=None, required=False, empty_label=_("Niemand"))

    def __init__(self, *args, workstream: Workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = workstream.members.filter(is_active=True).order_by("first_name", "username")


class RecoveryPlanForm(forms.Form):
    what_changes = forms.CharField(
        label=_("Wat er verandert"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner = forms.ModelChoiceField(label=_("Door wie"), queryset=None)
    by_when = forms.DateField(
        label=_("Wanneer weer op koers"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, workstream: Workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(workstream)
        taskforce = Taskforce.current()
        self.taskforce = taskforce
        if taskforce is not None:
            self.fields["by_when"].widget.attrs.update(
                {"min": taskforce.start_date.isoformat(), "max": taskforce.latest_due_date.isoformat()}
            )

    def clean_by_when(self):
        day = self.cleaned_data["by_when"]
        if self.taskforce and not self.taskforce.start_date <= day <= self.taskforce.latest_due_date:
            raise forms.ValidationError(
                _("Kies een datum tussen %(first)s en %(last)s."),
                params={
                    "first": self.taskforce.start_date.strftime("%d-%m-%Y"),
                    "last": self.taskforce.latest_due_date.strftime("%d-%m-%Y"),
                },
            )
        return day


class PlanActionForm(forms.Form):
    """A new action of the recovery plan (an ordinary action of the workstream)."""

    title = forms.CharField(label=_("Nieuwe actie"), max_length=200, required=False)
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, workstream: Workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(workstream)

    def action_fields(self) -> dict | None:
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            return None
        return {"title": title, "owner": self.cleaned_data.get("owner"), "due_date": self.cleaned_data.get("due_date")}


PlanActionFormSet = forms.formset_factory(PlanActionForm, extra=2, max_num=10, absolute_max=10)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = UpdateSettings
        fields = ["scale", "reminder_days", "recovery_days"]
        widgets = {"scale": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_days"].validators.append(MaxValueValidator(6))
        self.fields["reminder_days"].widget.attrs["max"] = 6
        self.fields["recovery_days"].validators.append(MinValueValidator(1))
        self.fields["recovery_days"].validators.append(MaxValueValidator(60))
        self.fields["recovery_days"].widget.attrs.update(min=1, max=60)


class RecoveryCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Afsluiten als"), choices=RecoveryPlan.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wat het plan heeft opgeleverd, of waarom het wordt vervangen."),
    )

    def __init__(self, *args, plan: RecoveryPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_outcome(self) -> str:
        outcome = self.cleaned_data["outcome"]
        if outcome == RecoveryPlan.Outcome.DONE and self.plan.submitted_at is None:
            raise forms.ValidationError(_("Een plan dat nog niet is ingediend, kan alleen worden vervangen."))
        return outcome


class BaselineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rebaseline: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rebaseline = rebaseline
        if rebaseline:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _("Een nieuwe basislijn vraagt om een reden; de oude blijft bewaard.")


class CompareForm(forms.Form):
    a = forms.ChoiceField(label=_("Eerdere rapportage"))
    b = forms.ChoiceField(label=_("Vergelijken met"))

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                facts.token,
                _("Week %(week)s, %(date)s")
                % {"week": facts.week, "date": facts.created_at.strftime("%d-%m-%Y %H:%M")},
            )
            for facts in reports
        ]
        self.fields["a"].choices = choices
        self.fields["b"].choices = [("today", _("Vandaag")), *choices]


RATING_FOR_COLOUR = {"green": Rating.GREEN, "amber": Rating.AMBER, "red": Rating.RED}
