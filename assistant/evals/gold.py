"""The gold file: one JSON object per line, in exactly the schema of ``GoldQuestion``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..settings import Settings


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


class GoldQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    facts: list[list[str]] = Field(description="Each fact is a list of accepted surface forms.")
    sources: list[str] = Field(description="Document ids (file names) that hold the facts.")
    answerable: bool
    kind: str = Field("question", min_length=1, max_length=40, description="A free label the report groups by "
                      "(ours: factoid, list, explanation, multi, metadata, crosslingual, followup, unanswerable).")
    history: list[Turn] = Field(default_factory=list, description="The conversation before the question.")
    forbidden: list[str] = Field(default_factory=list, description="Near-miss values that make an answer wrong.")
    split: str | None = Field(None, description="dev: rules and thresholds may be tuned on it; test: run only to "
                              "report (CI gates on it). Fixed per question (a third of the ids, by their sha1).")
    disagree: bool = Field(False, description="The sources answer it differently (the crash blamed on air defence "
                           "in one, on jamming in another); the answer should say so (Answer.sources_differ).")

    @model_validator(mode="after")
    def _consistent(self) -> GoldQuestion:
        if self.answerable and (not self.facts or not self.sources):
            raise ValueError("an answerable question needs facts and sources")
        if not self.answerable and self.facts:
            raise ValueError("an unanswerable question has no facts")
        if self.disagree and len(self.sources) < 2:
            raise ValueError(f"sources that disagree are at least two, got {self.sources}")
        if any(not forms or not all(f.strip() for f in forms) for forms in self.facts):
            raise ValueError("every fact needs at least one non-empty form")
        return self

    def messages(self) -> list[dict[str, str]]:
        return [*(t.model_dump() for t in self.history), {"role": "user", "content": self.question}]


class GoldError(ValueError):
    pass


def load_gold(path: Path) -> list[GoldQuestion]:
    """Read and validate a gold file; a bad line is an error naming the line and the field."""
    questions: list[GoldQuestion] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            questions.append(GoldQuestion.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{n}: not a JSON object: {exc}") from exc
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'line'}: {e['msg']}" for e in exc.errors())
            raise GoldError(f"{path}:{n}: {problems}") from exc
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise GoldError(f"{path}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    if not questions:
        raise GoldError(f"{path}: no questions")
    return questions


def own_corpus_settings(settings: Settings, gold: Path, corpus: Path | None, scratch: Path) -> Settings:
    """Settings for a gold file's own articles (``corpus``, or ``articles/`` beside the gold file), indexed into a
    store under ``scratch``, never ours; ``settings`` as they are when it has none."""
    corpus = corpus or (gold.parent / "articles" if (gold.parent / "articles").is_dir() else None)
    if corpus is None:
        return settings
    return settings.model_copy(update={"corpus_dir": corpus.resolve(), "chroma_url": None,
                                       "index_dir": scratch / "index"})
