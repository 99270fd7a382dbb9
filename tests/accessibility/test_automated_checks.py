"""The automated checks behind the accessibility statement (/toegankelijkheid/): axe-core in Chromium and
the Nu Html Checker on every HTML page of the URL conf, in Dutch and in English, as the secretariat (who
sees the most) and, for the public pages, as an anonymous visitor.

The statement renders from accessibility/results.json. Run as part of the suite, this test fails when
that committed file no longer says what the checks find now: a page added or gone, a violation found or
fixed, another version of axe-core or vnu. Only the date of the check (and the browser's build, which
Debian updates on its own, and the pages' titles) are not compared. `manage.py accessibility_check` runs
this same test with ACCESSIBILITY_WRITE_RESULTS=1: then it writes the file, to be committed.
"""

import datetime as dt
import importlib.metadata
import json
import os
import re
import subprocess
from collections import defaultdict

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accessibility.statement import RESULTS_FILE
from taskforce.models import User
from tests.taskforce.test_html_validity import ANONYMOUS, NOT_HTML, VNU_JAR, content, vnu_errors
from tests.taskforce.test_url_access import url_arguments, url_names

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("in_week_four")]

STANDARD = "WCAG 2.1 AA"
# axe-core's rules for the success criteria of WCAG 2.0 and 2.1 at levels A and AA; its best practices
# are no requirement of the standard, so they are left to the other browser tests.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LANGUAGES = ("nl", "en")
__all__ = ["content"]  # a fixture, imported to be used here
# htmx fragments, not pages: each is checked inside the page that loads it (and as a fragment by vnu in
# tests/taskforce/test_html_validity.py).
FRAGMENTS = {
    "imports:progress": "the import's progress, polled into its page",
    "notifications:people": "the @mention picker's list of names",
}
WRITE = os.environ.get("ACCESSIBILITY_WRITE_RESULTS") == "1"
# Pages whose content a script renders after the load event: axe waits for it, or it checks an empty
# page on a fast machine and the whole page on a slow one.
RENDERED_BY_SCRIPT = {
    "api:docs": "#swagger-ui .opblock",
}


def criteria(tags: list[str]) -> list[str]:
    """axe's tags wcag143, wcag1410 as success criteria 1.4.3, 1.4.10."""
    found = (re.fullmatch(r"wcag(\d)(\d)(\d{1,2})", tag) for tag in tags)
    return sorted({".".join(match.groups()) for match in found if match})


def html_pages() -> list[tuple[str, str]]:
    """(URL name, route) of every page the checks open: all of the URL conf that answers HTML."""
    pages, seen = [], set()
    for name, route in url_names():
        if name not in seen and name not in NOT_HTML and name not in FRAGMENTS:
            pages.append((name, route))
        seen.add(name)
    return pages


def vnu_version() -> str:
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--version"], capture_output=True, text=True, timeout=60)
    return result.stdout.strip() or result.stderr.strip()


