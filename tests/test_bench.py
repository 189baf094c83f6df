"""The bench's pure parts: statistics, the reproducible synthetic corpus, the table."""

from __future__ import annotations

from assistant.bench import pair, stats, synthetic_corpus, table

from .conftest import CORPUS


def test_stats_median_and_p95():
    s = stats([float(x) for x in range(1, 101)])
    assert s == {"median": 50.5, "p95": 95.0, "runs": 100}


def test_synthetic_corpus_is_reproducible(tmp_path):
    a = synthetic_corpus(CORPUS, tmp_path / "a", n_docs=20, seed=5)
    b = synthetic_corpus(CORPUS, tmp_path / "b", n_docs=20, seed=5)
    files = sorted(p.name for p in a.iterdir())
    assert len(files) == 20 and files == sorted(p.name for p in b.iterdir())
    assert all((a / f).read_text() == (b / f).read_text() for f in files)
    assert (a / files[0]).read_text() != (synthetic_corpus(CORPUS, tmp_path / "c", 20, seed=6) / files[0]).read_text()


def test_table_shows_ratio_to_the_plain_pipeline():
    out = table({"retrieval_corpus_ms": pair([10.0, 12.0], [20.0, 24.0]), "import_s": pair([0.5], None)})
    assert "| retrieval_corpus_ms | 11 | 12 | 22 | 24 | 0.5 |" in out and "| import_s | 0.5 | 0.5 | – | – | – |" in out
