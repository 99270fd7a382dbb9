"""Time (and optionally profile) one weekly digest run against a local SMTP sink, repeatably.

Runs against the database in DATABASE_URL (fill it with `seed_taskforce` and `generate_data`), with the
same production settings `make bench` uses. Before each run it removes this period's digest deliveries,
so every run sends to everyone again; earlier periods are left alone.

    DEBUG=false SECRET_KEY=... DATABASE_URL=postgres://.../taskforce_perfdigest_data \
        .venv/bin/python scripts/profile_digest.py [--profile out.prof] [--top 40]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", help="write cProfile data to this file and print the top functions")
    parser.add_argument("--top", type=int, default=40)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from smtp_sink import start_counting_sink

    from mailings.digest import digest_period, digest_run
    from mailings.models import Delivery
    from taskforce.celery import app
    from taskforce.models import Taskforce

    sink, controller = start_counting_sink(settings)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True

    period = digest_period(Taskforce.current(), timezone.localdate())
    Delivery.objects.filter(kind=Delivery.Kind.DIGEST, period=period).delete()
    profiler = cProfile.Profile() if options.profile else None
    try:
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started, own_started = time.perf_counter(), time.process_time(), time.thread_time()
            if profiler:
                profiler.enable()
            report = digest_run()
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            own = time.thread_time() - own_started
    finally:
        controller.stop()
    mails = sink.messages
    print(
        f"period {report.period}: {len(report.sent)} sent, {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed, {len(report.already)} already; {mails} mails in {seconds:.1f} s "
        f"({mails / seconds:.1f} mails/s); CPU {cpu:.1f} s, of which the digest {own:.1f} s and the SMTP sink's thread "
        f"{cpu - own:.1f} s; {len(queries)} queries "
        f"({len(queries) / mails if mails else 0:.2f} per mail)"
    )
    if profiler:
        profiler.dump_stats(options.profile)
        stats = pstats.Stats(options.profile)
        stats.sort_stats("cumulative").print_stats(options.top)
        stats.sort_stats("tottime").print_stats(options.top)


if __name__ == "__main__":
    main()
