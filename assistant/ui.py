"""Gradio chat UI: streaming answers, citation chips, the cited passage highlighted in its article, the corpus
with uploads, and German or English labels chosen per session.

Model output and documents are untrusted: everything shown is escaped, markdown images and links are removed,
so nothing can make the browser fetch a URL.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from .clean import SUPPORTED_SUFFIXES
from .core import Assistant
from .errors import AssistantError
from .injection import GAP, strip_markup
from .questions import closest_start
from .settings import Settings
from .types import EMPTY_QUESTION, MODEL_FOUND_NONE, NO_MATCH, Answer, Citation, Withheld

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
.withheld { color: #8a4b00; background: #fff4e0; }
.article { white-space: pre-wrap; max-height: 420px; overflow-y: auto; border: 1px solid #ddd; padding: 8px; }
"""
LANGUAGES = {"Deutsch": "de", "English": "en"}
UI: dict[str, dict[str, str]] = {
    "de": {
        "title": "## Recherche-Assistent · Antworten mit überprüfbaren Quellen",
        "chat": "Gespräch", "placeholder": "Frage zu den Artikeln (Deutsch oder Englisch) …", "send": "Fragen",
        "examples": "Beispielfragen", "rewritten": "Gesuchte Frage (eigenständig umformuliert)",
        "chips": "Quellen der letzten Antwort", "model": "Modell", "top_k": "Anzahl Passagen",
        "session_model": "Modell dieser Sitzung", "upload": "Eigene Dokumente ({types}; je höchstens {mb} MB)",
        "add": "Hochladen und einlesen", "which": "Dokument", "delete": "Dokument löschen",
        "again": "Korpus neu einlesen", "status": "Ergebnis", "reading": "Einlesen",
        "headers": "Datei|Titel|Datum|Autor|Abschnitte", "unknown": "Datum unbekannt", "link_removed": "Link entfernt",
        "no_answer": "Noch keine Antwort. Stellen Sie eine Frage.", "not_found": "Nicht in den Artikeln.",
        "closest": "Nächstliegende Passagen:", "pick": "Wählen Sie eine Quelle.",
        "why_weak": "Keine Passage passt zur Frage.", "why_model": "Das Modell fand darin keine Antwort.",
        "why_check": "Was das Modell antwortete, ließ sich in den Passagen nicht belegen.",
        "unsupported": "⚠ Die Aussage wird von dieser Passage nicht belegt.",
        "corrected": "ℹ Vom Prüfschritt korrigiert: das Modell schrieb „{written}“; die Passage zählt diese Zahl als "
                     "Teil eines Ganzen.",
        "chars": "Zeichen", "open_article": "Ganzen Artikel öffnen", "withheld_mark": "[⚠ zurückgehalten]",
        "withheld": "⚠ {n} Satz/Sätze der gefundenen Passagen wurden dem Modell vorenthalten, weil sie sich an eine "
                    "KI statt an Leser richten:",
        "corpus_withheld": "⚠ Diese Sätze richten sich an eine KI statt an Leser oder sind für Leser unsichtbar. Sie "
                           "werden dem Modell nie gezeigt; der Rest der Artikel bleibt nutzbar.",
        "no_file": "Keine Datei gewählt.", "first_n": "Nur die ersten {limit} von {n} Dateien.",
        "no_doc": "Kein Dokument gewählt.", "error": "Fehler", "translator": "Übersetzung: {name}",
    },
    "en": {
        "title": "## Research assistant · answers with sources you can check",
        "chat": "Conversation", "placeholder": "A question about the articles (German or English) …", "send": "Ask",
        "examples": "Example questions", "rewritten": "Question searched for (rewritten to stand alone)",
        "chips": "Sources of the last answer", "model": "Model", "top_k": "Passages",
        "session_model": "Model of this session", "upload": "Your documents ({types}; at most {mb} MB each)",
        "add": "Upload and read", "which": "Document", "delete": "Delete document",
        "again": "Re-read the corpus", "status": "Result", "reading": "Reading",
        "headers": "File|Title|Date|Author|Passages", "unknown": "date unknown", "link_removed": "link removed",
        "no_answer": "No answer yet. Ask a question.", "not_found": "Not in the articles.",
        "closest": "Closest passages:", "pick": "Pick a source.",
        "why_weak": "No passage matches the question.", "why_model": "The model found no answer in them.",
        "why_check": "What the model answered could not be verified in the passages.",
        "unsupported": "⚠ This passage does not support the statement.",
        "corrected": "ℹ Corrected by the check: the model wrote “{written}”; the passage counts this number as part "
                     "of a whole.",
        "chars": "characters", "open_article": "Open the whole article", "withheld_mark": "[⚠ withheld]",
        "withheld": "⚠ {n} sentence(s) of the passages found were kept from the model because they address an AI "
                    "rather than a reader:",
        "corpus_withheld": "⚠ These sentences address an AI rather than a reader, or are invisible to readers. They "
                           "are never shown to the model; the rest of each article stays usable.",
        "no_file": "No file chosen.", "first_n": "Only the first {limit} of {n} files.",
        "no_doc": "No document chosen.", "error": "Error", "translator": "translated by {name}",
    },
}


