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
where a nested piece of work begins or ends, once it is overdue (`_overdue`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

OVERDUE = 100

_lock = threading.Lock()
_pauses = 0  # pieces of work under way
_was_enabled = True  # the collector's state when the first of them began


def pause() -> None:
    """A piece of work begins: the collector waits until it ends (`resume`)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
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
    """Paused for so long that the young objects are `OVERDUE` times the first threshold: a long
    command, or threads whose work overlaps without end. A collection asked for here is safe:
    this thread is between two pieces of its work, and the others wait at a bytecode."""
    return _was_enabled and gc.get_count()[0] > OVERDUE * gc.get_threshold()[0]


def _due() -> int:
    """The oldest generation whose count passed its threshold, as the collector itself picks."""
    counts, limits = gc.get_count(), gc.get_threshold()
    return next((generation for generation in (2, 1) if counts[generation] > limits[generation]), 0)


@contextmanager
def paused() -> Iterator[None]:
    """`with paused():` or `@paused()`: the collector waits while the work runs."""
    pause()
    try:
        yield
    finally:
        resume()
