"""`asap bench concurrency`'s switches and choices (no timing: the figures are the benchmark's).

The `nolock` variant writes audit rows outside the chain; the benchmark must leave the bench
database's chain verifiable after it, and must never touch the real head."""

import pytest

from asap.bench import concurrency, seed, shape
from asap.core import audit
from asap.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def _read() -> AuditEvent | None:
    return audit.record(actor=None, action="test.read", object_type="case", object_id=1)


def test_the_nolock_variant_writes_rows_beside_the_chain_and_removes_them_after():
    _read()
    head = AuditHead.objects.get(pk=1)
    with concurrency.variant("nolock", reader_number=3):
        first, second = _read(), _read()
    assert [first.seq, second.seq] == [
        concurrency.UNCHAINED_FIRST + 3 * concurrency.UNCHAINED_PER_READER + n for n in (1, 2)
    ]
    assert (first.prev_hash, second.prev_hash) == (audit.GENESIS_HASH, audit.GENESIS_HASH)
    assert AuditHead.objects.get(pk=1).seq == head.seq
    assert not audit.verify().ok  # the planted rows break the chain until they are removed

    assert concurrency.remove_unchained_rows() == 2
    assert audit.verify().ok
    assert _read().seq == head.seq + 1


def test_the_none_variant_writes_no_row_and_chain_writes_one():
    before = AuditEvent.objects.count()
    with concurrency.variant("none", reader_number=0):
        _read()
    assert AuditEvent.objects.count() == before
    with concurrency.variant("chain", reader_number=0):
        _read()
    assert AuditEvent.objects.count() == before + 1


def test_each_reader_reads_cases_no_other_reader_reads():
    seed.seed(60)
    readers = concurrency.readers(4, 60)
    urls = [url for reader in readers for url in reader.urls]
    assert len({reader.email for reader in readers}) == 4
    assert len(urls) == len(set(urls))
    assert all(reader.urls for reader in readers)
    assert {reader.email for reader in readers} <= {
        shape.email_of(shape.CasePlan(index=i, regions=1).pp_worker) for i in range(60)
    }
