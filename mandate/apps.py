from django.apps import AppConfig


class MandateConfig(AppConfig):
    name = "mandate"
    verbose_name = "Mandaat, budget en uitvoering"
