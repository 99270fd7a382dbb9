"""Runs the automated accessibility checks and writes their results into accessibility/results.json.

The checks are the test tests/accessibility/test_automated_checks.py (axe-core in Chromium and the Nu
Html Checker on every page, as the suite runs them); with ACCESSIBILITY_WRITE_RESULTS=1 it writes the file
the statement renders from instead of comparing with it. Needs what `make test` needs (requirements-dev,
Chromium, Java, a test database). Commit the file afterwards.
"""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accessibility.statement import RESULTS_FILE

CHECKS = "tests/accessibility/test_automated_checks.py::test_the_committed_results_are_what_the_checks_find_now"


class Command(BaseCommand):
    help = "Runs axe and the Nu Html Checker on every page and writes accessibility/results.json."

    def handle(self, *args, **options):
        command = [sys.executable, "-m", "pytest", CHECKS, "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
        env = {**os.environ, "ACCESSIBILITY_WRITE_RESULTS": "1"}
        result = subprocess.run(command, cwd=settings.BASE_DIR, env=env)
        if result.returncode:
            raise CommandError(f"the checks did not run through (pytest exit code {result.returncode})")
        self.stdout.write(f"Wrote {RESULTS_FILE.relative_to(settings.BASE_DIR)}; commit it.")
