"""Templates show what the rules decided; they do not decide. No template compares a status with
a stored value to choose actions or disclosure: views pass `actions` and disclosure flags
(matchmaker/domain)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# "status == 'open'", "status.value in ('a', 'b')", or a status kept aside to compare later
STATUS_COMPARISON = re.compile(r"""status(\.value)?\s*(==|!=|\bis\b|\bin\b|\bnot in\b)\s*['"(\[]"""
                               r"""|\{%\s*set\s+\w+\s*=\s*[\w.]*status(\.value)?\s*%\}""")


def test_no_template_compares_a_status_with_a_stored_value():
    found = [f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if STATUS_COMPARISON.search(line)]
    assert found == []


def test_the_pattern_finds_the_comparisons_it_is_meant_to_find():
    for line in ("{% if slot.status.value != 'open' %}", "{% if status in ('paused', 'filled') %}",
                 "{% if contact.status.value == 'accepted' %}", '{% if status == "pending" %}',
                 "{% set s = slot.status.value %}"):
        assert STATUS_COMPARISON.search(line), line
    assert not STATUS_COMPARISON.search("{% if status == 429 %}")  # an HTTP status on the error page
    assert not STATUS_COMPARISON.search('<span class="badge-{{ slot.status.value }}">')  # showing, not deciding
