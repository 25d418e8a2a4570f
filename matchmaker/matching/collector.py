"""When Python's cyclic garbage collector may run: between pieces of work, never inside one.

Two reasons, one mechanism (`paused()`, as a context manager or a decorator, or `pause` and
`resume`; nested and concurrent uses keep the collector paused until the last one ends):

- **Speed.** Reading a city's texts and preparing its pools make hundreds of thousands of small
  objects, none of them in a cycle. The collector's full passes over the process's whole memory
  cost a fifth of that time (1.3 s of 7 for 100,000 slots).
- **A crash in CPython 3.11.** When setting an attribute turns an object's inline attribute
  values into a dict, that dict's allocation can start a collection. If the collection frees an
  object whose weak reference callback writes to the same object, the callback frees the values
  array that the interrupted assignment goes on to use: the process writes into freed memory and
  dies later, in the collector or at exit (SIGSEGV). SQLAlchemy's `InstanceState._cleanup` is such
  a callback, and a loaded row's state is such an object: web workers died in 1 of 3 load tests
  (`make load`), and every few requests with workers replaced often. 3.12 rebuilt this code and
  does not crash. `tests/unit/test_collector.py` replays the crash. So the app pauses the
  collector for each request (`create_app`), each job (`jobs.py`), each command (`cli.py`) and
  the master's warm-up (`wsgi.py`); it collects in between.

While paused, nothing is lost: objects in cycles wait for the next collection. Only the
collections the interpreter starts by itself are the danger; one asked for between two pieces of
work is not. So a long pause (a command, or threads whose work overlaps without end) is collected
where a nested piece of work begins or ends, once it is overdue (`_overdue`): many young objects,
and OVERDUE_SECONDS since the pause began or was last collected. A piece of work of a few seconds
(a pool of 100,000 slots: its readings are 100,000s of young objects, and they live on) is not
collected in its middle; a full pass over everything the process holds is made only where the
interpreter would make one too (`_due`).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

OVERDUE = 100
OVERDUE_SECONDS = 10.0

_lock = threading.Lock()
_pauses = 0  # pieces of work under way
_was_enabled = True  # the collector's state when the first of them began
_since = 0.0  # when the first of them began, or a collection was last asked for (time.monotonic)


def pause() -> None:
    """A piece of work begins: the collector waits until it ends (`resume`)."""
    global _pauses, _was_enabled, _since
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
            _since = time.monotonic()
        _pauses += 1
        overdue = _overdue()
    if overdue:  # outside the lock: what the collection frees may run code that pauses too
        gc.collect(_due())


def resume() -> None:
    """A piece of work ended; with the last one, the collector runs again as it did before."""
    global _pauses
    with _lock:
        _pauses -= 1
        if _pauses == 0 and _was_enabled:
            gc.enable()
        overdue = _pauses > 0 and _overdue()
    if overdue:
        gc.collect(_due())


def _overdue() -> bool:
    """Paused for so long that the young objects are `OVERDUE` times the first threshold and
    OVERDUE_SECONDS have passed: a long command, or threads whose work overlaps without end (the
    clock starts again here when it is). A collection asked for here is safe: this thread is
    between two pieces of its work, and the others wait at a bytecode. Called under the lock."""
    global _since
    if not _was_enabled or gc.get_count()[0] <= OVERDUE * gc.get_threshold()[0]:
        return False
    now = time.monotonic()
    if now - _since < OVERDUE_SECONDS:
        return False
    _since = now
    return True


def _due() -> int:
    """The oldest generation whose count passed its threshold, as the collector itself picks; the
    oldest only where it grew by a quarter since its last pass (`_long_lived`), as the collector
    itself requires before a full pass: each walks every object the process keeps (a city's
    readings, a second and more), and most of them live on."""
    counts, limits = gc.get_count(), gc.get_threshold()
    generation = next((generation for generation in (2, 1) if counts[generation] > limits[generation]), 0)
    if generation == 2 and len(gc.get_objects(2)) - _long_lived < _long_lived // 4:
        return 1
    return generation


_long_lived = 0  # objects in the oldest generation after its last full pass


def _after_full_pass(phase: str, info: dict) -> None:
    global _long_lived
    if phase == "stop" and info["generation"] == 2:
        _long_lived = len(gc.get_objects(2))


gc.callbacks.append(_after_full_pass)


def while_waiting() -> None:
    """This thread waits anyway (for a forked copy preparing the other half of a pool): the
    collection that is due, made now rather than when the work ends, where nothing overlaps it.
    Safe as an overdue one is (`_overdue`)."""
    if _was_enabled and gc.get_count()[0] > gc.get_threshold()[0]:
        gc.collect(_due())


def off() -> None:
    """For a process that ends soon after its work (a forked copy preparing half a pool): the
    collector never runs in it. What it holds goes back whole when it ends; a pass over the
    memory it shares with its parent would only copy that memory's pages."""
    global _was_enabled
    _was_enabled = False  # no lock: a forked copy has this one thread, and the lock may have been
    gc.disable()  # held by another thread of its parent at the fork


@contextmanager
def paused() -> Iterator[None]:
    """`with paused():` or `@paused()`: the collector waits while the work runs."""
    pause()
    try:
        yield
    finally:
        resume()
