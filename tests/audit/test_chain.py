"""The chain: entries cannot be changed through the app, and a change behind its back is found."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from audit.models import GENESIS, AppendOnly, ChainHead, Entry, Kind
from audit.services import record

pytestmark = pytest.mark.django_db


def five() -> list[Entry]:
    return [record(Kind.LOGIN_FAILED, username=f"poging{i}", text=f"poging {i}") for i in range(1, 6)]


def verify() -> str:
    try:
        call_command("verify_audit_log", stdout=(out := _Out()))
    except CommandError as error:
        raise AssertionError(str(error)) from None
    return out.text


def broken() -> str:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit_log", stdout=_Out())
    return str(error.value)


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_each_entry_chains_on_the_one_before_and_the_command_finds_them_intact():
    entries = five()
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(e.hash == e.compute_hash() for e in Entry.objects.all())
    assert "intact: 5 entries up to #5" in verify()


def test_the_orm_refuses_to_change_or_delete_an_entry():
    entry = five()[2]
    entry.text = "anders"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        Entry.objects.filter(seq=3).update(text="anders")
    with pytest.raises(AppendOnly):
        Entry.objects.filter(seq=3).delete()
    assert Entry.objects.get(seq=3).text == "poging 3"


def test_a_row_edited_with_sql_is_named_by_the_command():
    five()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET username = 'iemand-anders' WHERE seq = 3")
    assert (
        broken() == "Audit log broken at entry #3: its content does not match its hash (changed after it was written)"
    )


def test_a_row_edited_with_its_hash_recomputed_breaks_the_link_to_the_next():
    five()
    entry = Entry.objects.get(seq=3)
    entry.username = "iemand-anders"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_entry SET username = %s, hash = %s WHERE seq = 3", [entry.username, entry.compute_hash()]
        )
    assert broken() == "Audit log broken at entry #4: does not chain on entry #3 (its previous hash differs)"


def test_a_row_deleted_in_the_middle_is_found():
    five()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE seq = 3")
    assert broken() == "Audit log broken at entry #4: entries #3–#3 are missing"


def test_rows_deleted_at_the_end_are_found_by_the_chain_head():
    five()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE seq >= 4")
    assert broken() == "Audit log broken at entry #4: missing: the chain head says the last entry is #5"


@pytest.mark.django_db(transaction=True)
def test_writers_in_parallel_never_fork_the_chain():
    """Eight threads, each with its own database connection, record 15 entries each at once."""
    record(Kind.LOGIN, username="eerste")
    start = threading.Barrier(8)
    errors = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(15):
                record(Kind.API_WRITE, username=f"schrijver{n}", text=str(i))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Entry.objects.count() == 121 and ChainHead.objects.get().last_seq == 121
    assert "intact: 121 entries up to #121" in verify()