def safe_text(text: str, lang: str = "de") -> str:
    """Model text for the chat: no images, no links, no raw HTML (escaped)."""
    return html.escape(strip_markup(text, f"[{UI[lang]['link_removed']}]"), quote=False)


def message_text(message: dict[str, Any]) -> str:
    """Chatbot messages come back with content as a string or a list of {"type": "text", "text": ...}."""
    content = message.get("content")
    if isinstance(content, list):
        content = " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return html.unescape(str(content or ""))  # the chat shows escaped text; the model gets it plain


def chip_label(c: Citation) -> str:
    return f"[{c.number}] {c.title[:60]}" + ("" if c.supported else " ⚠")


def shown(text: str, lang: str = "de") -> str:
    """Escaped document text; a sentence blanked out at ingest is shown as withheld."""
    return GAP.sub(f" <span class='withheld'>{UI[lang]['withheld_mark']}</span> ", html.escape(text))


def withheld_items(withheld: list[Withheld]) -> str:
    return "".join(f"<li>{html.escape(w.reason)}: <q>{html.escape(' '.join(w.text.split())[:300])}</q></li>"
                   for w in withheld)


def withheld_html(withheld: list[Withheld], lang: str = "de") -> str:
    """The warning for sentences kept from the model: what they say (escaped, as text) and why."""
    if not withheld:
        return ""
    return (f"<div class='withheld'><p>{UI[lang]['withheld'].format(n=len(withheld))}</p>"
            f"<ul>{withheld_items(withheld)}</ul></div>")


def why(answer: Answer, lang: str = "de") -> str:
    """Why there is no answer, in the UI's language: no passage matched, the model found none, or what it answered
    did not pass the citation check (``Answer.abstain_reason`` names which test; the CLI shows it as it is)."""
    reason = answer.abstain_reason
    if not reason or reason == EMPTY_QUESTION:
        return ""
    return UI[lang][{NO_MATCH: "why_weak", MODEL_FOUND_NONE: "why_model"}.get(reason, "why_check")]


