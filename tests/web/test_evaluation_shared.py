"""With Redis, the evaluation's figures are counted once for all processes: what one web worker
(or instance) counted, another shows without counting; a first view waits for a count that
another process is making; `flask worker` counts the default view when it starts. A real Redis
(db 15) and two app instances on one database."""

from __future__ import annotations

import threading
import time

import pytest

from matchmaker import create_app
from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.services import evaluation
from matchmaker.services.evaluation import cache, publication
from tests.conftest import REDIS_URL, _base_config
from tests.factories import AgencyFactory, CandidateFactory


@pytest.fixture
def shared(queued):
    """The app with Redis (`queued`) and an organisation, so that the data version is not empty."""
    AgencyFactory()
    db.session.commit()
    return queued


@pytest.fixture
def other(shared, migrated_database):
    """A second instance of the app: its own process cache, the same database and Redis."""
    return create_app(_base_config(migrated_database, REDIS_URL=REDIS_URL))


def test_what_one_instance_counted_another_shows_without_counting(shared, other):
    counted = []
    first = cache.cached(("test", "shared"), lambda: counted.append("here") or {"figures": 1})
    with other.app_context():
        again = cache.cached(("test", "shared"), lambda: counted.append("there") or {"figures": 2})
        db.session.remove()
    assert first == again == {"figures": 1}
    assert counted == ["here"]


def test_after_a_write_each_instance_counts_the_new_version_once_between_them(shared, other):
    counted = []
    cache.cached(("test", "write"), lambda: counted.append("here") or len(counted))
    CandidateFactory()
    db.session.commit()  # a new data version
    assert cache.cached(("test", "write"), lambda: counted.append("here") or len(counted)) == 2
    with other.app_context():
        assert cache.cached(("test", "write"), lambda: counted.append("there") or len(counted)) == 2
        db.session.remove()
    assert counted == ["here", "here"]


def test_a_first_view_waits_for_the_count_another_instance_is_making(shared, other):
    counted, started = [], threading.Event()

    def slow() -> str:
        started.set()
        time.sleep(0.5)
        counted.append("there")
        return "counted there"

    def there() -> None:
        with other.app_context():
            cache.cached(("test", "wait"), slow)
            db.session.remove()

    thread = threading.Thread(target=there)
    thread.start()
    assert started.wait(10)
    value = cache.cached(("test", "wait"), lambda: counted.append("here") or "counted here")
    thread.join()
    assert value == "counted there"
    assert counted == ["there"]


def test_the_worker_counts_the_default_view_when_it_starts(shared, other, monkeypatch):
    result = shared.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output

    def counting(*args, **kwargs):
        raise AssertionError("counted on a first view")

    monkeypatch.setattr(publication._Figures, "__init__", counting)  # unpickling the shared figures makes none
    with other.app_context():
        this_year = evaluation.Filters.year(clock.today().year)
        assert evaluation.publish(this_year).funnel  # the coordinator's first view
        assert evaluation.publish(this_year.previous()).funnel  # and the year it is compared with
        db.session.remove()


def _settled(app) -> None:
    """Wait for the web process's refresh threads (they look in Redis and queue the recount)."""
    entries = app.extensions["evaluation_cache"]
    for _ in range(300):
        with entries.lock:
            if not entries.refreshing:
                return
        time.sleep(0.02)
    raise AssertionError("a refresh thread did not end")


def test_after_a_write_the_worker_recounts_and_the_web_shows_its_figures_without_counting(shared, monkeypatch):
    from matchmaker import jobs

    shared.config["EVALUATION_STALE_SECONDS"] = 120
    this_year = evaluation.Filters.year(clock.today().year)
    first = evaluation.publish(this_year)
    counted_in, where = [], ["web"]
    real = publication._Figures.__init__

    def counting(self, *args, **kwargs):
        counted_in.append(where[0])
        real(self, *args, **kwargs)

    monkeypatch.setattr(publication._Figures, "__init__", counting)
    CandidateFactory()
    db.session.commit()  # a write: a new data version
    assert evaluation.publish(this_year) is first  # shown at once, as counted before the write
    _settled(shared)
    assert jobs.queue().count == 1  # the recount waits for the worker
    assert evaluation.publish(this_year) is first
    _settled(shared)
    assert jobs.queue().count == 1  # one recount per view, however often it is looked at
    where[0] = "worker"
    result = shared.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    where[0] = "web"
    evaluation.publish(this_year)  # finds the worker's figures in Redis (and takes them on a thread)
    _settled(shared)
    again = evaluation.publish(this_year)
    assert again is not first and again.funnel != first.funnel
    assert "web" not in counted_in and "worker" in counted_in


def test_a_coordinator_sees_the_figures_at_once_after_a_write_and_the_new_ones_after_the_worker(shared, client,
                                                                                                 login_as):
    from matchmaker import jobs
    from tests.factories import coordinator
    from tests.web.test_evaluation_pages import _placements

    shared.config["EVALUATION_STALE_SECONDS"] = 600
    agency = AgencyFactory()
    _placements(agency, 6)
    login_as(coordinator())
    path = "/evaluation/?period=year&year=2026"
    assert ">6<" in client.get(path).text
    _placements(agency, 2)  # a write: the figures shown are a version old now
    page = client.get(path).text
    assert ">6<" in page and ">8<" not in page and 'data-testid="as-of"' in page  # at once, as counted before
    _settled(shared)
    assert jobs.queue().count >= 1  # the worker recounts, not the web process
    assert shared.test_cli_runner().invoke(args=["worker", "--burst"]).exit_code == 0
    client.get(path)  # finds the new figures in Redis and takes them on a thread
    _settled(shared)
    assert ">8<" in client.get(path).text


def test_what_another_agency_counted_and_shared_is_never_shown_to_this_one(shared, other, app, login_as, client):
    """Figures in Redis are keyed by scope: an agency's own view, counted (and shared) by another
    instance, reaches neither the other agency nor the city's view, whichever instance counts it,
    and the agency filter of the URL cannot ask for it."""
    import csv
    import io

    from tests.factories import caseworker
    from tests.web.test_evaluation_pages import _placements

    own, foreign = AgencyFactory(), AgencyFactory()
    _placements(own, 6)
    _placements(foreign, 9)
    worker = caseworker(organisation=own)
    db.session.commit()  # everything the figures read is written: the same data version from here on
    with other.app_context():  # the other instance counts the foreign agency's view and the city's first
        assert evaluation.publish(evaluation.Filters.year(2026), agency_id=foreign.id).funnel
        assert evaluation.publish(evaluation.Filters.year(2026)).funnel
        db.session.remove()
    login_as(worker)

    def placed(path: str) -> str:
        rows = csv.reader(io.StringIO(client.get(path).get_data().decode("utf-8-sig")), delimiter=";")
        return {row[0]: row[1] for row in list(rows)[1:]}["Personen mit begonnener Vermittlung"]

    assert placed("/evaluation/trichter.csv?period=year&year=2026") == "6"
    assert placed(f"/evaluation/trichter.csv?period=year&year=2026&agency={foreign.id}") == "6"
