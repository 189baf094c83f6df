"""Prompts. Passages are wrapped as data; the system prompt is fixed so llama.cpp reuses its cached prefix."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from llama_index.core.base.llms.types import ChatMessage, MessageRole

from .injection import close_gaps
from .questions import asks_cause
from .support import about_article
from .system_prompt import ABSTAIN as ABSTAIN  # re-exported: core, tests
from .system_prompt import SYSTEM
from .types import Passage

UNSUPPORTED_MARK = {"de": "(nicht belegt)", "en": "(not supported)"}
SOURCES_DIFFER = {"de": "Die Artikel berichten dazu Unterschiedliches:", "en": "The articles report different things:"}
LANGUAGE_NAME = {"de": "German", "en": "English"}

# for questions that ask for a cause: the small model otherwise repeats the passage's account of the event itself
# ("als ein aserbaidschanisches Passagierflugzeug über dem Kaspischen Meer abstürzte") instead of the next sentence
# that says whom it blames (README, Known limits, "Conflicting sources")
CAUSE_HINT = (
    "The question asks for a cause: name who or what the passage holds responsible (the passage may name it in a "
    "sentence after the event). Do not just repeat the event."
)

REWRITE_SYSTEM = (
    "Rewrite the user's last question as one standalone question that can be understood without the "
    "conversation. Replace pronouns and references with what they refer to. Keep the language of the "
    "question. Output only the rewritten question."
)


def passage_block(n: int, p: Passage, byline: bool = False) -> str:
    """The passage under its article's title, date and author; with ``byline`` (a question about the article
    itself) its translator too, which other prompts leave out: its 12 tokens pushed a passage out."""
    translator = f"Übersetzung: {p.translator}" if byline and p.translator else None
    meta = ", ".join(x for x in (p.date, p.author, translator) if x)
    header = f"[{n}] {p.title}" + (f" ({meta})" if meta else "")
    return f"{header}\n<<<\n{shown_text(p)}\n>>>"


def shown_text(p: Passage) -> str:
    """What the model reads of a passage: its chosen sentences, "…" where sentences were left out (withheld
    sentences are blanks in the text and are closed up)."""
    if not p.shown:
        return close_gaps(p.text)
    out, last = [], None
    for a, b in p.shown:
        if last is not None:
            out.append(" " if not p.text[last:a].strip() else " … ")
        out.append(p.text[a:b])
        last = b
    lead = "… " if p.text[: p.shown[0][0]].strip() else ""
    tail = " …" if p.text[last:].strip() else ""
    return close_gaps(lead + "".join(out) + tail)


def fit_passages(passages: list[Passage], budget: int, count: Callable[[str], int],
                 byline: bool = False) -> list[Passage]:
    """Passages in rank order while they fit ``budget`` tokens, headed as ``passage_block`` heads them; the first
    always goes in, cut if needed."""
    kept: list[Passage] = []
    used = 0
    for p in passages:
        cost = count(passage_block(len(kept) + 1, p, byline))
        if used + cost > budget:
            if not kept:
                ratio = budget / cost
                kept.append(p.model_copy(update={"text": p.text[: int(len(p.text) * ratio * 0.9)]}))
            break
        kept.append(p)
        used += cost
    return kept


def best_of_each_first(passages: list[Passage], margin: float) -> list[Passage]:
    """The best passage of each article within ``margin`` of the best passage first (in rank order), then the rest:
    so that trimming to the budget keeps one passage of every close article instead of a second one of the first."""
    top = max((p.dense_score or 0.0) for p in passages) if passages else 0.0
    firsts: dict[str, Passage] = {}
    for p in passages:
        if p.doc_id not in firsts and (p.dense_score or 0.0) >= top - margin:
            firsts[p.doc_id] = p
    lead = list(firsts.values())
    return lead + [p for p in passages if all(p is not q for q in lead)]


def by_source(passages: list[Passage], most: int = 3, margin: float = 1.0) -> list[list[int]]:
    """Passage numbers (1-based) grouped by article, articles in rank order of their best passage; an article
    whose best passage is less similar to the question than the best one by more than ``margin`` is left out."""
    groups: dict[str, list[int]] = {}
    for n, p in enumerate(passages, start=1):
        groups.setdefault(p.doc_id, []).append(n)
    top = max((p.dense_score or 0.0) for p in passages) if passages else 0.0
    close = [g for g in groups.values() if max(passages[n - 1].dense_score or 0.0 for n in g) >= top - margin]
    return close[:most]


def prompt_order(passages: list[Passage], numbers: list[int]) -> list[int]:
    """The passage numbers of one prompt in the order the model reads them: articles in rank order, each
    article's passages in the order they stand in it. Prompts on the same article then begin alike, and the
    model's state after an earlier one is reused (llm.py keeps it) instead of evaluated again."""
    rank: dict[str, int] = {}
    for n in numbers:  # an article's rank: where its first passage stands
        rank.setdefault(passages[n - 1].doc_id, len(rank))
    return sorted(numbers, key=lambda n: (rank[passages[n - 1].doc_id], passages[n - 1].start))


