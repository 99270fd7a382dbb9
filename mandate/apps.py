from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandateConfig(AppConfig):
    name = "mandate"
    verbose_name = _("Mandaat, budget en uitvoering")
