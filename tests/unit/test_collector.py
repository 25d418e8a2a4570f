"""The cyclic collector runs between pieces of work, never inside one (matchmaker/matching/collector.py):
the crash it avoids, replayed, and the pieces of work that pause it."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

from matchmaker.matching import collector

# CPython 3.11's crash, as SQLAlchemy met it in the web workers: an assignment turns an object's
# inline attribute values into a dict; that dict's allocation starts a collection, which frees an
# object whose weak reference callback (as InstanceState._cleanup does) writes to the first one.
REPLAY = textwrap.dedent("""
    import gc, sys, weakref
    from matchmaker.matching import collector

    class State:
        pass

    class Row:
        pass

    def state_of_a_dropped_row():
        state, row = State(), Row()
        for n in range(25):
            setattr(state, f"a{n}", n)
        row.cycle = row  # only the cyclic collector frees it

        def cleanup(ref, state=state):
            state.session_id = None  # as InstanceState._cleanup does
            for n in range(40):
                setattr(state, f"z{n}", n)

        state.ref = weakref.ref(row, cleanup)
        return state

    kept, paused = [], sys.argv[1] == "paused"
    for _ in range(2000):
        state = state_of_a_dropped_row()
        if paused:
            collector.pause()
        # From here every allocation of a tracked object may start a collection (so no `with`: it
        # allocates one); the keys go past what the class's shared keys hold: the values become a dict.
        gc.set_threshold(1)
        for n in range(25, 40):
            setattr(state, f"b{n}", n)
        gc.set_threshold(700, 10, 10)
        if paused:
            collector.resume()
        kept.append(state)
    print("survived")
""")


def _replay(how: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", REPLAY, how], capture_output=True, text=True, timeout=120,
                          check=False, env={**os.environ, "PYTHONMALLOC": "debug"})


def test_the_crash_replayed_kills_python_3_11_and_a_paused_collector_prevents_it():
    paused = _replay("paused")
    assert (paused.returncode, paused.stdout.strip()) == (0, "survived"), paused.stderr
    crashed = _replay("unprotected")
    if sys.version_info < (3, 12):
        # the replay is the real crash: freed memory read (SIGSEGV) or caught by the debug allocator (SIGABRT)
        assert crashed.returncode in (-signal.SIGSEGV, -signal.SIGABRT), crashed.stderr
    else:
        assert crashed.returncode == 0, crashed.stderr  # 3.12 rebuilt that code


@pytest.fixture
def collecting():
    """The collector as a test process has it between tests: on, with its usual thresholds."""
    assert gc.isenabled()
    yield
    gc.enable()


def test_nested_and_concurrent_pauses_keep_it_paused_until_the_last_ends(collecting):
    collector.pause()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    started, stop = threading.Event(), threading.Event()

    def other():
        with collector.paused():
            started.set()
            stop.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    started.wait(5)
    collector.resume()
    assert not gc.isenabled()  # the other thread's work still runs
    stop.set()
    thread.join()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collecting):
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_a_long_pause_is_collected_where_a_nested_piece_of_work_begins(collecting, monkeypatch):
    monkeypatch.setattr(collector, "OVERDUE_SECONDS", 0.0)  # as if it had run that long
    with collector.paused():
        young = [[] for _ in range((collector.OVERDUE + 1) * gc.get_threshold()[0])]
        assert gc.get_count()[0] > collector.OVERDUE * gc.get_threshold()[0]
        with collector.paused():
            assert gc.get_count()[0] < gc.get_threshold()[0]  # collected as it began
        assert not gc.isenabled()
        del young


def test_a_short_piece_of_work_is_not_collected_in_its_middle(collecting):
    """A pool of 100,000 slots makes 100,000s of young objects in a few seconds, and they live on
    (its readings): a pass over them in its middle would be wasted."""
    with collector.paused():
        young = [[] for _ in range((collector.OVERDUE + 1) * gc.get_threshold()[0])]
        with collector.paused():
            assert gc.get_count()[0] > collector.OVERDUE * gc.get_threshold()[0]  # not collected
        del young


def test_a_full_pass_is_asked_for_only_where_the_interpreter_would_make_one(monkeypatch):
    """As CPython does: the oldest generation is walked again only once a quarter more objects have
    come into it since its last full pass."""
    gc.collect()  # a full pass: the collector notes how many objects it left in the oldest generation
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 100, 100))  # every generation past its threshold
    assert collector._due() == 1
    kept = [[] for _ in range(collector._long_lived // 4 + 1_000)]
    gc.collect(1)  # the young objects move on into the oldest generation
    assert collector._due() == 2
    del kept


def test_a_thread_waiting_for_a_forked_copy_collects_what_is_due(collecting):
    """`features._in_two`: the parent, done with its half of a pool before the forked copy, collects
    while it waits rather than when the pool is done."""
    with collector.paused():
        young = [[] for _ in range(2 * gc.get_threshold()[0])]
        collector.while_waiting()
        assert gc.get_count()[0] < gc.get_threshold()[0]
        assert not gc.isenabled()
        del young


def test_a_process_that_ends_soon_never_collects():
    """A forked copy preparing half a pool (`features._run_in_child`) turns the collector off for good."""
    script = ("import gc; from matchmaker.matching import collector; collector.off(); "
              "collector.pause(); collector.resume(); print(gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_requests_jobs_and_commands_run_with_the_collector_paused(app, monkeypatch, collecting):
    from matchmaker import jobs

    seen = {}
    app.add_url_rule("/_collector", "collector_state", lambda: str(gc.isenabled()))
    assert app.test_client().get("/_collector").text == "False"
    assert gc.isenabled()  # again after the request

    monkeypatch.setitem(jobs.JOBS, "probe", lambda: seen.setdefault("job", gc.isenabled()))
    jobs.run("probe", "probe:1")
    with app.test_request_context():
        jobs.in_this_process(app, lambda: seen.setdefault("in this process", gc.isenabled()))
    jobs.drain(app)

    from matchmaker.services import slots

    monkeypatch.setattr(slots, "close_expired", lambda today: (seen.setdefault("command", gc.isenabled()), [])[1])
    assert app.test_cli_runner().invoke(args=["slots", "close-expired"]).exit_code == 0
    assert seen == {"job": False, "in this process": False, "command": False}
    assert gc.isenabled()
