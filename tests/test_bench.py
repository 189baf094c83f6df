"""The bench's pure parts: statistics, the reproducible synthetic corpus, the table."""

from __future__ import annotations

import time

from assistant.bench import pair, prompt_speed, stats, synthetic_corpus, table

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


class _TimedLlama:
    """Evaluates a prompt in 0.1 s, whatever its length; records what it was given."""

    def __init__(self) -> None:
        self.evaluated: list[int] = []
        self.n_tokens = 0

    def tokenize(self, text: bytes, add_bos: bool = True) -> list[int]:
        return list(range(len(text.split())))

    def reset(self) -> None:
        self.n_tokens = 0

    def eval(self, tokens: list[int]) -> None:
        time.sleep(0.1)
        self.evaluated.append(len(tokens))
        self.n_tokens += len(tokens)


def test_prompt_speed_times_one_prompt_of_corpus_text_and_leaves_the_cache_empty():
    llama = _TimedLlama()
    speed = prompt_speed(llama, ["wort " * 300, "satz " * 300], prompt_tokens=512)
    assert llama.evaluated == [512] and llama.n_tokens == 0
    assert 2500 < speed <= 5120  # 512 tokens in a bit over 0.1 s
