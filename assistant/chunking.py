"""Sentence-aware chunks with exact character offsets into the cleaned document text."""

from __future__ import annotations

from .settings import ChunkingSettings
from .text import split_sentences
from .types import Chunk, Document


def chunk_document(doc: Document, settings: ChunkingSettings) -> list[Chunk]:
    """Group whole sentences into chunks of about ``target_chars``; a chunk's text is ``doc.text[start:end]``."""
    spans = _bounded(split_sentences(doc.text), settings.max_chars)
    chunks: list[Chunk] = []
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= settings.target_chars:
            j += 1
        start, end = spans[i][0], spans[j][1]
        chunks.append(
            Chunk(chunk_id=f"{doc.doc_id}::{len(chunks)}", doc_id=doc.doc_id, index=len(chunks),
                  text=doc.text[start:end], start=start, end=end)
        )
        if j + 1 >= len(spans):
            break
        i = max(j + 1 - settings.overlap_sentences, i + 1)
    return chunks


def _bounded(spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Cut sentences longer than ``max_chars`` (lists, tables) into pieces so no chunk grows unbounded."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > max_chars:
            out.append((start, start + max_chars))
            start += max_chars
        out.append((start, end))
    return out
