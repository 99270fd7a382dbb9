"""The bench runner's in-app parts: its login, its page table and its report (no timing is tested)."""

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

spec = importlib.util.spec_from_file_location("bench", Path(__file__).resolve().parents[2] / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench"] = bench  # dataclasses look their module up there
spec.loader.exec_module(bench)


@pytest.fixture
def generated(taskforce):
    call_command("generate_data", scale="real", stdout=io.StringIO())


def test_the_bench_session_is_logged_in_as_the_trekker(generated):
    cookies = bench.login_cookies(bench.bench_data().user)
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value

    response = client.get("/mijn-werk/")  # the home page redirects members here

    assert response.status_code == 200
    assert response.wsgi_request.user.username == "trekker"


def test_a_url_name_that_does_not_resolve_is_reported_missing(generated):
    page = bench.Page("nowhere", "workstreams:does_not_exist")

    assert bench.build_request(page, {"csrftoken": "x"}) == {"missing": "no URL named 'workstreams:does_not_exist'"}


def test_a_post_carries_the_csrf_secret_the_cookie_holds(generated):
    page = bench.Page("language", "set_language", method="POST", form=lambda d: {"language": "en"})
    cookies = bench.login_cookies(bench.bench_data().user)

    request = bench.build_request(page, cookies)
    client = Client(enforce_csrf_checks=True)
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.post(request["path"], request["form"])

    assert request["path"] == "/i18n/setlang/"
    assert response.status_code == 302


def test_the_probe_counts_queries_and_marks_pages_that_are_not_built_yet(generated):
    pages = bench.probe()["pages"]

    assert pages[bench.FLOOR]["status"] == 200
    assert pages[bench.FLOOR]["queries"] >= 1
    assert all("missing" in page or "status" in page for page in pages.values())


def test_the_report_shows_ratios_to_the_floor_missing_pages_and_query_growth():
    def wrk(median, requests=1000):
        return {
            "median_ms": median,
            "p95_ms": median * 2,
            "rps": requests / 10,
            "requests": requests,
            "seconds": 10,
            "non_2xx_3xx": 0,
            "socket_errors": 0,
        }

    report = {
        "machine": {"cpus": 2, "load_average": (0.5, 0.5, 0.5)},
        "scales": {
            scale: {
                "seconds": {"generate": 1.0},
                "load_before": 0.5,
                "pages": {
                    bench.FLOOR: {"status": 200, "queries": 2, "wrk": wrk(2.0)},
                    "dashboard": {"status": 200, "queries": queries, "wrk": wrk(7.0)},
                    "slow export": {"status": 200, "queries": 5, "alone_ms": 12000.0, "wrk": wrk(0, requests=0)},
                    "xlsx export": {"missing": "no URL named 'export_xlsx'"},
                },
                "digest": {"status": "missing", "detail": "no module mailings.digest"},
            }
            for scale, queries in (("real", 9), ("large", 12))
        },
    }
    report["scales"]["x10"] = {"scale": "x10", "error": "manage.py migrate failed:\nboom"}

    text = bench.render(report)

    assert "3.5" in text  # 7.0 ms / 2.0 ms
    assert "none in 10 s" in text
    assert "no URL named 'export_xlsx'" in text
    assert "dashboard       9     12     yes" in text
    assert "x10    -" in text and "boom" in text
    assert "digest: missing (no module mailings.digest)" in text


def test_the_digest_line_says_why_nobody_got_a_mail():
    report = {
        "machine": {"cpus": 2, "load_average": (0.5, 0.5, 0.5)},
        "scales": {
            "real": {
                "error": "wrk failed",
                "digest": {
                    "status": "ok",
                    "people": 5,
                    "mails": 0,
                    "seconds": 0.2,
                    "mails_per_second": 0,
                    "queries_per_mail": None,
                    "outcome": {"sent": 0, "skipped": 5},
                },
            }
        },
    }

    assert "digest: 0 mails for 5 people in 0.2 s (0 sent, 5 skipped)" in bench.render(report)


# --- Light pages and 50 connections: the target rows (no timing is tested) ---------------------------


def test_the_light_targets_pass_and_fail_by_their_limits():
    light = {
        "lighthouse": {
            "dashboard": {"score": 93, "benchmark_index": 1200},
            "action": {"score": 72},
            "workstream": {"error": "exited 1"},
        },
        "load": {
            "dashboard": {"p99_ms": 850.0, "errors": 0, "workers": [{"rss_mb": 120}, {"rss_mb": 118}]},
            "workstream": {"p99_ms": 1400.0, "errors": 3, "workers": []},
        },
    }
    rows = {
        (target.split(" (")[0], page): (measured, verdict)
        for target, page, measured, _, verdict in bench.light_rows("real", light)
    }

    assert rows[("lighthouse", "dashboard")] == ("93 (CPU index 1200)", "PASS")
    assert rows[("lighthouse", "action")] == ("72 (CPU index ?)", "FAIL")
    assert rows[("lighthouse", "workstream")] == ("exited 1", "FAIL")
    assert rows[("50 conn 60 s", "dashboard p99 ms")] == ("850", "PASS")
    assert rows[("50 conn 60 s", "dashboard errors")] == ("0", "PASS")
    assert rows[("50 conn 60 s", "dashboard RSS MB/worker")] == ("120, 118", "")
    assert rows[("50 conn 60 s", "workstream p99 ms")] == ("1400", "FAIL")
    assert rows[("50 conn 60 s", "workstream errors")] == ("3", "FAIL")


def test_worker_memory_and_cpu_are_read_for_each_child_of_a_process():
    child = subprocess.Popen(["sleep", "30"])
    try:
        workers = bench.worker_memory(os.getpid())
        cpu = bench.worker_cpu_seconds(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert child.pid in {w["pid"] for w in workers}
    assert all(w["peak_mb"] >= w["rss_mb"] >= 0 for w in workers)
    assert cpu >= 0


def judged_report(**extra):
    def page(median, queries, alone_ms=50.0):
        figures = {"median_ms": median, "p95_ms": median, "rps": 100.0, "requests": 1000, "seconds": 10}
        return {"status": 200, "queries": queries, "alone_ms": alone_ms, "wrk": figures}

    def scale(queries):
        return {
            "pages": {
                bench.FLOOR: page(2.0, 2),
                "dashboard": page(5.0, queries),
                "workstream": page(10.0, 12),
                bench.PEER: page(60.0, 40),
                "xlsx export": page(300.0, 6, alone_ms=400.0),
            },
            "digest": {
                "status": "ok",
                "people": 1000,
                "mails": 1000,
                "seconds": 12.5,
                "mails_per_second": 80.0,
                "queries_per_mail": 2.0,
            },
            **extra,
        }

    return {
        "started": "2026-12-02T05:00:00+00:00",
        "finished": "2026-12-02T05:10:00+00:00",
        "machine": {"cpus": 2, "load_average": (1.0, 1.0, 1.0)},
        "options": {"duration": 10},
        "scales": {"real": scale(9), "large": scale(11)},
    }


def test_targets_are_judged_at_the_largest_scale_with_their_figures():
    verdicts = {v["key"]: v for v in bench.judge(judged_report())}

    assert verdicts["page:dashboard:x_floor"]["value"] == 2.5
    assert verdicts["page:dashboard:x_floor"]["verdict"] == "PASS"
    assert verdicts["page:workstream:x_floor"]["verdict"] == "FAIL"  # 5× the floor
    assert verdicts["page:dashboard:query_growth"]["value"] == 2
    assert verdicts["page:dashboard:query_growth"]["verdict"] == "FAIL"
    assert verdicts["peer:x_faster"]["value"] == 6.0
    assert verdicts["peer:x_faster"]["verdict"] == "PASS"
    assert verdicts["page:xlsx export:alone_s"]["verdict"] == "PASS"
    assert verdicts["digest:mails_per_second"]["verdict"] == "FAIL"
    assert verdicts["page:meetings:x_floor"]["verdict"] == "not measured"


def test_another_runs_figures_slot_into_the_targets_by_name():
    report = judged_report(extra={"load": {"dashboard_p99_ms": 800, "dashboard_errors": 3}})

    verdicts = {v["key"]: v["verdict"] for v in bench.judge(report)}

    assert verdicts["load:dashboard_p99_ms"] == "PASS"
    assert verdicts["load:dashboard_errors"] == "FAIL"
    assert verdicts["lighthouse:dashboard_performance"] == "not measured"


def test_the_report_ends_with_the_targets_and_a_machine_readable_summary():
    text = bench.render(judged_report())

    summary = json.loads(next(line for line in text.splitlines() if line.startswith("BENCH_SUMMARY ")).split(" ", 1)[1])
    assert "Targets (judged at the large scale)" in text
    assert summary["scale"] == "large"
    assert summary["targets"]["peer:x_faster"] == "PASS"
    assert summary["PASS"] + summary["FAIL"] + summary["not measured"] == len(bench.TARGETS)


def test_the_docs_page_holds_the_date_the_pages_and_the_targets():
    text = bench.docs_text(judged_report())

    assert "2026-12-02" in text
    assert "| dashboard | 5.0 | 2.5 | 11 |" in text
    assert "| workstream page × faster than the admin's changelist | 6 | ≥ 5 | PASS |" in text