def answer_messages(question: str, shown: list[Passage], language: str) -> list[ChatMessage]:
    """The answer prompt over ``shown``, numbered [1].. in this order (``renumbered`` maps them back)."""
    byline = about_article(question)
    blocks = "\n\n".join(passage_block(n, p, byline) for n, p in enumerate(shown, start=1))
    user = (
        f"Passages:\n\n{blocks}\n\n"
        f"Question: {question}\n"
        f"Answer in {LANGUAGE_NAME[language]}, citing passage numbers in square brackets after every sentence."
    )
    if asks_cause(question):
        user += f"\n{CAUSE_HINT}"
    return [ChatMessage(role=MessageRole.SYSTEM, content=SYSTEM), ChatMessage(role=MessageRole.USER, content=user)]


_ASKED = re.compile(r"\n\nQuestion: (.*)\nAnswer in [A-Z][a-z]+, citing")
_BLOCK = re.compile(r"\n<<<\n(.*?)\n>>>", re.S)


def read_answer_prompt(user: str) -> tuple[str, list[str]] | None:
    """The question and the passage texts shown in an answer prompt's user message: ``answer_messages``' layout
    read back, for scripts that measure on saved prompts (scripts/judge_pairs.py, simulate_state_cache.py); None
    for another prompt."""
    asked = _ASKED.search(user)
    return (asked.group(1), _BLOCK.findall(user[: asked.start()])) if asked else None


_MARKER_DIGITS = re.compile(r"\[([\d,;\s]*)(?=\])")


def renumber(text: str, numbers: list[int]) -> str:
    """Markers written against a prompt's own numbering ([1] = its first passage) as the answer's passage
    numbers: ``numbers[k - 1]`` for [k]. A number the prompt did not show becomes 0, which names no passage;
    in a prompt of one passage every number means that passage (the small model copies the "[2]" of SYSTEM)."""
    def one(m: re.Match[str]) -> str:
        k = int(m.group(0))
        if len(numbers) == 1:
            return str(numbers[0])
        return str(numbers[k - 1]) if 1 <= k <= len(numbers) else "0"

    return _MARKER_DIGITS.sub(lambda m: "[" + re.sub(r"\d+", one, m.group(1)), text)


def renumbered(deltas: Iterable[str], numbers: list[int]) -> Iterator[str]:
    """``renumber`` over streamed text: an open "[" is held back until its "]" comes (or 16 characters pass)."""
    held = ""
    for delta in deltas:
        text = held + delta
        cut = text.rfind("[")
        held = text[cut:] if cut >= 0 and "]" not in text[cut:] and len(text) - cut <= 16 else ""
        if len(text) > len(held):
            yield renumber(text[: len(text) - len(held)], numbers)
    if held:
        yield renumber(held, numbers)


# one worked example, outside the corpus's topics: the small model follows an example better than the rule alone
REWRITE_EXAMPLE = (
    [{"role": "user", "content": "Wer leitet das Unternehmen Siemens?"},
     {"role": "assistant", "content": "Roland Busch leitet Siemens [1]."}],
    "Und seit wann macht er das?",
    "Seit wann leitet Roland Busch das Unternehmen Siemens?",
)


def _rewrite_request(history: list[dict[str, str]], question: str) -> str:
    turns = "\n".join(f"{m['role']}: {m['content'][:600]}" for m in history[-6:])
    return f"Conversation:\n{turns}\n\nLast question: {question}\n\nStandalone question:"


def rewrite_messages(history: list[dict[str, str]], question: str) -> list[ChatMessage]:
    example_history, example_question, example_answer = REWRITE_EXAMPLE
    return [ChatMessage(role=MessageRole.SYSTEM, content=REWRITE_SYSTEM),
            ChatMessage(role=MessageRole.USER, content=_rewrite_request(example_history, example_question)),
            ChatMessage(role=MessageRole.ASSISTANT, content=example_answer),
            ChatMessage(role=MessageRole.USER, content=_rewrite_request(history, question))]
