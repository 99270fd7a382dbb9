"""The four registers described once: model, form, filters, export columns and templates.

The generic views in views.py read these, so the four registers behave alike without four copies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registers.forms import CollaborationForm, DeliverableForm, ShortageForm, SupporterForm
from registers.models import Collaboration, Deliverable, Shortage, Supporter


@dataclass(frozen=True)
class Register:
    slug: str
    model: type[models.Model]
    form: type
    title: str
    new_label: str
    # Fields with choices the list can be filtered on (?stage=started&kind=fill_finish).
    filters: tuple[str, ...]
    # Columns of the CSV and XLSX export, as model field names.
    export_fields: tuple[str, ...]
    # The field whose changes the history on the edit page shows.
    state_field: str
    related: tuple[str, ...] = ()

    @property
    def table_template(self) -> str:
        return f"registers/_{self.slug}_table.html"

    def records(self, workstream) -> models.QuerySet:
        return self.model.objects.filter(workstream=workstream).select_related("workstream", *self.related)

    def filter_choices(self, params: QueryDict) -> list[dict]:
        """The filter selects of the list page, with the chosen value of each."""
        selects = []
        for name in self.filters:
            field = self.model._meta.get_field(name)
            chosen = params.get(name, "")
            selects.append(
                {
                    "name": name,
                    "label": capfirst(field.verbose_name),
                    "options": [(value, label, value == chosen) for value, label in field.choices],
                }
            )
        return selects

    def apply_filters(self, records: models.QuerySet, params: QueryDict) -> models.QuerySet:
        """Filters on valid choice values only; an unknown value is ignored rather than an error page."""
        for name in self.filters:
            valid = {value for value, _label in self.model._meta.get_field(name).choices}
            value = params.get(name)
            if value in valid:
                records = records.filter(**{name: value})
        return records

    def export_headers(self) -> list[str]:
        return ["ID"] + [str(capfirst(self.model._meta.get_field(name).verbose_name)) for name in self.export_fields]

    def export_row(self, record) -> list:
        row: list = [record.pk]
        for name in self.export_fields:
            field = self.model._meta.get_field(name)
            value = getattr(record, name)
            if field.choices:
                value = getattr(record, f"get_{name}_display")()
            elif isinstance(field, models.BooleanField):
                value = gettext("ja") if value else gettext("nee")
            elif isinstance(field, models.ForeignKey):
                value = str(value) if value is not None else ""
            elif isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)
            row.append("" if value is None else value)
        return row


REGISTERS: dict[str, Register] = {
    register.slug: register
    for register in [
        Register(
            slug="collaborations",
            model=Collaboration,
            form=CollaborationForm,
            title=_("Samenwerkingen"),
            new_label=_("Nieuwe samenwerking"),
            filters=("stage", "kind"),
            export_fields=(
                "dutch_company",
                "partner",
                "kind",
                "stage",
                "started_on",
                "scaled_up_on",
                "ended_on",
                "action",
                "event",
                "evidence_url",
                "note",
            ),
            state_field="stage",
            related=("action",),
        ),
        Register(
            slug="shortages",
            model=Shortage,
            form=ShortageForm,
            title=_("Tekorten"),
            new_label=_("Nieuw tekort"),
            filters=("status", "category", "severity", "nature"),
            export_fields=(
                "category",
                "item",
                "affects_vaccines",
                "affects_medicines",
                "products",
                "nature",
                "severity",
                "solution",
                "status",
                "signalled_on",
                "solved_on",
                "note",
            ),
            state_field="status",
        ),
        Register(
            slug="supporters",
            model=Supporter,
            form=SupporterForm,
            title=_("Steunende partijen"),
            new_label=_("Nieuwe partij"),
            filters=("sector", "confirmation"),
            export_fields=("party", "sector", "confirmed_on", "confirmation", "link", "note"),
            state_field="confirmed_on",
        ),
        Register(
            slug="deliverables",
            model=Deliverable,
            form=DeliverableForm,
            title=_("Opleverproducten"),
            new_label=_("Nieuw opleverproduct"),
            filters=(),
            export_fields=("title", "kpi", "due_on", "delivered_on", "document_url", "note"),
            state_field="delivered_on",
            related=("kpi",),
        ),
    ]
}
