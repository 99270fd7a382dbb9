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


def test_there_is_one_catalogue():
    installed = {".venv", "node_modules", "mutants"}  # mutants: make mutate's copy
    catalogues = [p.relative_to(ROOT) for p in ROOT.rglob("*.po") if not installed & set(p.relative_to(ROOT).parts)]
    assert catalogues == [CATALOGUE.relative_to(ROOT)]


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
    informal = [e.msgid for e in catalogue if re.search(r"\b([Jj]e|[Jj]ij|[Jj]ouw|[Jj]ou)\b", e.msgid)]
    assert informal == []
    english = [e.msgstr for e in catalogue] + [s for e in catalogue for s in e.msgstr_plural.values()]
    assert [s for s in english if "Taskforce Vaccins" in s or "Vaccines Taskforce" in s] == []
