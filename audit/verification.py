"""Walking the chain: each entry's hash must match its content, and its prev_hash the entry before it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.models import GENESIS, ChainHead, Entry, content_hash


@dataclass(frozen=True)
class Broken:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.seq}: {self.reason}"


@dataclass(frozen=True)
class Walked:
    count: int
    last_seq: int
    last_hash: str


def walk(records: Iterable[dict[str, Any]], *, after_seq: int, after_hash: str) -> Walked | Broken:
    """The first broken link in `records` (dicts of Entry.content() plus "hash"), in sequence order,
    chained on the entry numbered `after_seq` with hash `after_hash`; else how far the chain reached."""
    seq, last_hash, count = after_seq, after_hash, 0
    for record in records:
        stored = record.pop("hash")
        if record["seq"] != seq + 1:
            return Broken(record["seq"], f"entries #{seq + 1}–#{record['seq'] - 1} are missing")
        if record["prev_hash"] != last_hash:
            return Broken(record["seq"], f"does not chain on entry #{seq} (its previous hash differs)")
        if content_hash(record) != stored:
            return Broken(record["seq"], "its content does not match its hash (changed after it was written)")
        seq, last_hash, count = record["seq"], stored, count + 1
    return Walked(count, seq, last_hash)


def _database_records() -> Iterator[dict[str, Any]]:
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=2000):
        yield {**entry.content(), "hash": entry.hash}


def verify_database() -> Walked | Broken:
    """From the anchor (the last archived entry) to the chain head."""
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(pk=1)
    result = walk(_database_records(), after_seq=head.anchor_seq, after_hash=head.anchor_hash)
    if isinstance(result, Broken):
        return result
    if (result.last_seq, result.last_hash) != (head.last_seq, head.last_hash):
        return Broken(result.last_seq + 1, f"missing: the chain head says the last entry is #{head.last_seq}")
    return result


def _archive_records(files: list[Path]) -> Iterator[dict[str, Any]]:
    seen = 0
    for path in files:
        with path.open(encoding="utf-8") as file:
            for line in file:
                record = json.loads(line)
                if record["seq"] > seen:  # an archive run that was repeated wrote some entries twice
                    seen = record["seq"]
                    yield record


def verify_archive(folder: Path) -> Walked | Broken:
    """The archive files from the first entry on; they must end on the anchor the database chains on."""
    files = sorted(folder.glob("audit-*.jsonl"))
    result = walk(_archive_records(files), after_seq=0, after_hash=GENESIS)
    if isinstance(result, Broken):
        return result
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(pk=1)
    if (result.last_seq, result.last_hash) != (head.anchor_seq, head.anchor_hash):
        return Broken(result.last_seq + 1, f"the archive ends before the anchor, entry #{head.anchor_seq}")
    return result
