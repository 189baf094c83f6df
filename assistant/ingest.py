"""Ingestion: read the corpus folder, clean, chunk, embed and upsert incrementally."""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from llama_index.core.base.embeddings.base import BaseEmbedding
from tqdm import tqdm

from .chunking import chunk_document
from .clean import SUPPORTED_SUFFIXES, UnreadableFile, load_document
from .settings import Settings
from .store import ChunkStore
from .types import Document, Withheld

Status = Literal["ingested", "unchanged", "skipped", "deleted"]


@dataclass
class FileResult:
    doc_id: str
    status: Status
    detail: str = ""
    chunks: int = 0
    withheld: list[Withheld] = field(default_factory=list)


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def changed(self) -> bool:
        return any(r.status in ("ingested", "deleted") for r in self.results)

    def lines(self) -> list[str]:
        rows = []
        for r in self.results:
            rows.append(f"{r.status:<10} {r.doc_id}" + (f"  ({r.detail})" if r.detail else ""))
            rows += [f"  ! withheld from the model, {w.reason}: {' '.join(w.text.split())[:100]!r}"
                     for w in r.withheld]
        rows.append(
            f"{self.count('ingested')} ingested, {self.count('unchanged')} unchanged, "
            f"{self.count('skipped')} skipped, {self.count('deleted')} deleted"
        )
        return rows


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        return []
    return sorted(p for p in corpus_dir.iterdir() if not p.name.startswith("."))


def ingest(
    settings: Settings,
    embedder: BaseEmbedding,
    store: ChunkStore,
    progress: Callable[[float, str], None] | None = None,
    show_bar: bool = False,
) -> IngestReport:
    """Bring the store in line with ``settings.corpus_dir``: new and changed files are (re-)embedded,
    unchanged ones are left alone, removed ones are deleted with all their chunks."""
    with store.writing():
        return _ingest(settings, embedder, store, progress, show_bar)


def _ingest(settings: Settings, embedder: BaseEmbedding, store: ChunkStore,
            progress: Callable[[float, str], None] | None, show_bar: bool) -> IngestReport:
    report = IngestReport()
    stored = store.documents()
    files = corpus_files(settings.corpus_dir)
    present: set[str] = set()
    for n, path in enumerate(tqdm(files, desc="ingest", unit="file", disable=not show_bar)):
        if progress:
            progress(n / max(len(files), 1), path.name)
        present.add(path.name)
        result = _ingest_file(path, settings, embedder, store, stored, show_bar)
        report.results.append(result)
    for doc_id in sorted(store.doc_ids() - present):
        store.delete(doc_id)
        report.results.append(FileResult(doc_id, "deleted", "file no longer in the corpus"))
    if progress:
        progress(1.0, "done")
    return report


def read_file(path: Path, settings: Settings) -> Document | FileResult:
    """The cleaned document, or why the file is skipped."""
    if path.is_dir():
        return FileResult(path.name, "skipped", "a folder")
    if path.exists() and not path.is_file():  # a FIFO or device would block or never end
        return FileResult(path.name, "skipped", "not a regular file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return FileResult(path.name, "skipped", f"unsupported type {path.suffix or '(none)'}")
    try:
        return load_document(path, fingerprint=settings.chunking.model_dump_json(),
                             max_bytes=int(settings.max_file_mb * 1e6))
    except UnreadableFile as exc:
        return FileResult(path.name, "skipped", str(exc))
    except OSError as exc:
        return FileResult(path.name, "skipped", f"cannot read: {exc.strerror or exc}")


def _ingest_file(path: Path, settings: Settings, embedder: BaseEmbedding, store: ChunkStore,
                 stored: dict[str, str], show_bar: bool = False) -> FileResult:
    doc = read_file(path, settings)
    if isinstance(doc, FileResult):
        return doc
    if stored.get(doc.doc_id) == doc.content_hash:
        return FileResult(doc.doc_id, "unchanged")
    chunks = chunk_document(doc, settings.chunking)
    if not chunks:
        store.delete(doc.doc_id)
        return FileResult(doc.doc_id, "skipped", "no text after cleaning")
    embeddings = embedder.get_text_embedding_batch([c.text for c in chunks],
                                                   show_progress=show_bar and len(chunks) > 50)
    store.put(doc, chunks, embeddings)
    detail = f"{len(chunks)} chunks" + (f"; {doc.decoding}" if doc.decoding else "")
    if doc.withheld:
        detail += f"; {len(doc.withheld)} withheld as addressed to an AI or hidden from readers"
    return FileResult(doc.doc_id, "ingested", detail, len(chunks), doc.withheld)


def safe_name(name: str) -> str:
    """A file name that stays inside the corpus folder: the last path part, no control characters, no leading
    dot, only letters, digits, ``. _ -`` and spaces (``../../x.pdf`` → ``x.pdf``)."""
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", name)[-1])
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = re.sub(r"[^\w. -]", "_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if len(base) > 120:
        base = f"{stem[:110]}.{suffix[:9]}" if dot else base[:120]
    return base or "upload"


def add_files(settings: Settings, uploads: Sequence[tuple[str, Path]]) -> tuple[list[str], list[FileResult]]:
    """Copy uploaded files (name as the user gave it, where it lies now) into the corpus folder under a safe name,
    each only after it reads as a document; (names stored, files refused with the reason). Ingest afterwards."""
    stored: list[str] = []
    refused: list[FileResult] = []
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        for given, where in uploads:
            name = safe_name(given)
            trial = Path(tmp) / name
            try:
                shutil.copyfile(where, trial)
            except OSError as exc:
                refused.append(FileResult(name, "skipped", f"cannot read the upload: {exc.strerror or exc}"))
                continue
            doc = read_file(trial, settings)
            if isinstance(doc, FileResult):
                refused.append(doc)
                continue
            target = settings.corpus_dir / name
            if target.resolve().parent != settings.corpus_dir.resolve():  # safe_name makes this impossible
                refused.append(FileResult(name, "skipped", "not a plain file name"))
                continue
            shutil.move(trial, target)
            stored.append(name)
    return stored, refused


def remove_file(settings: Settings, doc_id: str) -> bool:
    """Delete a document's file from the corpus folder (ingest then deletes its chunks); False when none."""
    target = settings.corpus_dir / safe_name(doc_id)
    if safe_name(doc_id) != doc_id or not target.is_file():
        return False
    target.unlink()
    return True
