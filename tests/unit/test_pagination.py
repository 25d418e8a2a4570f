"""List pages get their rows and the total in one query (`matchmaker.pagination`), and say the
same as Flask-SQLAlchemy's own pagination on every page, past the end and for an empty list."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from matchmaker.extensions import db
from matchmaker.models import Candidate
from matchmaker.pagination import paginate
from tests.factories import AgencyFactory, CandidateFactory, district


def _statements(app, action) -> tuple[list[str], object]:
    seen = []

    def record(*args):
        seen.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return seen, result


@pytest.mark.parametrize("load", [selectinload, joinedload])
@pytest.mark.parametrize("page", ["1", "2", "3", "4", "abc", "-1"])
def test_each_page_has_the_rows_and_the_total_flask_sqlalchemy_gives(app, page, load):
    agency = AgencyFactory()
    # two districts each: a joined collection gives two rows per profile
    CandidateFactory.create_batch(12, agency=agency, districts=[district("Marxloh"), district("Hochfeld")])
    CandidateFactory.create_batch(3)  # another agency's
    db.session.commit()
    listing = (sa.select(Candidate).where(Candidate.agency_id == agency.id)
               .options(load(Candidate.districts)).order_by(Candidate.created_at.desc(), Candidate.id.desc()))
    with app.test_request_context(f"/?page={page}"):
        ours = paginate(listing, 5)
        theirs = db.paginate(listing, per_page=5, error_out=False)
    assert [c.id for c in ours.items] == [c.id for c in theirs.items]
    assert (ours.page, ours.total, ours.pages, ours.has_next, ours.has_prev) == \
        (theirs.page, theirs.total, theirs.pages, theirs.has_next, theirs.has_prev)
    assert ours.total == 12
    assert all(len(c.districts) == 2 for c in ours.items)


def test_a_page_with_rows_is_one_query_and_a_page_past_the_end_or_an_empty_list_two(app):
    agency = AgencyFactory()
    CandidateFactory.create_batch(7, agency=agency)
    db.session.commit()
    listing = sa.select(Candidate).where(Candidate.agency_id == agency.id).order_by(Candidate.id)
    nobody = sa.select(Candidate).where(Candidate.agency_id == -1)
    for path, select, queries, total, rows in (("/?page=2", listing, 1, 7, 2), ("/?page=9", listing, 2, 7, 0),
                                               ("/", nobody, 2, 0, 0)):
        with app.test_request_context(path):
            seen, page = _statements(app, lambda select=select: paginate(select, 5))
        assert (len(seen), page.total, len(page.items)) == (queries, total, rows), path


def test_what_a_page_needs_besides_rides_along_in_the_same_query(app):
    agency = AgencyFactory()
    CandidateFactory.create_batch(7, agency=agency)
    CandidateFactory.create_batch(2)
    db.session.commit()
    listing = sa.select(Candidate).where(Candidate.agency_id == agency.id).order_by(Candidate.id)
    everyone = sa.select(sa.func.count()).select_from(Candidate).scalar_subquery()
    with app.test_request_context("/?page=2"):
        seen, page = _statements(app, lambda: paginate(listing, 5, also=(everyone, sa.literal(4))))
    assert (len(seen), page.total, len(page.items), page.also) == (1, 7, 2, (9, 4))
    with app.test_request_context("/?page=3"):
        assert paginate(listing, 5, also=(everyone,)).also is None  # no row to carry it
