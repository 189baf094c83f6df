"""End to end with the real models: the embedded llama.cpp LLM and the bundled multilingual-e5 embedder."""

from __future__ import annotations

import pytest

from assistant import Assistant

from .conftest import real_seed


@pytest.fixture(scope="module")
def real(tmp_path_factory, seed_index):
    return Assistant(real_seed(tmp_path_factory.mktemp("real"), seed_index))


@pytest.mark.slow
def test_crash_deaths_cited(real):
    ans = real.ask("Wie viele Menschen starben beim Absturz der AZAL-Maschine?")
    assert not ans.abstained and "38" in ans.text and ans.model.startswith("embedded:")
    assert ans.citations and all(c.supported for c in ans.citations)
    assert any("38" in c.quote for c in ans.citations)


@pytest.mark.slow
def test_cross_lingual(real):
    ans = real.ask("How many soldiers did North Korea initially send to Russia?")
    assert not ans.abstained and ans.language == "en"
    assert "11,000" in ans.text or "11.000" in ans.text or "11000" in ans.text
    assert ans.citations[0].doc_id == "002_ae1e676b21058354.txt"


@pytest.mark.slow
def test_world_cup_abstains(real):
    ans = real.ask("Wer gewann die Fußball-WM 2022?")
    assert ans.abstained and ans.text == "Dazu enthalten die Artikel keine Angaben." and ans.passages


@pytest.mark.slow
def test_follow_up(real):
    # from an empty cache: continuing from another prompt's state splits the prompt's evaluation differently,
    # and the small model's wording can then differ (docs/evaluation-notes.md, saved prompt states)
    real.llm._states.clear()
    real.llm.load().reset()
    ans = real.chat([
        {"role": "user", "content": "Wie viele Soldaten schickte Nordkorea zunächst nach Russland?"},
        {"role": "assistant", "content": "Nordkorea schickte zunächst 11.000 Soldaten [1]."},
        {"role": "user", "content": "Und wie viele davon wurden getötet oder verletzt?"},
    ])
    assert "Nordkorea" in ans.rewritten_query or "Soldaten" in ans.rewritten_query
    assert not ans.abstained and "4" in ans.text


@pytest.mark.slow
def test_llama_cpp_reuses_the_system_prompt_across_prompts(real):
    from assistant.llm import EmbeddedLLM

    assert isinstance(real.llm, EmbeddedLLM)
    real.ask("Wo trafen sich Putin und Pezeshkian zum ersten Mal?")
    seen = len(real.llm.prefix_reuse)
    ans = real.ask("Welches Unternehmen stellt das Luftabwehrsystem Barak MX her?")
    reused = real.llm.prefix_reuse[seen:]
    assert reused and all(r >= 100 for r, _ in reused)  # the system prompt (over 100 tokens) is not evaluated again
    assert all(r < n for r, n in reused)  # the question and its passages are
    assert ans.evaluated_prompt_tokens == sum(n - r for r, n in reused) < (ans.prompt_tokens or 0)


@pytest.mark.slow
def test_a_prompt_like_an_earlier_one_continues_from_its_saved_state(real):
    from assistant.llm import EmbeddedLLM

    llm = real.llm
    assert isinstance(llm, EmbeddedLLM) and llm.state_cache_bytes > 0
    question = "Welches Unternehmen stellt das Luftabwehrsystem Barak MX her?"
    first = real.ask(question)
    real.ask("Wo trafen sich Putin und Pezeshkian zum ersten Mal?")  # the KV cache now holds another prompt
    seen = len(llm.prefix_reuse)
    again = real.ask(question)
    reused = llm.prefix_reuse[seen:]
    assert reused and all(n - r <= 2 for r, n in reused)  # continued from the saved state, not evaluated again
    assert again.raw_text == first.raw_text
    assert again.evaluated_prompt_tokens == sum(n - r for r, n in reused)  # what the answer says it cost
    held = sum(len(v) for v in llm._states.values())
    assert 0 < held <= llm.state_cache_bytes
    llm.state_cache_bytes = 25 * 2**20  # room for one state (about 20 MB for 700 tokens): the older ones go
    real.ask("Wer ist der Präsident von Aserbaidschan?")
    assert len(llm._states) == 1


@pytest.mark.slow
def test_the_embedded_judge_tells_an_answering_sentence_from_another(real):
    from assistant.judge import LLMJudge

    judge = LLMJudge(real.llm)
    question = "Wie hoch war die höchste gemessene Temperatur während der Hitzewelle im Juli?"
    seen = real.llm.evaluated_tokens
    yes = judge(question, "Während der Hitzewelle im Juli maß die Station am Flughafen als höchste Temperatur 39,4 "
                          "Grad.")
    no = judge(question, "Im Juli kamen 12.000 Besucher ins Freibad.")
    assert yes > real.settings.check.judge_threshold > no
    assert real.llm.evaluated_tokens > seen  # its prompts count as evaluated tokens of the answer


@pytest.mark.parametrize("amx", [True, False])
def test_weights_skip_amx_repacking_only_where_llama_cpp_has_amx(monkeypatch, amx):
    llama_cpp = pytest.importorskip("llama_cpp")
    import llama_cpp.llama_cpp as api

    from assistant.preload import no_amx_repacking

    info = b"CPU : AVX2 = 1 | AVX512 = 1 | " + (b"AMX_INT8 = 1 | " if amx else b"") + b"REPACK = 1 |"
    monkeypatch.setattr(llama_cpp, "llama_print_system_info", lambda: info)
    default = api.llama_model_default_params
    with no_amx_repacking():
        assert api.llama_model_default_params().use_extra_bufts is (not amx)
    assert api.llama_model_default_params is default and default().use_extra_bufts


@pytest.mark.slow
def test_warm_up_loads_the_weights_and_the_system_prompt_the_first_question_continues_from(tmp_path):
    import shutil

    from assistant import Settings
    from assistant.llm import EmbeddedLLM

    from .conftest import CORPUS

    shutil.copytree(CORPUS, tmp_path / "corpus")
    a = Assistant(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", llm="embedded"))
    a.warm_up().join(timeout=600)
    assert isinstance(a.llm, EmbeddedLLM) and a.llm.load_seconds is not None and a.llm.load_seconds > 0
    assert a.store.count() > 0 and not a.llm.prefix_reuse  # loaded, ingested, nothing asked yet
    a.ask("Wie viele Menschen starben beim Absturz der AZAL-Maschine?")
    hit, total = a.llm.prefix_reuse[0]
    assert 100 < hit < total  # the first prompt began from the system prompt evaluated at warm-up
