"""The gold set is valid, broad, and cannot drift from the corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.clean import load_document
from assistant.evals.gold import GoldError, load_gold
from assistant.evals.matching import fact_in, form_in

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evals" / "gold.jsonl"


def test_gold_covers_the_required_kinds() -> None:
    gold = load_gold(GOLD)
    kinds = Counter(q.kind for q in gold)
    assert len(gold) >= 80
    assert sum(not q.answerable for q in gold) >= 12
    for kind in ("factoid", "list", "explanation", "multi", "metadata", "crosslingual", "followup"):
        assert kinds[kind] >= 3, kind
    assert all(q.history for q in gold if q.kind == "followup")


def test_every_fact_occurs_in_one_of_its_sources() -> None:
    docs = {}
    for p in (ROOT / "corpus").iterdir():  # metadata counts: the date line, for one, is cleaned out of the text
        d = load_document(p)
        docs[p.name] = "\n".join(str(x) for x in (d.title, d.date, d.author, d.translator, d.text) if x)
    missing = []
    for q in load_gold(GOLD):
        assert set(q.sources) <= set(docs), (q.id, q.sources)
        for forms in q.facts:
            if not any(fact_in(forms, docs[s]) for s in q.sources):
                missing.append((q.id, forms))
    assert not missing


def test_forbidden_values_are_not_accepted_forms() -> None:
    for q in load_gold(GOLD):
        for bad in q.forbidden:
            assert not any(form_in(f, bad) for forms in q.facts for f in forms), (q.id, bad)


def test_a_bad_gold_line_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "gold.jsonl"
    p.write_text('{"id": "a", "question": "x", "facts": [], "sources": [], "answerable": true, "kind": "factoid"}\n')
    with pytest.raises(GoldError, match=r"gold.jsonl:1"):
        load_gold(p)
    p.write_text('{"id": "a", "question": "x", "facts": [], "sources": [], "answerable": "maybe"}\n')
    with pytest.raises(GoldError, match=r"gold.jsonl:1: answerable: "):
        load_gold(p)


def test_kind_is_a_free_label(tmp_path: Path) -> None:
    p = tmp_path / "gold.jsonl"
    p.write_text('{"id": "a", "question": "x", "facts": [["y"]], "sources": ["d.txt"], "answerable": true, '
                 '"kind": "multi-source"}\n{"id": "b", "question": "z", "facts": [], "sources": [], "answerable": false}\n')
    assert [q.kind for q in load_gold(p)] == ["multi-source", "question"]


def test_every_gold_question_has_a_fixed_split() -> None:
    gold = load_gold(GOLD)
    assert {q.split for q in gold} == {"dev", "test"}
    assert sum(q.split == "test" for q in gold) >= 40 and any(not q.answerable for q in gold if q.split == "test")


def test_a_gold_file_with_its_own_articles_is_indexed_apart(tmp_path):
    from assistant.evals.gold import own_corpus_settings
    from assistant.settings import Settings

    ours = Settings(chroma_url="http://127.0.0.1:8000")
    (tmp_path / "set" / "articles").mkdir(parents=True)
    apart = own_corpus_settings(ours, tmp_path / "set" / "gold.jsonl", None, tmp_path / "scratch")
    assert apart.corpus_dir == (tmp_path / "set" / "articles").resolve()
    assert apart.index_dir == tmp_path / "scratch" / "index" and apart.chroma_url is None
    chosen = own_corpus_settings(ours, tmp_path / "set" / "gold.jsonl", tmp_path / "other", tmp_path / "scratch")
    assert chosen.corpus_dir == (tmp_path / "other").resolve()
    assert own_corpus_settings(ours, tmp_path / "gold.jsonl", None, tmp_path / "scratch") == ours  # no articles/
