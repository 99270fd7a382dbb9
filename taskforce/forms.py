"""Text limits for every form in the app, shown before they bite (the form renderer in settings uses these).

A text field with a maximum length says so in its help text ("Hoogstens 2.000 tekens."), which
static/js/app.js turns into a live counter. The browser's own `maxlength` is left off: it cuts pasted
text off silently, at the end, where nobody looks. Instead the counter turns red and the server refuses
the text with an error while the form shows everything that was typed, so the person decides what goes.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

TEXT_INPUT_TYPES = {"text", "search", "url", "email", "tel"}


def text_limit(field: forms.Field) -> int | None:
    """The maximum length of a field a person types text into, or None."""
    widget = field.widget
    if not isinstance(field, forms.CharField) or not field.max_length or widget.is_hidden:
        return None
    if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", None) in TEXT_INPUT_TYPES:
        return field.max_length
    return None


def limit_number(limit: int) -> str:
    """2.000 in Dutch, 2,000 in English."""
    return number_format(limit, force_grouping=True)


class BoundField(forms.BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.limit = text_limit(field)
        if self.limit:
            shown = format_html(
                '<span class="form-limit">{}</span>',
                _("Hoogstens %(limit)s tekens.") % {"limit": limit_number(self.limit)},
            )
            self.help_text = format_html("{} {}", self.help_text, shown) if self.help_text else shown

    @property
    def data(self):
        # Browsers send a textarea's line breaks as CRLF but count them as one character, as the
        # counter does; stored text gets plain line breaks so that both count the same.
        value = super().data
        if self.limit and isinstance(value, str):
            return value.replace("\r\n", "\n")
        return value

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.limit:
            limit = limit_number(self.limit)
            attrs["maxlength"] = False  # False leaves the attribute out (django/forms/widgets/attrs.html)
            attrs["data-limit"] = self.limit
            attrs["data-limit-count"] = _("%(count)s van %(limit)s tekens") % {"count": "{count}", "limit": limit}
            attrs["data-limit-over"] = _("Te lang: %(count)s van hoogstens %(limit)s tekens. Maak de tekst korter.") % {
                "count": "{count}",
                "limit": limit,
            }
        return attrs


class FormRenderer(DjangoTemplates):
    """Django's renderer, with the bound field above for every form (Django 5.2's bound_field_class)."""

    bound_field_class = BoundField