def source_html(answer: Answer | None, number: int | None, article: str | None, lang: str = "de") -> str:
    """The cited passage with the quoted span highlighted; below it the whole article with the span marked."""
    t = UI[lang]
    if answer is None:
        return f"<p>{t['no_answer']}</p>"
    if answer.abstained:
        question = answer.rewritten_query or answer.question
        starts = [closest_start(p.text, question) for p in answer.passages[:3]]  # from its sentence on the question
        rows = "".join(
            f"<li><b>{html.escape(p.title)}</b> <span class='meta'>({html.escape(p.date or t['unknown'])}, "
            f"{html.escape(p.doc_id)})</span><br>{'… ' if a else ''}{shown(p.text[a:a + 300], lang)}…</li>"
            for p, a in zip(answer.passages[:3], starts, strict=True)
        )
        return (f"<div class='source'><p><b>{t['not_found']}</b> {why(answer, lang)} {t['closest']}</p><ol>{rows}</ol>"
                f"{withheld_html(answer.withheld, lang)}</div>")
    cit = next((c for c in answer.citations if c.number == number), None)
    if cit is None:
        return f"<p>{t['pick']}</p>"
    passage = next(p for p in answer.passages if p.chunk_id == cit.chunk_id)
    qs, qe = cit.start - passage.start, cit.end - passage.start
    text = passage.text
    body = f"{shown(text[:qs], lang)}<mark>{shown(text[qs:qe], lang)}</mark>{shown(text[qe:], lang)}"
    translator = t["translator"].format(name=passage.translator) if passage.translator else None
    meta = ", ".join(x for x in (passage.date or t["unknown"], passage.author, translator) if x)
    flag = "" if cit.supported else f"<p class='unsupported'>{t['unsupported']}</p>"
    flag += "".join(f"<p class='meta'>{t['corrected'].format(written=html.escape(s.written))}</p>"
                    for s in answer.sentences if s.written and cit.number in s.citations)
    out = (f"<div class='source'><h3>[{cit.number}] {html.escape(cit.title)}</h3>"
           f"<p class='meta'>{html.escape(meta)} · {html.escape(cit.doc_id)} · {t['chars']} {cit.start}–{cit.end}</p>"
           f"{flag}<p>{body}</p>{withheld_html(answer.withheld, lang)}</div>")
    if article is not None:
        marked = (f"{shown(article[:cit.start], lang)}<mark id='cited'>{shown(article[cit.start:cit.end], lang)}"
                  f"</mark>{shown(article[cit.end:], lang)}")
        out += f"<details><summary>{t['open_article']}</summary><div class='article'>{marked}</div></details>"
    return out


