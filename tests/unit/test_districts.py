"""Districts are data: the bundled Duisburg file, or another city's file."""

import json

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import District, DistrictLevel
from matchmaker.services.districts import DistrictFileError, load_districts, read_district_file


def _count(level):
    return db.session.scalar(sa.select(sa.func.count()).select_from(District).where(District.level == level))


def test_duisburg_has_seven_stadtbezirke_and_forty_six_ortsteile(app):
    assert _count(DistrictLevel.BEZIRK) == 7
    assert _count(DistrictLevel.ORTSTEIL) == 46


def test_every_ortsteil_belongs_to_a_stadtbezirk_and_model_quarters_are_flagged(app):
    marxloh = db.session.scalars(sa.select(District).where(District.name == "Marxloh")).one()
    assert marxloh.bezirk.name == "Hamborn"
    assert marxloh.is_model_quarter
    models = db.session.scalars(sa.select(District.name).where(District.is_model_quarter)).all()
    assert len(models) >= 5


def test_loading_the_same_file_twice_changes_nothing(app):
    result = load_districts(read_district_file())
    assert (result.created, result.updated) == (0, 0)


def test_another_city_loads_its_own_file(app, tmp_path):
    path = tmp_path / "musterstadt.json"
    path.write_text(json.dumps({"city": "Musterstadt", "bezirke": [
        {"name": "Nord", "ortsteile": [{"name": "Hafen", "model_quarter": True}, {"name": "Altdorf"}]}]}))
    result = load_districts(read_district_file(path))
    assert (result.city, result.created) == ("Musterstadt", 3)
    hafen = db.session.scalars(sa.select(District).where(District.name == "Hafen")).one()
    assert hafen.parent.name == "Nord" and hafen.is_model_quarter


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"bezirke": []}), json.dumps({"city": "X", "bezirke": []}),
     json.dumps({"city": "X", "bezirke": [{"name": "A", "ortsteile": [{"name": "A"}]}]}),
     json.dumps({"city": "X", "bezirke": [{"ortsteile": []}]})],
)
def test_malformed_district_files_are_refused(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(DistrictFileError):
        read_district_file(path)


def test_district_choices_are_kept_until_the_table_changes(app, monkeypatch):
    from matchmaker.services import districts

    asked = []

    def ask(*args):
        asked.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", ask)
    first = districts.district_choices()
    assert districts.district_choices() is first and len(asked) == 3  # kept: version, Bezirke, Ortsteile
    bezirk = db.session.scalars(sa.select(District).where(District.level == DistrictLevel.BEZIRK)
                                .order_by(District.name)).first()
    db.session.add(District(name="Neues Viertel", level=DistrictLevel.ORTSTEIL, parent_id=bezirk.id))
    db.session.commit()
    asked.clear()
    assert districts.district_choices() is first and asked == []  # not asked again within the interval
    monkeypatch.setattr(districts, "RECHECK_SECONDS", 0.0)
    again = districts.district_choices()
    assert again is not first
    assert "Neues Viertel" in [name for _, name in {b: o for b, _, o in again}[bezirk.name]]
    assert districts.district_choices() == again
    sa.event.remove(db.engine, "before_cursor_execute", ask)


def test_a_district_file_loaded_in_this_process_shows_at_once(app):
    from matchmaker.services import districts

    first = districts.district_choices()
    data = districts.read_district_file()
    data["bezirke"][0]["ortsteile"].append({"name": "Ganz Neu"})
    districts.load_districts(data)
    again = districts.district_choices()
    assert again is not first
    assert "Ganz Neu" in [name for _, _, ortsteile in again for _, name in ortsteile]
