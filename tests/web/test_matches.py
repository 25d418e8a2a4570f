"""Matches in the app: kept current on every save, shown pseudonymously, rebuilt on demand."""

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import CandidateStatus, Match, SlotStatus
from tests.factories import (
    AgencyFactory,
    CandidateFactory,
    EmployerFactory,
    SlotFactory,
    caseworker,
    coordinator,
    district,
    employer_user,
)


def _pairs():
    return {(s, c) for s, c in db.session.execute(sa.select(Match.slot_id, Match.candidate_id))}


def _new_slot(client, owner, title="Bäcker/in", **extra):
    data = {"title": title, "kind": "ausbildung", "min_german": "A2", "open_positions": "1",
            "district": str(district("Marxloh").id), "contact_person": str(owner.id), "publish": "1", **extra}
    response = client.post("/employer/slots/new", data=data)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _new_profile(client, skills="Bäckergeselle:3, Kassieren", **extra):
    data = {"first_name": "Amira", "last_initial": "K", "german_level": "B1", "skills": skills,
            "work_permit": "erlaubt", "origin_region": "nahost", "birth_year": "1999", "consent": "y",
            "consent_given_on": "2026-11-01", **extra}
    response = client.post("/caseworker/candidates/new", data=data)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_saving_a_profile_stores_its_matches_and_the_slot_page_shows_them_pseudonymously(client, login_as, app):
    owner = employer_user()
    slot = SlotFactory(organisation=owner.organisation, title="Bäcker/in (m/w/d)", kind="ausbildung")
    # Another trade that asks for other skills: bringing "Kassieren" alone does not make a Kfz-Mechatroniker.
    SlotFactory(organisation=owner.organisation, title="Kraftfahrzeugmechatroniker/in", skills=["Fahrzeugdiagnose"])
    login_as(caseworker())
    candidate_id = _new_profile(client)
    assert _pairs() == {(slot.id, candidate_id)}

    employer = app.test_client()
    employer.post("/login", data={"email": owner.email, "password": "richtig-gutes-passwort"})
    page = employer.get(f"/employer/slots/{slot.id}").text
    assert 'data-testid="match"' in page and "Beruf passt: Bäcker/in" in page
    pseudonym = db.session.execute(sa.text("SELECT pseudonym FROM candidates")).scalar()
    assert pseudonym in page
    for private in ("Amira", "Naher und Mittlerer Osten", "1999", "nahost"):
        assert private not in page


def test_saving_a_slot_stores_its_matches_and_the_profile_page_shows_them(client, login_as, app):
    worker = caseworker()
    candidate = CandidateFactory(agency=worker.organisation, skills=[{"name": "Bäcker", "years": 2}])
    owner = employer_user()
    login_as(owner)
    slot_id = _new_slot(client, owner)
    assert _pairs() == {(slot_id, candidate.id)}
    agency = app.test_client()
    agency.post("/login", data={"email": worker.email, "password": "richtig-gutes-passwort"})
    page = agency.get(f"/caseworker/candidates/{candidate.id}").text
    assert "Bäcker/in" in page and owner.organisation.name in page and "Beruf passt" in page


def test_pausing_closing_or_filling_a_slot_removes_its_matches_and_reopening_brings_them_back(client, login_as):
    owner = employer_user()
    CandidateFactory(skills=[{"name": "Bäcker", "years": 2}])
    login_as(owner)
    slot_id = _new_slot(client, owner)
    for action in ("pause", "reopen", "fill", "reopen", "close"):
        client.post(f"/employer/slots/{slot_id}/{action}")
        assert bool(_pairs()) == (action == "reopen"), action


def test_withdrawing_consent_or_pausing_a_profile_removes_its_matches(client, login_as):
    SlotFactory(title="Bäcker/in")
    login_as(caseworker())
    candidate_id = _new_profile(client)
    assert _pairs()
    client.post(f"/caseworker/candidates/{candidate_id}/pause")
    assert not _pairs()
    client.post(f"/caseworker/candidates/{candidate_id}/activate")
    assert _pairs()
    client.post(f"/caseworker/candidates/{candidate_id}/withdraw")
    assert not _pairs()


