"""One source per vocabulary: the models' enums. The engine (which may not import the app), the
reason texts and the database's CHECK constraints must say the same, or a new value would
silently get no matches or fail on save."""

import re

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.matching import specs
from matchmaker.matching.reasons import KIND_LABELS
from matchmaker.models import GermanLevel, LabelledEnum, SlotKind, WorkPermit


@pytest.mark.parametrize(("model", "engine"), [(SlotKind, specs.KINDS), (GermanLevel, specs.LEVELS),
                                              (WorkPermit, specs.PERMITS)], ids=["kinds", "levels", "permits"])
def test_the_engine_speaks_exactly_the_models_values_in_their_order(model, engine):
    assert [member.value for member in model] == list(engine)


def test_every_slot_kind_has_a_reason_text():
    assert set(KIND_LABELS) == {kind.value for kind in SlotKind}


def _enum_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            enum_class = getattr(column.type, "enum_class", None)
            if enum_class is not None and issubclass(enum_class, LabelledEnum):
                yield table.name, column.name, enum_class


def test_the_migrated_database_accepts_exactly_the_models_enum_values(app):
    inspector = sa.inspect(db.engine)
    checked = 0
    for table, column, enum_class in _enum_columns():
        constraints = [c["sqltext"] for c in inspector.get_check_constraints(table)
                       if (re.search(rf"\b{column}\b", c["sqltext"]) and " IN " in c["sqltext"].upper())
                       or re.search(rf"\b{column}\b.*ANY", c["sqltext"])]
        assert constraints, f"{table}.{column}: no CHECK constraint for its values"
        allowed = set(re.findall(r"'([^']*)'", constraints[0]))
        assert allowed == {member.value for member in enum_class}, f"{table}.{column}"
        checked += 1
    assert checked >= 10