def build_app(assistant: Assistant) -> gr.Blocks:
    llms: dict[str, Any] = {}  # one loaded model per choice, shared by the sessions that chose it
    default_choice = "embedded" if assistant.settings.llm != "ollama" else f"ollama:{assistant.settings.ollama_model}"
    accepted = sorted(SUPPORTED_SUFFIXES)

    def corpus_rows(lang: str = "de") -> list[list[Any]]:
        rows: dict[str, list[Any]] = {}
        for p in assistant.store.all_passages():
            row = rows.setdefault(p.doc_id, [p.doc_id, p.title, p.date or UI[lang]["unknown"], p.author or "", 0])
            row[4] += 1
        return [rows[k] for k in sorted(rows)]

    def corpus_warnings(lang: str = "de") -> str:
        found = assistant.store.withheld()
        if not found:
            return ""
        items = "".join(f"<li><b>{html.escape(doc_id)}</b><ul>{withheld_items(ws)}</ul></li>"
                        for doc_id, ws in found.items())
        return f"<div class='withheld'><p>{UI[lang]['corpus_withheld']}</p><ul>{items}</ul></div>"

    def for_session(choice: str | None) -> Assistant:
        if not choice or choice == default_choice:
            return assistant
        return assistant.with_llm(llms[choice]) if choice in llms else assistant

    def model_text(choice: str | None, lang: str) -> str:
        return f"{UI[lang]['session_model']}: **{for_session(choice).model}**"

    def respond(message: str, chat: list[dict[str, str]], answers: list[dict[str, Any]], top_k: int,
                choice: str | None = None, lang: str = "de") -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message:
            yield chat, answers, gr.update(), "", gr.update(), message
            return
        history = [{"role": m["role"], "content": message_text(m)} for m in chat]
        chat = [*chat, {"role": "user", "content": safe_text(message, lang)}, {"role": "assistant", "content": "…"}]
        yield chat, answers, gr.update(), "", gr.update(), ""
        try:
            text = ""
            for event in for_session(choice).stream([*history, {"role": "user", "content": message}],
                                                    top_k=int(top_k)):
                if isinstance(event, str):
                    text += event
                    chat[-1] = {"role": "assistant", "content": safe_text(text, lang)}
                    yield chat, answers, gr.update(), "", gr.update(), ""
                else:
                    answer = event
        except AssistantError as exc:
            chat[-1] = {"role": "assistant", "content": f"⚠ {UI[lang]['error']}: {safe_text(str(exc), lang)}"}
            yield chat, answers, gr.update(), "", gr.update(), ""
            return
        chat[-1] = {"role": "assistant", "content": safe_text(answer.text, lang)}
        answers = [*answers, answer.model_dump()]
        chips = [chip_label(c) for c in answer.citations]
        first = answer.citations[0].number if answer.citations else None
        yield (chat, answers, gr.update(choices=chips, value=chips[0] if chips else None),
               answer.rewritten_query, render_source(answer, first, lang), "")

    def render_source(answer: Answer, number: int | None, lang: str) -> str:
        cit = next((c for c in answer.citations if c.number == number), None)
        doc = assistant.document(cit.doc_id) if cit else None
        return source_html(answer, number, doc.text if doc else None, lang)

    def select_chip(label: str | None, answers: list[dict[str, Any]], lang: str = "de") -> str:
        if not answers or not label:
            return source_html(None, None, None, lang)
        return render_source(Answer.model_validate(answers[-1]), int(label.split("]")[0].lstrip("[")), lang)

    def corpus_view(report_lines: list[str], lang: str, choices: bool = True) -> tuple[Any, ...]:
        rows = corpus_rows(lang)  # one read of the store for the table and the document list
        which = gr.update(choices=[r[0] for r in rows], value=None) if choices else gr.update()
        return "\n".join(report_lines), rows, corpus_warnings(lang), which

    def reingest(lang: str = "de", progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        try:
            report = assistant.ingest(progress=lambda f, name: progress(f, desc=f"{UI[lang]['reading']}: {name}"))
        except AssistantError as exc:
            return corpus_view([f"⚠ {exc}"], lang)
        return corpus_view(report.lines(), lang)

    def choose_model(choice: str, lang: str = "de") -> tuple[str, str]:
        """Load the chosen model once (shared) and make it this session's; other sessions keep theirs."""
        if choice != default_choice and choice not in llms:
            try:
                s = assistant.settings.model_copy(update={"llm": "embedded" if choice == "embedded" else "ollama",
                                                          "ollama_model": choice.removeprefix("ollama:")})
                from .llm import make_llm

                llms[choice] = make_llm(s)
            except AssistantError as exc:
                return f"⚠ {exc}\n\n{model_text(None, lang)}", default_choice
        return model_text(choice, lang), choice

    def upload(files: list[Any] | None, lang: str = "de",
               progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        if not files:
            return (*corpus_view([UI[lang]["no_file"]], lang, choices=False), None)
        limit = assistant.settings.max_upload_files
        uploads = [(Path(str(getattr(f, "name", f))).name, Path(str(getattr(f, "name", f)))) for f in files]
        note = [UI[lang]["first_n"].format(limit=limit, n=len(uploads))] if len(uploads) > limit else []
        try:
            report = assistant.add_files(uploads[:limit], progress=lambda f, name: progress(
                f, desc=f"{UI[lang]['reading']}: {name}"))
        except AssistantError as exc:
            return (*corpus_view([f"⚠ {exc}"], lang), None)
        return (*corpus_view(note + report.lines(), lang), None)

    def remove(doc_id: str | None, lang: str = "de") -> tuple[Any, ...]:
        if not doc_id:
            return corpus_view([UI[lang]["no_doc"]], lang, choices=False)
        try:
            return corpus_view(assistant.remove(doc_id).lines(), lang)
        except AssistantError as exc:
            return corpus_view([f"⚠ {exc}"], lang)

    with gr.Blocks(title="Recherche-Assistent") as app:
        t = UI["de"]
        with gr.Row():
            title = gr.Markdown(t["title"])
            language = gr.Radio(list(LANGUAGES), value="Deutsch", show_label=False, elem_id="language", scale=0)
        lang = gr.State("de")
        answers = gr.State([])
        choice = gr.State(default_choice)
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=460, label=t["chat"], sanitize_html=True, allow_tags=False,
                                     render_markdown=True, elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(placeholder=t["placeholder"], scale=5, show_label=False, elem_id="question")
                    send = gr.Button(t["send"], variant="primary", scale=1, elem_id="send")
                gr.Examples(EXAMPLES, inputs=box, label=t["examples"])
                with gr.Accordion(t["rewritten"], open=False) as rewritten_box:
                    rewritten = gr.Textbox(show_label=False, interactive=False, elem_id="rewritten")
            with gr.Column(scale=2):
                chips = gr.Radio([], label=t["chips"], elem_id="chips")
                sources = gr.HTML(source_html(None, None, None), elem_id="sources")
        with gr.Tab("Korpus · Corpus"):
            table = gr.Dataframe(corpus_rows, headers=t["headers"].split("|"), interactive=False)
            warnings = gr.HTML(corpus_warnings, elem_id="withheld")
            with gr.Row():
                files = gr.File(file_count="multiple", file_types=accepted, elem_id="upload",
                                label=t["upload"].format(types=", ".join(accepted),
                                                         mb=f"{assistant.settings.max_file_mb:g}"))
                with gr.Column():
                    add = gr.Button(t["add"], variant="primary", elem_id="add")
                    which = gr.Dropdown([r[0] for r in corpus_rows()], label=t["which"], elem_id="which")
                    delete = gr.Button(t["delete"], variant="stop", elem_id="delete")
                    again = gr.Button(t["again"], elem_id="again")
            status = gr.Textbox(label=t["status"], lines=6, interactive=False, elem_id="status")
        with gr.Tab("Einstellungen · Settings"):
            model_md = gr.Markdown(lambda: model_text(None, "de"))
            model = gr.Dropdown(["embedded", f"ollama:{assistant.settings.ollama_model}"], label=t["model"],
                                value=default_choice, allow_custom_value=True, elem_id="model")
            top_k = gr.Slider(1, 10, value=assistant.settings.top_k, step=1, label=t["top_k"])

        def relabel(name: str, answers_now: list[dict[str, Any]], chip: str | None,
                    choice_now: str | None) -> tuple[Any, ...]:
            code = LANGUAGES.get(name, "de")
            t = UI[code]
            return (code, t["title"], gr.update(label=t["chat"]), gr.update(placeholder=t["placeholder"]),
                    gr.update(value=t["send"]), gr.update(label=t["rewritten"]), gr.update(label=t["chips"]),
                    select_chip(chip, answers_now, code),
                    gr.update(value=corpus_rows(code), headers=t["headers"].split("|")), corpus_warnings(code),
                    gr.update(label=t["upload"].format(types=", ".join(accepted),
                                                       mb=f"{assistant.settings.max_file_mb:g}")),
                    gr.update(value=t["add"]), gr.update(label=t["which"]), gr.update(value=t["delete"]),
                    gr.update(value=t["again"]), gr.update(label=t["status"]), model_text(choice_now, code),
                    gr.update(label=t["model"]), gr.update(label=t["top_k"]))

        language.change(relabel, [language, answers, chips, choice],
                        [lang, title, chatbot, box, send, rewritten_box, chips, sources, table, warnings, files, add,
                         which, delete, again, status, model_md, model, top_k])
        model.change(choose_model, [model, lang], [model_md, choice], concurrency_limit=1)
        add.click(upload, [files, lang], [status, table, warnings, which, files], concurrency_limit=1,
                  concurrency_id="llm", api_name="upload")
        delete.click(remove, [which, lang], [status, table, warnings, which], concurrency_limit=1,
                     concurrency_id="llm", api_name="delete")
        again.click(reingest, lang, [status, table, warnings, which], concurrency_limit=1, concurrency_id="llm")
        gr.on([send.click, box.submit], respond, [box, chatbot, answers, top_k, choice, lang],
              [chatbot, answers, chips, rewritten, sources, box], concurrency_limit=1, concurrency_id="llm",
              api_name="ask")
        chips.change(select_chip, [chips, answers, lang], sources)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
          max_queue: int = 16) -> None:
    assistant = Assistant(settings)
    assistant.warm_up()  # the model, index and embedder load while the page opens
    app = build_app(assistant)
    app.queue(max_size=max_queue, default_concurrency_limit=1)
    app.launch(server_name=host, server_port=port, auth=auth, show_error=False, css=CSS, footer_links=[],
               ssr_mode=False)
