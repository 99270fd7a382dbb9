"""Points the KPIs seeded from the proposal at their register rules, on databases seeded before them.

Only KPIs still measured by hand are changed, so a source someone chose in the admin stays.
A fresh database gets the same from seed_taskforce (taskforce/seed_data.py).
"""

from django.db import migrations

SOURCES = {
    "verbinden-kpi-1": "collaborations_started",
    "voorkomen-kpi-1": "open_shortages",
    "voorbereiden-kpi-1": "overview_delivered",
    "voorbereiden-kpi-2": "supporters",
}


def forwards(apps, schema_editor):
    KPI = apps.get_model("kpis", "KPI")
    for seed_key, source in SOURCES.items():
        KPI.objects.filter(seed_key=seed_key, source="manual").update(source=source)


def backwards(apps, schema_editor):
    KPI = apps.get_model("kpis", "KPI")
    for seed_key, source in SOURCES.items():
        KPI.objects.filter(seed_key=seed_key, source=source).update(source="manual")


class Migration(migrations.Migration):
    dependencies = [
        ("registers", "0001_initial"),
        ("kpis", "0003_kpi_register_sources"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
