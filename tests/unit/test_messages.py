"""Every string people read can be translated: `make messages` collects them all, the models' labels
(`_l`) as well as the templates' and the code's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from matchmaker.models import SlotStatus
from matchmaker.models.enums import GermanLevel

ROOT = Path(__file__).resolve().parents[2]


def _extract_command() -> list[str]:
    """The Makefile's own pybabel command, with its keywords."""
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "pybabel extract" in line)
    return re.findall(r"-k\s+(\S+)", line)


def test_make_messages_collects_labels_templates_and_code(tmp_path):
    keywords = _extract_command()
    target = tmp_path / "messages.pot"
    arguments = [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg",
                 *(part for keyword in keywords for part in ("-k", keyword)), "-o", str(target), "."]
    subprocess.run(arguments, cwd=ROOT, check=True, capture_output=True)
    with target.open("rb") as handle:
        ids = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle)}
    assert str(SlotStatus.DRAFT.label) in ids  # a model's label, marked with _l
    assert str(GermanLevel.B1.label) in ids
    assert "Vorschlagen" in ids  # a template's
    assert "Ihre Änderungen sind gespeichert." in ids  # the code's
