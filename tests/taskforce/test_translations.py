"""One English catalogue (Dutch is the source language), complete, each message once, and compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What is not the app's own text: installed packages, generated files, the tests themselves.
NOT_SOURCE = {
    ".git",
    ".venv",
    "node_modules",
    "var",
    "tests",
    "scripts",
    "test-artifacts",
    "locale",
    "bench-results",
    "mutants",
}


def _scan(tmp_path: Path) -> polib.POFile:
    """makemessages over a copy of the source, so the repository's catalogue is never touched."""
    for source in ROOT.iterdir():
        if source.name in NOT_SOURCE or source.name.startswith("."):
            continue
        if source.is_dir():
            ignore = shutil.ignore_patterns("migrations", "__pycache__", "vendor")
            shutil.copytree(source, tmp_path / source.name, ignore=ignore)
        elif source.suffix == ".py":
            shutil.copy(source, tmp_path / source.name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-v", "0"],
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "true"},
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


# Dutch for installed packages' own text that they leave untranslated (the admin's); never the app's.
PACKAGE_CATALOGUES = [ROOT / "locale" / "nl" / "LC_MESSAGES" / f"{domain}.po" for domain in ("django", "djangojs")]
SITE_PACKAGES = Path(polib.__file__).resolve().parent


def test_there_is_one_catalogue():
    installed = {".venv", "node_modules", "mutants"}  # mutants: make mutate's copy
    catalogues = [p.relative_to(ROOT) for p in ROOT.rglob("*.po") if not installed & set(p.relative_to(ROOT).parts)]
    assert sorted(catalogues) == sorted(p.relative_to(ROOT) for p in [CATALOGUE, *PACKAGE_CATALOGUES])


def test_the_dutch_catalogue_holds_packages_text_only(tmp_path):
    app_text = {entry.msgid for entry in _scan(tmp_path)}
    package_text = {entry.msgid for path in PACKAGE_CATALOGUES for entry in polib.pofile(str(path))}
    assert package_text & app_text == set()


def _package_messages(tmp_path: Path, *packages: str) -> set[str]:
    """The msgids of installed packages' Python code, read with xgettext."""
    sources = [
        str(p) for package in packages for p in (SITE_PACKAGES / package).rglob("*.py") if "migrations" not in p.parts
    ]
    keywords = ["_", "gettext", "gettext_lazy", "ngettext:1,2", "ngettext_lazy:1,2", "pgettext:1c,2"]
    pot = tmp_path / "packages.pot"
    subprocess.run(
        [
            "xgettext",
            "-L",
            "Python",
            "--from-code=UTF-8",
            *[f"--keyword={k}" for k in keywords],
            "-o",
            str(pot),
            *sources,
        ],
        check=True,
    )
    return {entry.msgid for entry in polib.pofile(str(pot))}


def test_the_admin_packages_speak_dutch(tmp_path):
    """What Django's Dutch lacks in the admin, and django-celery-beat and django-axes have none of."""
    ours = {entry.msgid for path in PACKAGE_CATALOGUES for entry in polib.pofile(str(path)) if _translated(entry)}
    admin = SITE_PACKAGES / "django" / "contrib" / "admin" / "locale"
    missing = []
    for domain in ("django", "djangojs"):
        dutch = {e.msgid for e in polib.pofile(str(admin / "nl" / "LC_MESSAGES" / f"{domain}.po")) if _translated(e)}
        english = polib.pofile(str(admin / "en" / "LC_MESSAGES" / f"{domain}.po"))
        missing += [e.msgid for e in english if e.msgid not in dutch | ours]
    missing += sorted(_package_messages(tmp_path, "django_celery_beat", "axes") - ours - {""})
    assert missing == [], "Add Dutch to locale/nl/LC_MESSAGES/*.po"


def test_every_text_of_the_app_is_translated_once(tmp_path):
    found = _scan(tmp_path)
    assert len(found) > 500  # the scan really read the app's texts
    catalogue = polib.pofile(str(CATALOGUE))
    translations = {}
    for entry in catalogue:
        key = (entry.msgctxt, entry.msgid)
        assert key not in translations, f"translated twice: {key}"
        translations[key] = entry
    missing = [(e.msgctxt, e.msgid) for e in found if (e.msgctxt, e.msgid) not in translations]
    assert missing == [], "Not in locale/en/LC_MESSAGES/django.po (run `make makemessages`):\n" + "\n".join(
        map(str, missing)
    )
    untranslated = [(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete and not _translated(e)]
    assert untranslated == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_the_catalogue_is_compiled(tmp_path):
    compiled = tmp_path / "django.mo"
    # --check-format also fails on a translation that drops or renames a %(placeholder)s.
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)
    installed = CATALOGUE.with_suffix(".mo")
    assert installed.exists(), "run `make messages`"
    assert installed.read_bytes() == compiled.read_bytes(), "the .mo is older than the .po: run `make messages`"


def test_one_dutch_word_can_have_two_english_ones():
    from django.utils import translation
    from django.utils.translation import pgettext

    with translation.override("en"):
        assert pgettext("goal", "Doel") == "Goal"
        assert pgettext("KPI target", "Doel") == "Target"


def test_one_voice_per_language():
    """Dutch says "u", never "je" or "jij"; English names the taskforce one way."""
    import re

    catalogue = polib.pofile(str(CATALOGUE))
    informal = [e.msgid for e in catalogue if re.search(r"\b(je|jij|jouw|jou)\b", e.msgid, re.IGNORECASE)]
    assert informal == []
    english = [e.msgstr for e in catalogue] + [s for e in catalogue for s in e.msgstr_plural.values()]
    assert [s for s in english if "Taskforce Vaccins" in s or "Vaccines Taskforce" in s] == []


GLOSSARY = {
    "Op koers": "On track",
    "Op schema": "On track",
    "Aandacht nodig": "Needs attention",
    "Achter op schema": "Behind schedule",
    "Achter op doel": "Behind target",
    "Taskforce Vaccins": "Vaccine Taskforce",
    "Trekker": "Lead",
    "Werkstroom": "Workstream",
}


def test_one_dutch_term_has_one_english_term():
    """The glossary in the catalogue's header; "on schedule" was a second name for "on track"."""
    catalogue = polib.pofile(str(CATALOGUE))
    assert {msgid: catalogue.find(msgid).msgstr for msgid in GLOSSARY} == GLOSSARY
    english = [e.msgstr for e in catalogue] + [s for e in catalogue for s in e.msgstr_plural.values()]
    assert [s for s in english if "on schedule" in s.lower()] == []


def test_counts_choose_their_plural_form():
    """A count in front of a word needs ngettext / {% blocktranslate count %}, else "1 dagen"."""
    import re

    catalogue = polib.pofile(str(CATALOGUE))
    # "3 van 5", "Versie 3 is …", "Basislijn 2 vastgelegd" count nothing.
    counted = re.compile(r"%\((n|count|days|number)\)[sd] (?!van\b|om\b|is\b|vastgelegd\b)[a-zé]+")
    assert [e.msgid for e in catalogue if not e.msgid_plural and counted.search(e.msgid)] == []


def test_a_computed_value_is_noted_in_the_readers_language():
    from django.utils import translation

    from kpis.models import Measurement

    measurement = Measurement(computed=True, note="Berekend uit het register")
    with translation.override("en"):
        assert measurement.note_shown == "Computed from the register"
    assert Measurement(computed=False, note="Eigen telling").note_shown == "Eigen telling"