def test_re_saving_keeps_when_a_match_first_appeared(client, login_as):
    owner = employer_user()
    CandidateFactory(skills=[{"name": "Bäcker", "years": 2}])
    login_as(owner)
    slot_id = _new_slot(client, owner)
    first = db.session.scalars(sa.select(Match)).one()
    created = first.created_at
    client.post(f"/employer/slots/{slot_id}/edit", data={
        "title": "Bäcker/in", "kind": "ausbildung", "min_german": "A2", "open_positions": "2",
        "district": str(district("Marxloh").id), "contact_person": str(owner.id), "skills": "Teig kneten"})
    db.session.expire_all()
    again = db.session.scalars(sa.select(Match)).one()
    assert again.created_at == created and again.updated_at >= created


def test_drafts_and_rejected_employers_have_no_matches(client, login_as, app):
    CandidateFactory(skills=[{"name": "Bäcker", "years": 2}])
    waiting = employer_user(organisation=EmployerFactory(unverified=True))
    login_as(waiting)
    _new_slot(client, waiting)
    assert not _pairs()
    verified = SlotFactory(title="Bäcker/in")
    boss = app.test_client()
    boss_user = coordinator()
    boss.post("/login", data={"email": boss_user.email, "password": "richtig-gutes-passwort"})
    from matchmaker.services import matching

    matching.rebuild()
    assert {s for s, _ in _pairs()} == {verified.id}
    boss.post(f"/coordinator/organisations/{verified.organisation_id}/reject", data={"reason": "Test"})
    assert not _pairs()


