"""Writes `assistant settings`' table into README.md between the settings markers."""

import re
from pathlib import Path

from assistant.settings import settings_table

readme = Path(__file__).resolve().parent.parent / "README.md"
text = readme.read_text(encoding="utf-8")
block = f"<!-- settings:start -->\n{settings_table()}\n<!-- settings:end -->"
readme.write_text(re.sub(r"<!-- settings:start -->.*?<!-- settings:end -->", lambda m: block, text, flags=re.DOTALL),
                  encoding="utf-8")
