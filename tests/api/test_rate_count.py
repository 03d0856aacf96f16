"""The rate limit's count: one atomic statement per call, so calls of one token arriving at
once (on several servers, each with its own database connection) are each counted once and
no more than `ASAP_API_RATE_PER_MINUTE` of them pass in a minute."""

import threading

import pytest
from django.db import connection, connections

from asap.accounts.enums import Role
from asap.api import auth
from asap.api.models import ApiCallCount
from tests.api.conftest import issue

MINUTE = 29_700_000  # a minute number (seconds since 1970 // 60), fixed for the test
THREADS = 8
CALLS_EACH = 25
LIMIT = 60  # fewer than THREADS * CALLS_EACH = 200, more than any one thread's calls


def calls_of(token) -> dict[int, int]:
    return dict(ApiCallCount.objects.filter(token=token).values_list("minute", "calls"))


@pytest.mark.django_db
def test_each_call_is_counted_and_a_new_minute_drops_the_old(vss, vss_worker):
    token, _secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    other, _other_secret = issue(vss, Role.CASE_WORKER, actor=vss_worker, name="Other")
    assert [auth.count_call(token.pk, MINUTE) for _ in range(3)] == [1, 2, 3]
    assert auth.count_call(other.pk, MINUTE) == 1
    assert calls_of(token) == {MINUTE: 3}
    # The first call of the next minute starts again at 1 and deletes the token's old minute,
    # not another token's.
    assert auth.count_call(token.pk, MINUTE + 1) == 1
    assert calls_of(token) == {MINUTE + 1: 1}
    assert calls_of(other) == {MINUTE: 1}


@pytest.mark.django_db
def test_over_the_limit_is_refused_with_the_seconds_left_in_the_minute(vss, vss_worker, settings):
    settings.ASAP_API_RATE_PER_MINUTE = 3
    token, _secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    now = MINUTE * 60 + 15
    for _ in range(3):
        auth._check_rate(token, now=now)
    with pytest.raises(auth.RateLimitedError) as refused:
        auth._check_rate(token, now=now)
    assert refused.value.retry_after == 45
    assert calls_of(token) == {MINUTE: 4}
    auth._check_rate(token, now=(MINUTE + 1) * 60)  # a new minute: allowed again


def run_at_once(work) -> list:
    """`work(index)` in THREADS threads released together, each on its own database
    connection (as on several servers); their results (or errors) in thread order."""
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # reported by the assertions, not lost in a thread
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent connections need PostgreSQL: the suite's SQLite database is in memory "
    "in shared-cache mode, where a second writer fails at once on the locked table",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_head")
def test_concurrent_calls_are_each_counted_and_exactly_the_limit_passes(vss, vss_worker, settings):
    settings.ASAP_API_RATE_PER_MINUTE = LIMIT
    token, _secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)
    now = MINUTE * 60 + 30

    def calls(_index: int) -> tuple[int, int]:
        allowed = refused = 0
        for _ in range(CALLS_EACH):
            try:
                auth._check_rate(token, now=now)
                allowed += 1
            except auth.RateLimitedError:
                refused += 1
        return allowed, refused

    results = run_at_once(calls)
    assert all(isinstance(result, tuple) for result in results), results
    assert calls_of(token) == {MINUTE: THREADS * CALLS_EACH}
    assert sum(allowed for allowed, _ in results) == LIMIT
    assert sum(refused for _, refused in results) == THREADS * CALLS_EACH - LIMIT


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_head")
def test_concurrent_calls_each_see_their_own_number(vss, vss_worker):
    token, _secret = issue(vss, Role.CASE_WORKER, actor=vss_worker)

    def numbers(_index: int) -> list[int]:
        return [auth.count_call(token.pk, MINUTE) for _ in range(CALLS_EACH)]

    results = run_at_once(numbers)
    assert all(isinstance(result, list) for result in results), results
    seen = sorted(number for result in results for number in result)
    assert seen == list(range(1, THREADS * CALLS_EACH + 1))  # no number twice, none missing
