"""make run's worker and beat come back when they exit (scripts/respawn), and stop when told to."""

import signal
import subprocess
from pathlib import Path

from tests.workers import wait_for

RESPAWN = Path(__file__).resolve().parents[2] / "scripts" / "respawn"


def test_a_process_that_exits_is_started_again_and_a_term_stops_it(tmp_path):
    starts = tmp_path / "starts"
    loop = subprocess.Popen([str(RESPAWN), "sh", "-c", f"echo start >> {starts}; sleep 0.3"], stderr=subprocess.PIPE)
    try:
        wait_for(lambda: starts.exists() and len(starts.read_text().split()) >= 2, "a second start", timeout=30)
    finally:
        loop.send_signal(signal.SIGTERM)
    assert loop.wait(timeout=10) == 0
    assert b"exited with status 0; starting it again" in loop.stderr.read()


def test_a_killed_process_is_started_again(tmp_path):
    pid_file = tmp_path / "pid"
    loop = subprocess.Popen([str(RESPAWN), "sh", "-c", f"echo $$ > {pid_file}; exec sleep 60"])
    try:
        first = int(wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), "the first start"))
        subprocess.run(["kill", "-KILL", str(first)], check=True)
        second = wait_for(
            lambda: pid_file.read_text().strip() not in ("", str(first)) and pid_file.read_text().strip(),
            "the restart",
            timeout=30,
        )
        assert int(second) != first
    finally:
        loop.send_signal(signal.SIGTERM)
        loop.wait(timeout=10)
