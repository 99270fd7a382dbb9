"""The embedded default (SQLite, as `make run` uses it) under use: eight people adding progress notes
at once while the daily jobs and the digest run beside them. Nothing fails, nothing is lost.

Runs on a SQLite file of its own, in processes of their own (each with its own connection, as the
web server, the worker and beat have), not on the test PostgreSQL.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITERS, NOTES_EACH, SNAPSHOT_RUNS = 8, 40, 15

SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_taskforce", verbosity=0)
from taskforce.models import User
from workstreams.models import Action
for n in range({writers}):
    User.objects.create_user(f"writer{{n}}", email=f"writer{{n}}@example.org", role=User.Role.TASKFORCE)
print(Action.objects.count())
"""
WRITER = """
import sys
from taskforce.models import User
from workstreams.models import Action
from workstreams.services import note_add
user = User.objects.get(username=sys.argv[1])
actions = list(Action.objects.order_by("id")[:10])
for i in range({notes}):
    note_add(action=actions[i % len(actions)], user=user, text=f"{{user.username}} {{i}}")
"""
JOBS = """
from dashboards.services import snapshot_take
from mailings.digest import digest_run
for _ in range({runs}):
    snapshot_take()
digest_run()
"""


def _python(code: str, env: dict, *args: str) -> subprocess.Popen:
    program = "import django; django.setup()\n" + code
    return subprocess.Popen(
        [sys.executable, "-c", program, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_writers_and_the_daily_jobs_all_succeed_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taskforce.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'taskforce.sqlite3'}",
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CONN_MAX_AGE": "0",
    }
    setup = _python(SETUP.format(writers=WRITERS), env)
    out, err = setup.communicate(timeout=300)
    assert setup.returncode == 0, err

    processes = [_python(WRITER.format(notes=NOTES_EACH), env, f"writer{n}") for n in range(WRITERS)]
    processes.append(_python(JOBS.format(runs=SNAPSHOT_RUNS), env))
    failures = []
    for process in processes:
        _out, err = process.communicate(timeout=600)
        if process.returncode != 0:
            failures.append(err[-2000:])
    assert failures == []

    check = _python(
        "from workstreams.models import ProgressNote\nfrom dashboards.models import WorkstreamSnapshot\n"
        "print(ProgressNote.objects.filter(author__username__startswith='writer').count(),"
        " WorkstreamSnapshot.objects.count())",
        env,
    )
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, err
    notes, snapshots = map(int, out.split())
    assert notes == WRITERS * NOTES_EACH  # no write lost
    assert snapshots == 3  # one a day per workstream, updated 15 times
