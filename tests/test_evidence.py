"""Evidence selection: the sentences that answer the question, within the budget, each sentence once."""

import numpy as np
import pytest

from assistant.evidence import EvidenceSelector
from assistant.prompts import shown_text
from assistant.types import Passage

from .conftest import FakeEmbedder

TEXT = ("Der Stadtrat tagte sieben Stunden. Mit 31 zu 14 Stimmen beschloss er den Haushalt. "
        "Das Hallenbad Nord schließt zum 30. Juni 2026. Die Sanierung hätte 23 Millionen Euro gekostet. "
        "Die Grünen stimmten zu.")


def selector(budget: int = 40, context: int = 0) -> EvidenceSelector:
    e = FakeEmbedder()
    return EvidenceSelector(lambda ts: np.asarray(e.get_text_embedding_batch(ts)),
                            lambda q: np.asarray(e.get_query_embedding(q)), budget, 0.1, context)


def words(text: str) -> int:
    return len(text.split())


def passage(text: str, n: int = 1, doc: str = "a", start: int = 0) -> Passage:
    return Passage(chunk_id=f"{doc}::{n}", doc_id=doc, title="Haushalt", start=start, end=start + len(text),
                   text=text)


def test_the_answering_sentence_is_shown_with_gaps_marked():
    (p,) = selector(budget=12).select("Wann schließt das Hallenbad Nord?", [passage(TEXT)], words)
    assert shown_text(p) == "… Das Hallenbad Nord schließt zum 30. Juni 2026. …"


def test_the_sentence_after_the_best_comes_along_when_it_fits():
    (p,) = selector(budget=22, context=1).select("Wann schließt das Hallenbad Nord?", [passage(TEXT)], words)
    assert "Die Sanierung hätte 23 Millionen Euro gekostet." in shown_text(p)
    assert sum(words(p.text[a:b]) + 2 for a, b in p.shown) <= 22


def test_a_sentence_shared_by_overlapping_chunks_is_shown_once_and_passages_without_evidence_go():
    cut, overlap = TEXT.index("Das Hallenbad"), TEXT.index("Mit 31")
    first = passage(TEXT[:cut], n=1)
    second = passage(TEXT[overlap:], n=2, start=overlap)  # overlaps the vote sentence
    unrelated = passage("Der Wetterdienst warnt vor Sturm.", n=3, doc="b")
    chosen = selector(budget=20).select("Wie viele Stimmen bekam der Haushalt im Stadtrat?",
                                        [first, second, unrelated], words)
    texts = [shown_text(p) for p in chosen]
    assert sum(t.count("31 zu 14") for t in texts) == 1 and "Wetterdienst" not in " ".join(texts)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="budget_tokens must be at least 10, got 5"):
        EvidenceSelector(lambda ts: np.zeros((len(ts), 2)), lambda q: np.zeros(2), budget_tokens=5)
