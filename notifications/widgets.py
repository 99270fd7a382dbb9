"""The attributes that give a textarea the @mention picker (static/js/mentions.js)."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


def mention_attrs(*, scope: str = "", **attrs) -> dict:
    """`scope="update"` offers only the people who read weekly updates that are not approved yet."""
    return {
        **attrs,
        "data-mention-url": reverse_lazy("notifications:people"),
        "data-mention-scope": scope,
        "data-mention-help": _("Typ @ en een naam om iemand te noemen; die krijgt een melding."),
        "data-mention-status": _("Personen gevonden: %(count)s. Kies met de pijltjestoetsen en Enter."),
    }
