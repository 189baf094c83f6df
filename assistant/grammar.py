"""Constrained output for the embedded model: a llama.cpp grammar (GBNF) that admits only answers whose every
sentence ends with a citation of a passage the model was given, or the abstain sentence.

The model then cannot cite a passage number it was not shown, leave a sentence uncited, or write on after its
third sentence; what it says is still checked against the cited passages (citations.py). The grammar reads as
plain text while it streams. Other backends get the same prompt without the constraint.
"""

from __future__ import annotations

from collections.abc import Iterable


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def citation_grammar(numbers: Iterable[int], abstain: Iterable[str], most_sentences: int = 3) -> str:
    """GBNF for: ``abstain`` (any of these sentences, exactly), or 1..``most_sentences`` sentences, each ending
    with ``[n]`` or ``[n, m]`` for passage numbers in ``numbers``, optionally followed by its full stop.

    A full stop inside a sentence must be followed by something other than a space ("1.500", "2.3."), so a
    sentence cannot hide a second, uncited one."""
    nums = sorted(set(numbers))
    if not nums or any(n < 1 for n in nums):
        raise ValueError(f"numbers must be positive passage numbers, got {nums!r}")
    if most_sentences < 1:
        raise ValueError(f"most_sentences must be at least 1, got {most_sentences}")
    sentences = [a for a in abstain if a]
    if not sentences:
        raise ValueError("abstain must hold at least one sentence: the model needs a way to say there is no answer")
    more = " ".join(["(sep sentence)?"] * (most_sentences - 1))
    rules = [
        "root ::= abstain | answer",
        "abstain ::= " + " | ".join(_literal(a) for a in sentences),
        f"answer ::= sentence {more}".rstrip(),
        'sep ::= " " | "\\n"',
        'sentence ::= lead body "."? " "? cite "."?',
        r"lead ::= [^ .\[\]\n]",
        r'body ::= ([^.\[\]\n] | "." [^ .\[\]\n])*',
        'cite ::= "[" num (", " num)* "]"',
        "num ::= " + " | ".join(_literal(str(n)) for n in nums),
    ]
    return "\n".join(rules) + "\n"
