"""Every Dutch text in the code and templates has an English translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *("taskforce", "kpis", "workstreams", "recommendations", "meetings", "registers"),
    *("dashboards", "search", "mailings", "seeding"),
    *("templates", "static/js", "manage.py"),
]


def test_every_message_has_an_english_translation(tmp_path):
    # makemessages on a copy, so the repository's catalogues are never touched.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("migrations", "__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-v", "0"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    found = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    ours = sorted(str(p) for p in ROOT.glob("locale/*/en/LC_MESSAGES/django.po"))
    merged = tmp_path / "merged.po"
    subprocess.run(["msgcat", "--use-first", *ours, "-o", str(merged)], check=True)
    result = tmp_path / "result.po"
    subprocess.run(["msgmerge", "-q", "--no-fuzzy-matching", str(merged), str(found), "-o", str(result)], check=True)
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(result)], check=True, capture_output=True, text=True
    ).stdout
    assert untranslated == "", "Untranslated (add them to a catalogue in locale/*/en/):\n" + untranslated
    assert found.read_text().count("msgid") > 500  # the scan really found the app's texts
