"""Walk the app as each demo role, in Dutch and English, at a desktop and a phone size.

Starts its own server on a fresh SQLite copy of the seeded taskforce, visits every page a role reaches
from the menu plus one of each detail page, and writes a full-page screenshot of each to
test-artifacts/walk/ with a summary (walk.json) of what a person would notice at once: a page wider
than the window, an error status, a console error, Dutch words on an English page.

    .venv/bin/python scripts/walk.py [--roles lid,trekker] [--sizes 390x844] [--languages en]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "walk"
ROLES = ["secretariaat", "taskforce", "trekker", "lid", "ministerie"]
SIZES = ["1280x800", "390x844"]
LANGUAGES = ["nl", "en"]
PASSWORD = "walk-the-app-1"
# Paths (prefixes) the walk never opens: downloads, the admin (checked separately) and logout.
SKIP = ("/admin/", "/logout", "/accounts/logout", "/i18n/", "/static/")
SKIP_SUFFIX = (".csv", ".xlsx", ".pdf", ".json", ".ics")


def _dutch_messages() -> list[str]:
    """The app's own Dutch texts of three words or more, which an English page must not show."""
    import polib

    catalogue = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    texts = {e.msgid for e in catalogue if e.msgstr and e.msgstr != e.msgid and "%" not in e.msgid}
    return sorted((t for t in texts if len(t.split()) >= 3 and "<" not in t and "{" not in t), key=len, reverse=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(env: dict) -> None:
    manage = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "seed_taskforce", "--demo-users"], env=env, check=True, stdout=subprocess.DEVNULL)
    code = (
        "from taskforce.models import User\n"
        f"for u in User.objects.filter(username__in={ROLES!r}):\n"
        f"    u.set_password({PASSWORD!r}); u.save()\n"
    )
    subprocess.run([*manage, "shell", "-c", code], env=env, check=True)


def _set_language(env: dict, language: str) -> None:
    code = (
        f"from taskforce.models import User\nUser.objects.filter(username__in={ROLES!r}).update(language={language!r})"
    )
    subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py"), "shell", "-c", code], env=env, check=True)


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc and parts.netloc != urlsplit(base).netloc:
            continue
        path = parts.path
        if not path.startswith("/") or path.startswith(SKIP) or path.endswith(SKIP_SUFFIX):
            continue
        paths.append(path + (f"?{parts.query}" if parts.query else ""))
    return paths


def walk(base: str, env: dict, roles: list[str], sizes: list[str], languages: list[str], limit: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    dutch_messages = _dutch_messages()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for language in languages:
            _set_language(env, language)
            for role in roles:
                for size in sizes:
                    width, height = map(int, size.split("x"))
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    errors: list[str] = []
                    page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
                    page.goto(f"{base}/accounts/login/")
                    page.fill("input[name=username]", role)
                    page.fill("input[name=password]", PASSWORD)
                    page.click("button[type=submit], input[type=submit]")
                    page.wait_for_load_state()
                    seen: set[str] = set()
                    queue = ["/", *_links(page, base)]
                    kinds: set[str] = set()
                    while queue and len(seen) < limit:
                        path = queue.pop(0)
                        # One page per kind of URL: /actions/12/ and /actions/13/ are the same page.
                        kind = re.sub(r"/\d+", "/N", path.split("?")[0])
                        if path in seen or kind in kinds:
                            continue
                        seen.add(path)
                        kinds.add(kind)
                        del errors[:]
                        response = page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        status = response.status if response else 0
                        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                        text = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
                        dutch = [t for t in dutch_messages if t in text] if language == "en" else []
                        shot = OUT / f"{role}-{language}-{size}-{_name(path)}.png"
                        page.screenshot(path=str(shot), full_page=True)
                        results.append(
                            {
                                "role": role,
                                "language": language,
                                "size": size,
                                "path": path,
                                "status": status,
                                "overflow_px": overflow,
                                "console_errors": list(errors),
                                "dutch_words": dutch,
                                "screenshot": str(shot.relative_to(ROOT)),
                            }
                        )
                        queue.extend(_links(page, base))
                    context.close()
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--limit", type=int, default=60, help="pages per role, language and size")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "walk.sqlite3"
    db.unlink(missing_ok=True)
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{db}"}
    env.pop("REDIS_URL", None)
    _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        results = walk(
            f"http://127.0.0.1:{port}",
            env,
            args.roles.split(","),
            args.sizes.split(","),
            args.languages.split(","),
            args.limit,
        )
    finally:
        server.terminate()
    (OUT / "walk.json").write_text(json.dumps(results, indent=1))
    problems = [
        r for r in results if r["status"] >= 400 or r["overflow_px"] > 0 or r["console_errors"] or r["dutch_words"]
    ]
    for r in problems:
        print(
            f"{r['role']:13} {r['language']} {r['size']:8} {r['path']:45} status={r['status']} "
            f"overflow={r['overflow_px']} console={len(r['console_errors'])} dutch={' | '.join(r['dutch_words'])[:200]}"
        )
    print(f"{len(results)} pages walked, {len(problems)} with something to look at; screenshots in {OUT}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
