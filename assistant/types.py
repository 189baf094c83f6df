"""The data that crosses stage boundaries: documents, chunks, passages and the final Answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Withheld(BaseModel):
    """A sentence addressed to an AI rather than to a reader (assistant/injection.py): never sent to the model."""

    start: int = Field(description="Offset in the cleaned document text; -1 for text hidden from readers, which "
                       "never enters the text.")
    end: int
    text: str = Field(description="The withheld text, as the file has it (show it escaped).")
    reason: str


class Document(BaseModel):
    """A cleaned article. ``text`` is the cleaned text every offset refers to."""

    doc_id: str = Field(description="The file name, the document id everywhere.")
    title: str
    date: str | None = Field(None, description="ISO date (YYYY-MM-DD or YYYY-MM); None when the text names none.")
    author: str | None = None
    translator: str | None = None
    text: str
    content_hash: str = Field(description="sha256 of the raw file bytes, cleaner version and chunking settings.")
    removed: list[str] = Field(default_factory=list, description="Boilerplate lines cleaning dropped.")
    decoding: str = Field("", description="How the file was decoded when not UTF-8 (e.g. Windows-1252).")
    withheld: list[Withheld] = Field(default_factory=list, description="Sentences addressed to an AI, blanked out "
                                     "of ``text`` (same length), and text hidden from readers.")


class Chunk(BaseModel):
    chunk_id: str
    doc_id: str
    index: int
    text: str
    start: int = Field(description="Offset of the first character in the cleaned document text.")
    end: int = Field(description="Offset after the last character in the cleaned document text.")


class Passage(BaseModel):
    """A retrieved chunk with its document metadata and scores."""

    chunk_id: str
    doc_id: str
    title: str
    date: str | None = None
    author: str | None = None
    translator: str | None = None
    text: str
    start: int
    end: int
    score: float = 0.0
    dense_score: float | None = None
    keyword_score: float | None = None
    withheld: list[Withheld] = Field(default_factory=list, description="Sentences of this passage blanked out "
                                     "of ``text`` because they address an AI.")
    shown: list[tuple[int, int]] = Field(default_factory=list, description="The spans of ``text`` (sentences) "
                                         "the model was shown (evidence selection); empty: all of it.")


class Citation(BaseModel):
    number: int = Field(description="The marker [n] in the answer text.")
    doc_id: str
    title: str
    date: str | None = None
    quote: str = Field(description="The span of the passage that best supports the cited sentences.")
    start: int = Field(description="Offset of the quote in the cleaned document text.")
    end: int
    supported: bool = Field(description="Whether every sentence citing this passage is supported by it.")
    chunk_id: str


QUOTED = "quoted from the passage by the check"  # how a SentenceCheck's reason begins when the check quoted it
# Answer.abstain_reason where nothing was refused by the check (every other reason names the test that refused)
EMPTY_QUESTION = "empty question"
NO_MATCH = "no passage matches the question"
MODEL_FOUND_NONE = "the model found no answer in the passages"


class SentenceCheck(BaseModel):
    text: str
    citations: list[int]
    supported: bool
    reason: str = ""
    written: str = Field("", description="What the model wrote, when the check corrected the sentence's number.")


class Answer(BaseModel):
    question: str
    text: str = Field(description="The answer with [n] markers; unsupported sentences are marked.")
    raw_text: str = Field("", description="What the model wrote, before the citation check.")
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list, description="Passages retrieved and trimmed to the "
                                    "budget, numbered [1].. in order; per_source may leave a distant article unasked.")
    abstained: bool = False
    sources_differ: bool = Field(False, description="The question has one true answer (a cause, an agent, a "
                                 "time, a place, an amount) and two articles answer it differently.")
    abstain_reason: str | None = None
    rewritten_query: str = Field(description="The standalone question used for retrieval.")
    sentences: list[SentenceCheck] = Field(default_factory=list)
    removed_markers: list[int] = Field(default_factory=list, description="Markers naming no passage.")
    withheld: list[Withheld] = Field(default_factory=list, description="Sentences of the retrieved passages kept "
                                     "from the model because they address an AI, with the reason.")
    language: Literal["de", "en"] = "de"
    model: str = Field("", description="The model that answered.")
    latency_s: float = 0.0
    first_token_s: float | None = None
    prompt_tokens: int | None = Field(None, description="Prompt tokens of all the answer's prompts together.")
    first_prompt_tokens: int | None = Field(None, description="Prompt tokens before the first answer token.")
    evaluated_prompt_tokens: int | None = Field(None, description="Of ``prompt_tokens``, those the model evaluated; "
                                                "the rest came from its cache of earlier prompts (embedded model "
                                                "only, None for other backends).")
