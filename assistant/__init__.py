"""A local, citation-first research assistant over a corpus of German news articles."""

from .core import Assistant
from .errors import AssistantError
from .settings import Settings
from .types import Answer, Citation, Passage

__all__ = ["Answer", "Assistant", "AssistantError", "Citation", "Passage", "Settings"]
