"""Pseudonyms, skill tags and profile parsing."""

import itertools
import re

import sqlalchemy as sa

from matchmaker.domain import clock
from matchmaker.extensions import db
from matchmaker.models import SkillTag
from matchmaker.services import candidates, profile_text, skills
from tests.factories import CandidateFactory


def test_pseudonyms_look_like_k_and_four_unambiguous_characters(app):
    codes = candidates.new_pseudonyms(300)
    assert len(set(codes)) == 300
    assert all(re.fullmatch(r"K-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}", code) for code in codes)


def test_pseudonyms_already_taken_are_drawn_again(app, monkeypatch):
    CandidateFactory(pseudonym="K-2222")
    # The random source first repeats the taken code, then offers a free one.
    stream = itertools.chain("2222", "2222", itertools.cycle("3"))
    monkeypatch.setattr(candidates.secrets, "choice", lambda alphabet: next(stream))
    assert candidates.new_pseudonyms(1) == ["K-3333"]


def test_experience_tags_parse_years_with_comma_or_point(app):
    parsed, problems = profile_text.parse_experiences(["Bäcker:3", "Lager: 1,5", "Kassieren", "Koch:x", "Maler:99"])
    assert [(e.name, e.years) for e in parsed] == [("Bäcker", 3.0), ("Lager", 1.5), ("Kassieren", None)]
    assert len(problems) == 2


def test_qualification_lines_read_their_recognition(app):
    parsed, problems = profile_text.parse_qualifications("Friseurin (anerkannt)\nKoch (In Anerkennung), Maurer")
    assert [(q.name, q.recognition.value) for q in parsed] == [
        ("Friseurin", "anerkannt"), ("Koch", "in_anerkennung"), ("Maurer", "keine")]
    assert problems == []


def test_skill_tags_are_counted_across_spellings_with_one_upsert(app):
    skills.remember(["Bäcker", "Baecker", "Kassieren"])
    skills.remember(["BÄCKER"])
    db.session.commit()
    rows = dict(db.session.execute(sa.select(SkillTag.key, SkillTag.uses)).all())
    assert rows == {"baecker": 3, "kassieren": 1}
    assert skills.suggest("bäc") == ["Bäcker"]


def test_tags_are_trimmed_and_deduplicated_in_order(app):
    assert skills.clean_tags(["  Teig  kneten ", "teig kneten", "", "Frühschicht"]) == ["Teig kneten", "Frühschicht"]


def test_bulk_created_profiles_each_get_an_audit_entry(app):

    from matchmaker.models import AuditLog, GermanLevel
    from tests.factories import caseworker

    worker = caseworker()
    rows = [candidates.CandidateData(f"P{i}", "X", GermanLevel.A2) for i in range(3)]
    assert len(candidates.create_candidates_bulk(worker, worker.organisation, rows, [clock.today()] * 3)) == 3
    db.session.commit()
    entries = db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "candidate.import")).all()
    assert len(entries) == 3 and {e.object_type for e in entries} == {"candidates"}
    assert all(e.actor_id == worker.id for e in entries)


def test_bulk_slots_refuse_a_contact_person_from_another_organisation(app):
    import pytest

    from matchmaker.models import GermanLevel, SlotKind
    from matchmaker.services.slots import SlotData, SlotError, create_slots_bulk
    from tests.factories import employer_user

    me, stranger = employer_user(), employer_user()
    rows = [SlotData("Koch/Köchin", SlotKind.HELFER, GermanLevel.A2, contact_person_id=stranger.id)]
    with pytest.raises(SlotError):
        create_slots_bulk(me, me.organisation, rows, publish=True)
