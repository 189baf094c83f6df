"""The README is a manual that cannot drift: its settings table is what `assistant settings` prints."""

from __future__ import annotations

import re

from assistant.settings import settings_table

from .conftest import ROOT


def test_the_readme_settings_table_is_generated_from_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", readme, re.DOTALL)
    assert block, "the README lost its settings markers"
    assert block.group(1) == settings_table(), "run: python scripts/readme_settings.py"


def test_the_readme_stays_a_manual():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 180
    assert not re.search(r"\b[0-9a-f]{7,40}\b(?![0-9a-f])", readme.replace("cc324af070c2ecbf", ""))  # no commits
    assert not re.search(r"\bq\d{3}\b|\b(?:I|we) (?:tried|had)\b|\b(?:previous|this|last) session\b|\bstop \d", readme)
    assert "@" not in re.sub(r"`[^`]*`|\S+@\S+", "", readme), "a placeholder is left"
