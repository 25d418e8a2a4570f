"""The README's example client, run as written against a live server: ten profiles in, matches out."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Candidate
from tests.factories import SlotFactory, caseworker

from .helpers import token_for

README = Path(__file__).resolve().parents[2] / "README.md"


def _example() -> str:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- api-example -->\s*```python\n(.*?)```\s*<!-- /api-example -->", text, re.S)
    assert block, "the README's API example is missing"
    return block.group(1)


def test_the_readme_example_imports_ten_profiles_and_reads_their_matches(live_server):
    SlotFactory(title="Fachlagerist/in", skills=["Staplerschein"], search_text="fachlagerist staplerschein")
    worker = caseworker()
    secret = token_for(worker, ["profiles:write", "matches:read"])
    code = _example()
    code = re.sub(r'^BASE = ".*"', f'BASE = "{live_server}/api/v1"', code, count=1, flags=re.M)
    code = re.sub(r'^TOKEN = ".*"', f'TOKEN = "{secret}"', code, count=1, flags=re.M)
    for _ in range(2):  # twice: the idempotency keys keep it at ten profiles
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md", "exec"), {})  # noqa: S102  (our own README's example)
    lines = printed.getvalue().splitlines()
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Candidate.id))) == 10
    assert len(lines) == 10 and all("Fachlagerist/in" in line for line in lines), lines
