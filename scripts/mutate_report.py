"""After `mutmut run`: mutants per module, every one not killed by name, and exit 1 if there is any.

Usage: python scripts/mutate_report.py PATTERN... (the mutant-name patterns given to `mutmut run`).
Reads mutmut's own result files (mutants/**/*.py.meta); run from the project root.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path

# mutmut's exit codes (mutmut/stats.py): 1 and 3 are kills, a timeout means the mutant hung the tests.
CAUGHT = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
NAMES = {0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}


def main(patterns: list[str]) -> int:
    counts: dict[str, Counter] = {}
    bad: list[tuple[str, str]] = []
    timeouts: list[str] = []
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        source = meta.relative_to("mutants").with_suffix("")  # workstreams/status.py
        pragmas = sum("pragma: no mutate" in line for line in source.read_text().splitlines())
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if not any(fnmatchcase(name, pattern) for pattern in patterns):
                continue
            row = counts.setdefault(str(source), Counter(excluded_lines=pragmas))
            row["total"] += 1
            status = CAUGHT.get(code) or NAMES.get(code, f"suspicious (exit {code})")
            row[status if status in ("killed", "timeout", "survived") else "other"] += 1
            if code not in CAUGHT:
                bad.append((name, status))
            elif status == "timeout":
                timeouts.append(name)
    print(f"{'module':32} {'total':>6} {'killed':>7} {'timeout':>8} {'survived':>9} {'other':>6}  lines excluded")
    for source, row in counts.items():
        print(
            f"{source:32} {row['total']:>6} {row['killed']:>7} {row['timeout']:>8} {row['survived']:>9}"
            f" {row['other']:>6}  {row['excluded_lines']}"
        )
    for name in timeouts:
        print(f"  timeout (counted as caught: the tests hung or ran far too long): {name}")
    for name, status in bad:
        print(f"  {status}: {name}   (mutmut show {name})")
    if not counts:
        print("No mutants matched: did `mutmut run` run?")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
