"""Answers as Telegram HTML messages: pure functions, tested without Telegram.

Everything that comes from a document is HTML-escaped. A reply is split on
paragraph (block) boundaries so that no message exceeds Telegram's 4096
characters; a single block that is still too long is shortened with "…".
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.texts import t
from index.citation import cite, describe, locator
from index.glossary import Entry, mentioned
from index.models import Answer, DocumentMeta, Passage

MAX_MESSAGE = 4096
LONG_PASSAGE_WORDS = 70  # longer passages get an expandable quote
_ELLIPSIS = "…"


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def highlight(sentence: str | None, text: str) -> str:
    """Escaped passage text with ``sentence`` (chosen by the library: :attr:`Passage.highlight`) in bold."""
    if sentence:
        start = text.find(sentence)
        if start >= 0:
            end = start + len(sentence)
            return f"{html.escape(text[:start])}<b>{html.escape(sentence)}</b>{html.escape(text[end:])}"
    return html.escape(text)


def _shorten(text: str, budget: int) -> str:
    """Cut plain text so that its HTML-escaped form is at most ``budget`` UTF-16 units, at a word boundary."""
    if utf16_len(html.escape(text)) <= budget:
        return text
    lo, hi = 0, len(text)  # the longest prefix whose escaped form fits, with room for the ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if utf16_len(html.escape(text[:mid])) <= budget - 1:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo]
    if " " in cut[len(cut) // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + _ELLIPSIS


def passage_block(
    number: int, passage: Passage, question: str, lang: str, budget: int = MAX_MESSAGE - 200, bold: bool = True
) -> str:
    """One numbered quoted passage with its citation line (the best-matching sentence in bold for an answer)."""
    chunk = passage.chunk
    citation = html.escape(cite(chunk, lang))
    overhead = utf16_len(citation) + 100  # number, quote and bold tags, icon
    text = _shorten(chunk.text, budget - overhead)
    quote = highlight(passage.highlight, text) if bold else html.escape(text)
    tag = "blockquote expandable" if len(text.split()) > LONG_PASSAGE_WORDS else "blockquote"
    return f"<b>{number}.</b> <{tag}>{quote}</blockquote>\n📄 <i>{citation}</i>"


def source_line(passage: Passage, lang: str) -> str:
    """ "• Title (type, date), p. 3": a nearest source without quoting it."""
    chunk = passage.chunk
    where = locator(chunk, lang)
    return "• " + html.escape(describe(chunk, lang) + (f", {where}" if where else ""))


def render_answer(answer: Answer, lang: str, contact: str, offset: int = 0, glossary: Sequence[Entry] = ()) -> list[str]:
    """The messages for an answer (or its next page when ``offset`` > 0).

    With the ``glossary``, abbreviations in the quoted passages get their meaning under the quotes.
    """
    if not answer.passages:
        return [t(lang, "no_more" if offset else "empty_index")]
    messages = _render(answer, lang, contact, offset)
    shown = " ".join(p.chunk.text for p in answer.passages)
    used = [e for e in mentioned(glossary, shown) if e != answer.definition and e.meaning not in shown]
    if used and answer.answered:
        line = t(lang, "abbreviations", items="; ".join(f"{html.escape(e.term)}: {html.escape(e.meaning)}" for e in used))
        last = messages[-1] + "\n\n" + line
        messages[-1:] = [last] if utf16_len(last) <= MAX_MESSAGE else [messages[-1], line]
    notes = []
    if answer.definition is not None and offset == 0:
        entry = answer.definition
        where = t(lang, "glossary_given") if entry.given else ""
        notes.append(t(lang, "definition", term=html.escape(entry.term), meaning=html.escape(entry.meaning), where=where).strip())
    if answer.understood and offset == 0:  # a follow-up: say how it was read, above everything else
        notes.append(t(lang, "understood_as", question=html.escape(answer.understood)))
    if answer.filtered:
        notes.append(t(lang, "filtered_by", filter=html.escape(answer.filtered)))
    if notes:
        messages[0] = "\n".join(notes) + "\n" + messages[0]
    return messages


def _render(answer: Answer, lang: str, contact: str, offset: int) -> list[str]:
    if not answer.answered and offset == 0:
        # The closest text is shown, said to be that and not an answer; the other sources by name only.
        best, *rest = answer.passages
        blocks = [t(lang, "not_found") + "\n" + t(lang, "closest"), passage_block(1, best, answer.question, lang, bold=False)]
        if rest:
            blocks.append(t(lang, "nearest") + "\n" + "\n".join(source_line(p, lang) for p in rest))
        blocks.append(t(lang, "ask_contact", contact=html.escape(contact)))
        return split_blocks(blocks)
    end = offset + len(answer.passages)
    if not answer.answered:  # "More results" after a refusal: still not an answer
        header = t(lang, "more_closest_header", start=offset + 1, end=end)
        blocks = [header] + [
            passage_block(offset + n, p, answer.question, lang, bold=False) for n, p in enumerate(answer.passages, start=1)
        ]
        return split_blocks([*blocks, t(lang, "ask_contact", contact=html.escape(contact))])
    header = t(lang, "more_header", start=offset + 1, end=end) if offset else t(lang, "answer_header")
    blocks = [header] + [passage_block(offset + n, p, answer.question, lang) for n, p in enumerate(answer.passages, start=1)]
    return split_blocks(blocks)


def render_glossary(entries: Sequence[Entry], lang: str) -> list[str]:
    """The /begrippen list: each term with its meaning (and where the bureau gave it)."""
    if not entries:
        return [t(lang, "glossary_empty")]
    lines = [t(lang, "glossary_header", count=len(entries))]
    for e in entries:
        lines.append(
            f"• <b>{html.escape(e.term)}</b>: {html.escape(e.meaning)}" + (f" {t(lang, 'glossary_given')}" if e.given else "")
        )
    return split_blocks(["\n".join(lines)]) if utf16_len("\n".join(lines)) <= MAX_MESSAGE else split_blocks(lines)


def render_sources(documents: list[DocumentMeta], lang: str) -> list[str]:
    """The /bronnen list."""
    lines = [t(lang, "sources_header", count=len(documents))]
    lines += ["• " + html.escape(describe(d, lang)) for d in documents]
    return split_blocks(["\n".join(lines)]) if len("\n".join(lines)) <= MAX_MESSAGE else split_blocks(lines)


def split_blocks(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Pack blocks (each valid HTML on its own) into messages of at most ``limit`` characters."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if utf16_len(block) > limit:
            block = html.escape(_shorten(html.unescape(_strip_tags(block)), limit))
        candidate = f"{current}\n\n{block}" if current else block
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)
