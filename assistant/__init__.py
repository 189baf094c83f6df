"""A local, citation-first research assistant over a corpus of German news articles.

The names below are imported on first use, so that ``import assistant`` stays fast (llama-index and chromadb load
only when an Assistant is made).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import Assistant
    from .errors import AssistantError
    from .settings import Settings
    from .types import Answer, Citation, Passage

_WHERE = {"Assistant": ".core", "AssistantError": ".errors", "Settings": ".settings", "Answer": ".types",
          "Citation": ".types", "Passage": ".types"}
__all__ = ["Answer", "Assistant", "AssistantError", "Citation", "Passage", "Settings"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name], __name__), name)