def test_rebuild_makes_the_table_exactly_the_current_matches(runner):
    slot = SlotFactory(title="Bäcker/in")
    paused = SlotFactory(title="Bäcker/in", status=SlotStatus.PAUSED)
    candidate = CandidateFactory(skills=[{"name": "Bäcker", "years": 2}])
    gone = CandidateFactory(skills=[{"name": "Bäcker", "years": 2}], status=CandidateStatus.PAUSED)
    db.session.add(Match(slot_id=paused.id, candidate_id=gone.id, score=99, reasons=[]))
    db.session.commit()
    result = runner.invoke(args=["matches", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 Vorschläge gespeichert" in result.output
    assert _pairs() == {(slot.id, candidate.id)}


def test_a_rebuild_writes_only_what_changed_and_keeps_when_each_pair_first_appeared(app):
    from datetime import timedelta

    from matchmaker.models import MatchHistory, utcnow
    from matchmaker.services import matching

    slot = SlotFactory(title="Bäcker/in")
    kept, changed = (CandidateFactory(skills=[{"name": "Bäcker", "years": 2}]) for _ in range(2))
    assert matching.rebuild() == 2
    stored = {m.candidate_id: m for m in db.session.scalars(sa.select(Match))}
    codes = [code for code, _ in stored[kept.id].reasons]
    assert codes[0] == "occupation_same" and "language_met" in codes  # codes with parameters, not sentences
    long_ago = utcnow() - timedelta(days=30)
    db.session.execute(sa.update(Match).values(created_at=long_ago, updated_at=long_ago))
    db.session.execute(sa.update(Match).where(Match.candidate_id == changed.id).values(score=1.0))
    db.session.commit()
    late = CandidateFactory(skills=[{"name": "Bäcker", "years": 2}])
    assert matching.rebuild() == 3
    db.session.expire_all()
    after = {m.candidate_id: m for m in db.session.scalars(sa.select(Match))}
    assert after[kept.id].updated_at == long_ago and after[kept.id].score == stored[kept.id].score
    assert after[changed.id].updated_at > long_ago and after[changed.id].score == stored[kept.id].score
    assert after[kept.id].created_at == after[changed.id].created_at == long_ago
    assert after[late.id].created_at > long_ago and after[late.id].reasons == after[kept.id].reasons
    history = db.session.scalars(sa.select(MatchHistory.candidate_id)).all()
    assert sorted(history) == sorted([kept.id, changed.id, late.id]) and slot.id


def test_the_minimum_score_is_a_setting(client, login_as, app):
    app.config["MATCH_MIN_SCORE"] = 99.5
    SlotFactory(title="Bäcker/in")
    login_as(caseworker())
    _new_profile(client)
    assert not _pairs()


def test_nobody_sees_matches_of_slots_or_profiles_that_are_not_theirs(client, login_as, app):
    slot = SlotFactory(title="Bäcker/in")
    candidate = CandidateFactory(agency=AgencyFactory(), first_name="Geheim", skills=[{"name": "Bäcker"}])
    from matchmaker.services import matching

    matching.rebuild()
    assert _pairs()
    login_as(employer_user())
    assert client.get(f"/employer/slots/{slot.id}").status_code == 404
    client.post("/logout")
    login_as(caseworker())
    response = client.get(f"/caseworker/candidates/{candidate.id}")
    assert response.status_code == 404 and "Geheim" not in response.text


def test_a_failing_matcher_never_undoes_a_save(client, login_as, monkeypatch):
    from matchmaker.services import matching

    def broken(*_args):
        raise RuntimeError("matcher down")

    monkeypatch.setattr(matching, "refresh_slot", broken)
    owner = employer_user()
    login_as(owner)
    slot_id = _new_slot(client, owner)
    assert client.get(f"/employer/slots/{slot_id}").status_code == 200


def test_the_other_sides_pool_is_kept_between_saves_and_read_anew_when_it_changes(app, monkeypatch):
    """A profile's save re-reads only that profile: the city's open slots stay prepared until
    one of them changes (and the same for profiles, a change of reachable districts included)."""
    from matchmaker.models import District
    from matchmaker.services import matching

    slot = SlotFactory(title="Bäcker/in")
    candidate = CandidateFactory(skills=[{"name": "Bäcker"}])
    read = []
    slots, people = matching.open_slot_specs, matching.active_candidate_specs
    monkeypatch.setattr(matching, "open_slot_specs", lambda where=None: (read.append("slots" * (where is None)),
                                                                          slots(where))[1])
    monkeypatch.setattr(matching, "active_candidate_specs", lambda where=None: (
        read.append("people" * (where is None)), people(where))[1])

    def pair() -> bool:
        db.session.expire_all()
        return db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 1

    matching.refresh_candidate(candidate)
    matching.refresh_candidate(candidate)
    assert read.count("slots") == 1 and pair()  # the city's slots read once for two saves
    slot.title = "Maler/in"
    db.session.commit()
    matching.refresh_candidate(candidate)
    assert read.count("slots") == 2 and not pair()  # the changed slot is seen
    slot.title = "Bäcker/in"
    db.session.commit()
    matching.refresh_slot(slot)
    matching.refresh_slot(slot)
    assert read.count("people") == 1 and pair()
    candidate.districts = [db.session.scalars(sa.select(District).where(District.name == "Marxloh")).one()]
    db.session.commit()
    matching.refresh_slot(slot)
    assert read.count("people") == 2  # a new reachable district alone is a change too


def test_an_occupation_a_profile_names_after_another_is_shown_as_such_on_the_slot_page(client, login_as, app):
    """A caseworker writes "Bestatter und Tischler" in one line: the Tischler slot is proposed, and
    its employer reads that the profile named this work after another (stored as a code)."""
    owner = employer_user()
    slot = SlotFactory(organisation=owner.organisation, title="Tischler/in", kind="ausbildung")
    login_as(caseworker())
    candidate_id = _new_profile(client, skills="Bestatter und Tischler:3")
    assert _pairs() == {(slot.id, candidate_id)}
    stored = db.session.scalars(sa.select(Match)).one()
    assert stored.reasons[0][0] == "occupation_named_later"
    employer = app.test_client()
    employer.post("/login", data={"email": owner.email, "password": "richtig-gutes-passwort"})
    page = employer.get(f"/employer/slots/{slot.id}").text
    assert "Beruf passt zu einer weiteren genannten Tätigkeit: Tischler/in" in page
