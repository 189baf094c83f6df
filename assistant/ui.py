"""Gradio chat UI: streaming answers, citation chips, the cited passage highlighted in its article.

Model output and documents are untrusted: everything shown is escaped, markdown images and links are removed,
so nothing can make the browser fetch a URL.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import gradio as gr

from .core import Assistant
from .errors import AssistantError
from .settings import Settings
from .text import HTML_TAG, MD_IMAGE, MD_LINK, URL
from .types import Answer, Citation

EXAMPLES = [
    "Wie viele Menschen starben beim Absturz der AZAL-Maschine?",
    "Welche israelischen Waffensysteme setzt Aserbaidschan ein?",
    "Wie viele Soldaten schickte Nordkorea zunächst nach Russland?",
    "Who is blamed for the crash of the Azerbaijani plane?",
]
CSS = """
.source mark { background: #ffe58a; padding: 0 2px; }
.source .meta { color: #555; font-size: 0.9em; }
.source .unsupported { color: #b00020; font-weight: bold; }
.article { white-space: pre-wrap; max-height: 420px; overflow-y: auto; border: 1px solid #ddd; padding: 8px; }
"""


def safe_text(text: str) -> str:
    """Model text for the chat: no images, no links, no raw HTML (escaped)."""
    text = MD_IMAGE.sub("", text)
    text = MD_LINK.sub(r"\1", text)
    text = HTML_TAG.sub("", text)
    text = URL.sub("[Link entfernt]", text)
    return html.escape(text, quote=False)


def message_text(message: dict[str, Any]) -> str:
    """Chatbot messages come back with content as a string or a list of {"type": "text", "text": ...}."""
    content = message.get("content")
    if isinstance(content, list):
        content = " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return html.unescape(str(content or ""))  # the chat shows escaped text; the model gets it plain


def chip_label(c: Citation) -> str:
    return f"[{c.number}] {c.title[:60]}" + ("" if c.supported else " ⚠")


def source_html(answer: Answer | None, number: int | None, article: str | None) -> str:
    """The cited passage with the quoted span highlighted; below it the whole article with the span marked."""
    if answer is None:
        return "<p>Noch keine Antwort. Stellen Sie eine Frage.</p>"
    if answer.abstained:
        rows = "".join(
            f"<li><b>{html.escape(p.title)}</b> <span class='meta'>({html.escape(p.date or 'Datum unbekannt')}, "
            f"{html.escape(p.doc_id)})</span><br>{html.escape(p.text[:300])}…</li>" for p in answer.passages[:3]
        )
        return f"<div class='source'><p><b>Nicht in den Artikeln.</b> Nächstliegende Passagen:</p><ol>{rows}</ol></div>"
    cit = next((c for c in answer.citations if c.number == number), None)
    if cit is None:
        return "<p>Wählen Sie eine Quelle.</p>"
    passage = next(p for p in answer.passages if p.chunk_id == cit.chunk_id)
    qs, qe = cit.start - passage.start, cit.end - passage.start
    text = passage.text
    body = f"{html.escape(text[:qs])}<mark>{html.escape(text[qs:qe])}</mark>{html.escape(text[qe:])}"
    meta = ", ".join(x for x in (passage.date or "Datum unbekannt", passage.author) if x)
    flag = "" if cit.supported else "<p class='unsupported'>⚠ Die Aussage wird von dieser Passage nicht belegt.</p>"
    flag += "".join(f"<p class='meta'>ℹ Vom Prüfschritt korrigiert: das Modell schrieb „{html.escape(s.written)}“; "
                    "die Passage zählt diese Zahl als Teil eines Ganzen.</p>"
                    for s in answer.sentences if s.written and cit.number in s.citations)
    out = (f"<div class='source'><h3>[{cit.number}] {html.escape(cit.title)}</h3>"
           f"<p class='meta'>{html.escape(meta)} · {html.escape(cit.doc_id)} · Zeichen {cit.start}–{cit.end}</p>"
           f"{flag}<p>{body}</p></div>")
    if article is not None:
        marked = (f"{html.escape(article[:cit.start])}<mark id='cited'>{html.escape(article[cit.start:cit.end])}"
                  f"</mark>{html.escape(article[cit.end:])}")
        out += f"<details><summary>Ganzen Artikel öffnen</summary><div class='article'>{marked}</div></details>"
    return out


def build_app(assistant: Assistant) -> gr.Blocks:
    def corpus_rows() -> list[list[Any]]:
        rows: dict[str, list[Any]] = {}
        for p in assistant.store.all_passages():
            row = rows.setdefault(p.doc_id, [p.doc_id, p.title, p.date or "unbekannt", p.author or "", 0])
            row[4] += 1
        return [rows[k] for k in sorted(rows)]

    def respond(message: str, chat: list[dict[str, str]], answers: list[dict[str, Any]], top_k: int,
                ) -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message:
            yield chat, answers, gr.update(), "", gr.update(), message
            return
        history = [{"role": m["role"], "content": message_text(m)} for m in chat]
        chat = [*chat, {"role": "user", "content": safe_text(message)}, {"role": "assistant", "content": "…"}]
        yield chat, answers, gr.update(), "", gr.update(), ""
        try:
            text = ""
            for event in assistant.stream([*history, {"role": "user", "content": message}], top_k=int(top_k)):
                if isinstance(event, str):
                    text += event
                    chat[-1] = {"role": "assistant", "content": safe_text(text)}
                    yield chat, answers, gr.update(), "", gr.update(), ""
                else:
                    answer = event
        except AssistantError as exc:
            chat[-1] = {"role": "assistant", "content": f"⚠ {safe_text(str(exc))}"}
            yield chat, answers, gr.update(), "", gr.update(), ""
            return
        chat[-1] = {"role": "assistant", "content": safe_text(answer.text)}
        answers = [*answers, answer.model_dump()]
        chips = [chip_label(c) for c in answer.citations]
        first = answer.citations[0].number if answer.citations else None
        yield (chat, answers, gr.update(choices=chips, value=chips[0] if chips else None),
               answer.rewritten_query, render_source(answer, first), "")

    def render_source(answer: Answer, number: int | None) -> str:
        cit = next((c for c in answer.citations if c.number == number), None)
        doc = assistant.document(cit.doc_id) if cit else None
        return source_html(answer, number, doc.text if doc else None)

    def select_chip(label: str | None, answers: list[dict[str, Any]]) -> str:
        if not answers or not label:
            return source_html(None, None, None)
        return render_source(Answer.model_validate(answers[-1]), int(label.split("]")[0].lstrip("[")))

    def reingest(progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[Any]]]:  # noqa: B008
        try:
            report = assistant.ingest(progress=lambda f, name: progress(f, desc=f"Einlesen: {name}"))
        except AssistantError as exc:
            return f"⚠ {exc}", corpus_rows()
        return "\n".join(report.lines()), corpus_rows()

    def choose_model(choice: str) -> str:
        try:
            s = assistant.settings.model_copy(update={"llm": "embedded" if choice == "embedded" else "ollama",
                                                      "ollama_model": choice.removeprefix("ollama:")})
            from .llm import make_llm

            assistant.set_llm(make_llm(s))
        except AssistantError as exc:
            return f"⚠ {exc}\n\nAktuelles Modell: **{assistant.model}**"
        return f"Aktuelles Modell: **{assistant.model}**"

    with gr.Blocks(title="Recherche-Assistent") as app:
        gr.Markdown("## Recherche-Assistent · Antworten mit überprüfbaren Quellen")
        answers = gr.State([])
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=460, label="Gespräch", sanitize_html=True, allow_tags=False,
                                     render_markdown=True, elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(placeholder="Frage zu den Artikeln (Deutsch oder Englisch) …", scale=5,
                                     show_label=False, elem_id="question")
                    send = gr.Button("Fragen", variant="primary", scale=1, elem_id="send")
                gr.Examples(EXAMPLES, inputs=box, label="Beispielfragen")
                with gr.Accordion("Gesuchte Frage (eigenständig umformuliert)", open=False):
                    rewritten = gr.Textbox(show_label=False, interactive=False, elem_id="rewritten")
            with gr.Column(scale=2):
                chips = gr.Radio([], label="Quellen der letzten Antwort", elem_id="chips")
                sources = gr.HTML(source_html(None, None, None), elem_id="sources")
        with gr.Tab("Einstellungen"):
            model_md = gr.Markdown(lambda: f"Aktuelles Modell: **{assistant.model}**")
            model = gr.Dropdown(["embedded", f"ollama:{assistant.settings.ollama_model}"], label="Modell",
                                value="embedded" if assistant.settings.llm != "ollama" else
                                f"ollama:{assistant.settings.ollama_model}", allow_custom_value=True)
            top_k = gr.Slider(1, 10, value=assistant.settings.top_k, step=1, label="Anzahl Passagen")
            model.change(choose_model, model, model_md, concurrency_limit=1)
        with gr.Tab("Korpus"):
            table = gr.Dataframe(corpus_rows, headers=["Datei", "Titel", "Datum", "Autor", "Abschnitte"],
                                 interactive=False)
            status = gr.Textbox(label="Ergebnis", lines=6, interactive=False)
            gr.Button("Korpus neu einlesen").click(reingest, None, [status, table], concurrency_limit=1,
                                                   concurrency_id="llm")
        outputs = [chatbot, answers, chips, rewritten, sources, box]
        gr.on([send.click, box.submit], respond, [box, chatbot, answers, top_k], outputs, concurrency_limit=1,
              concurrency_id="llm", api_name="ask")
        chips.change(select_chip, [chips, answers], sources)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          max_queue: int = 16) -> None:
    app = build_app(Assistant(settings))
    app.queue(max_size=max_queue, default_concurrency_limit=1)
    app.launch(server_name=host, server_port=port, auth=auth, show_error=False, css=CSS, footer_links=[],
               ssr_mode=False)
