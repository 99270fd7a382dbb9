"""`manage.py accessibility_check` runs the very test the suite runs, told to write the results file."""

import subprocess

import pytest
from django.core.management import CommandError, call_command

from accessibility.management.commands import accessibility_check


def test_the_command_runs_the_checks_test_in_writing_mode(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(
        accessibility_check.subprocess, "run", lambda command, **kw: calls.append((command, kw)) or _done(0)
    )

    call_command("accessibility_check")

    command, options = calls[0]
    assert accessibility_check.CHECKS in command
    assert options["env"]["ACCESSIBILITY_WRITE_RESULTS"] == "1"
    assert "accessibility/results.json" in capsys.readouterr().out


def test_the_command_fails_when_the_checks_do_not_run_through(monkeypatch):
    monkeypatch.setattr(accessibility_check.subprocess, "run", lambda command, **kw: _done(1))

    with pytest.raises(CommandError):
        call_command("accessibility_check")


def _done(code: int) -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess(args=[], returncode=code)
