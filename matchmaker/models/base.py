"""Shared model helpers: UTC timestamps and enums whose German labels are defined once."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime; use matchmaker.models.base.utcnow()")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable German label.

    Members are declared as ``NAME = "value", _l("Label")``; the value is what the
    database stores, the label is what people read.
    """

    label: str

    def __new__(cls, value: str, label: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def label_of(cls, stored: str) -> str:
        """The label of a stored value; a value no longer known shows as stored."""
        try:
            return cls(stored).label
        except ValueError:
            return stored


def enum_column(enum_cls: type[LabelledEnum], **kwargs) -> sa.Enum:
    """A portable enum column: a VARCHAR with a CHECK constraint, same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        name=kwargs.pop("name", enum_cls.__name__.lower()),
        **kwargs,
    )
