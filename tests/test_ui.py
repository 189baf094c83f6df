"""The Gradio app through gradio_client and the pure rendering helpers (escaping, highlighting)."""

from __future__ import annotations

import pytest

from assistant.bench import free_port
from assistant.types import Answer, Citation, Passage
from assistant.ui import build_app, message_text, safe_text, source_html

from .conftest import ScriptedLLM


def test_model_output_cannot_fetch_or_inject():
    out = safe_text('Siehe ![x](http://127.0.0.1:9/leak?q=geheim) <img src="http://127.0.0.1:9/a"> [hier](http://evil)')
    assert "http" not in out and "<img" not in out and "hier" in out


def test_source_html_highlights_quote_and_escapes():
    p = Passage(chunk_id="d::0", doc_id="d", title="<b>T</b>", text="Vorher. Es starben 38 Menschen. Nachher.",
                start=100, end=140)
    c = Citation(number=1, doc_id="d", title="<b>T</b>", quote="Es starben 38 Menschen.", start=108, end=131,
                 supported=False, chunk_id="d::0")
    ans = Answer(question="q", text="a [1]", citations=[c], passages=[p], rewritten_query="q")
    out = source_html(ans, 1, "x" * 100 + p.text)
    assert "<mark>Es starben 38 Menschen.</mark>" in out and "&lt;b&gt;T&lt;/b&gt;" in out
    assert "nicht belegt" in out and "<mark id='cited'>Es starben 38 Menschen.</mark>" in out


@pytest.fixture
def running_app(make_assistant):
    replies = iter(["Nordkorea schickte zunächst 11.000 Soldaten nach Russland [1].",
                    "Wie viele nordkoreanische Soldaten wurden getötet oder verletzt?",
                    "Rund 4 000 nordkoreanische Soldaten wurden getötet oder verletzt [1]."])
    a = make_assistant(ScriptedLLM(script=lambda m: next(replies)))
    app = build_app(a)
    app.queue(max_size=8, default_concurrency_limit=1)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.mark.integration
def test_gradio_client_answer_citations_and_follow_up(running_app):
    from gradio_client import Client

    client = Client(running_app, verbose=False)
    chat, chips, rewritten, sources, _box = client.predict(
        "Wie viele Soldaten schickte Nordkorea zunächst nach Russland?", [], 5, api_name="/ask")
    assert "11.000" in str(chat[-1]["content"]) and "[1]" in str(chat[-1]["content"])
    assert chips["value"].startswith("[1]") and "<mark>" in sources and "11.000 Soldaten" in sources
    chat, chips, rewritten, sources, _box = client.predict("Und wie viele wurden getötet?", chat, 5, api_name="/ask")
    assert rewritten == "Wie viele nordkoreanische Soldaten wurden getötet oder verletzt?"
    assert "4 000" in str(chat[-1]["content"]) and "<mark>" in sources


def test_history_from_the_chat_is_plain_text_in_both_formats():
    shown = safe_text("Ist 3 < 4 & 5?")
    assert message_text({"role": "user", "content": shown}) == "Ist 3 < 4 & 5?"
    assert message_text({"role": "user", "content": [{"type": "text", "text": shown}]}) == "Ist 3 < 4 & 5?"


@pytest.mark.integration
def test_gradio_client_uploads_a_pdf_and_deletes_it(make_assistant, corpus_dir, tmp_path):
    from gradio_client import Client, handle_file

    from .test_documents import BUDGET, make_pdf

    pdf = make_pdf(tmp_path / "haushalt.pdf", BUDGET)
    (tmp_path / "fake.docx").write_text("kein Zip")
    app = build_app(make_assistant())
    app.queue(max_size=8, default_concurrency_limit=1)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        status, table, _warnings, _which, _files = client.predict(
            [handle_file(str(pdf)), handle_file(str(tmp_path / "fake.docx"))], api_name="/upload")
        assert "ingested   haushalt.pdf" in status and "fake.docx  (not a Word file" in status
        assert "haushalt.pdf" in [row[0] for row in table["data"]] and (corpus_dir / "haushalt.pdf").is_file()
        status, table, _warnings, _which = client.predict("haushalt.pdf", api_name="/delete")
        assert "deleted" in status and not (corpus_dir / "haushalt.pdf").exists()
    finally:
        app.close()


def test_each_session_keeps_its_own_model(make_assistant):
    a = make_assistant(ScriptedLLM(["-"]))
    other = a.with_llm(ScriptedLLM(["-"]))
    assert other.store is a.store and other.retriever is a.retriever and other.llm is not a.llm


def test_the_source_panel_speaks_the_session_language():
    assert "No answer yet" in source_html(None, None, None, "en")
    assert "Noch keine Antwort" in source_html(None, None, None)
    assert "[link removed]" in safe_text("see http://x.invalid/a", "en")