def session_cookie(user: User, base_url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def run_checks(browser, live_server, secretariat) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    arguments = url_arguments(secretariat.pk)
    pages = html_pages()
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    found: dict[tuple[str, str], dict] = {}
    documents: dict[str, str] = {}
    labels: dict[str, str] = {}
    axe_core = ""
    for language in LANGUAGES:
        User.objects.filter(pk=secretariat.pk).update(language=language)
        signed_in = browser.new_context(viewport={"width": 1280, "height": 800})
        signed_in.add_cookies([session_cookie(secretariat, live_server.url)])
        anonymous = browser.new_context(viewport={"width": 1280, "height": 800})
        anonymous.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        tabs = {"signed_in": signed_in.new_page(), "anonymous": anonymous.new_page()}
        for name, route in pages:
            tab = tabs["anonymous" if name in ANONYMOUS else "signed_in"]
            response = tab.goto(live_server.url + reverse(name, kwargs=arguments.get(name, {})))
            assert response is not None and response.status == 200, f"{name}: {response and response.status}"
            if name in RENDERED_BY_SCRIPT:
                tab.locator(RENDERED_BY_SCRIPT[name]).first.wait_for()
            label = f"/{route} ({language})"
            titles[name][language] = re.sub(r"\s*·[^·]*$", "", tab.title()).strip()
            key = f"page{len(documents)}"
            documents[key], labels[key] = response.text(), label
            assert documents[key].lstrip().lower().startswith("<!doctype"), (
                f"{name} is a fragment: list it in FRAGMENTS"
            )
            results = axe.run(tab, options=AXE_OPTIONS).response
            axe_core = results["testEngine"]["version"]
            for violation in results["violations"]:
                entry = found.setdefault(
                    ("axe", violation["id"]),
                    {
                        "tool": "axe",
                        "rule": violation["id"],
                        "criteria": criteria(violation["tags"]),
                        "impact": violation.get("impact") or "",
                        "description": violation["help"],
                        "help_url": violation.get("helpUrl", "").split("?")[0],
                        "pages": [],
                    },
                )
                entry["pages"].append(label)
        signed_in.close()
        anonymous.close()

    # vnu's errors read "label:line:column: message «extract»"; the message is the rule.
    for error in vnu_errors(documents):
        key, _line, _column, rest = error.split(":", 3)
        message = rest.strip().rsplit(" «", 1)[0]
        entry = found.setdefault(
            ("vnu", message),
            {
                "tool": "vnu",
                "rule": message,
                "criteria": ["4.1.1"],
                "impact": "",
                "description": message,
                "help_url": "",
                "pages": [],
            },
        )
        if labels.get(key, key) not in entry["pages"]:
            entry["pages"].append(labels.get(key, key))

    return {
        "checked_on": time_machine.escape_hatch.datetime.datetime.now().date().isoformat(),
        "standard": STANDARD,
        "tools": {
            "axe_core": axe_core,
            "axe_playwright_python": importlib.metadata.version("axe-playwright-python"),
            "vnu": vnu_version(),
        },
        "browser": f"Chromium {browser.version}",
        "pages": [
            {"name": name, "route": route, "languages": list(LANGUAGES), "titles": titles[name]}
            for name, route in pages
        ],
        "violations": sorted(
            ({**entry, "pages": sorted(entry["pages"])} for entry in found.values()),
            key=lambda v: (v["tool"], v["rule"]),
        ),
    }


def comparable(results: dict) -> dict:
    """What must match: everything but the date, the browser's build and the titles."""
    return {
        "standard": results["standard"],
        "tools": results["tools"],
        "pages": [{k: page[k] for k in ("name", "route", "languages")} for page in results["pages"]],
        "violations": results["violations"],
    }


@pytest.mark.usefixtures("content")  # the same data on the pages as the Nu Html Checker's walk
def test_the_committed_results_are_what_the_checks_find_now(browser, live_server, secretariat):
    results = run_checks(browser, live_server, secretariat)
    if WRITE:
        RESULTS_FILE.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    assert RESULTS_FILE.is_file(), "no accessibility/results.json: run `manage.py accessibility_check`"
    committed = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    now, then = comparable(results), comparable(committed)
    differences = [
        f"{key}: committed {json.dumps(then[key], ensure_ascii=False)[:600]}, "
        f"now {json.dumps(now[key], ensure_ascii=False)[:600]}"
        for key in now
        if now[key] != then[key]
    ]
    assert not differences, (
        "accessibility/results.json is out of date; run `manage.py accessibility_check` and commit it:\n"
        + "\n".join(differences)
    )


def test_the_results_list_every_html_page_of_the_url_conf():
    """The cheap half of the check above, without a browser: a new page fails here at once."""
    committed = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    listed = [(page["name"], page["route"]) for page in committed["pages"]]
    assert listed == html_pages()
    assert dt.date.fromisoformat(committed["checked_on"]) <= time_machine.escape_hatch.datetime.datetime.now().date()
