"""``dtzbot``: one command line for indexing, asking, evaluating and serving.

    dtzbot [--config PATH] index build|update|status [--json]
    dtzbot index passages [FILE] [--json]
    dtzbot ask "vraag" [--json] [-k N] [--year Y] [--type T] [--source NAAM] [--collection C]
    dtzbot chat [--year Y] [--type T] [--source NAAM] [--collection C]
    dtzbot glossary [TERM] [--json]
    dtzbot eval FILE [--json] [-k N]
    dtzbot serve [--log-questions]
    dtzbot health
    dtzbot feedback export [--out FILE] | digest [--days N]

``index``, ``ask``, ``chat``, ``eval`` and ``serve`` take ``--knowledge DIR --index DIR``
to use another folder than the config says. Errors are one line on stderr and a
non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from bot import __version__
from index import Config, DTZError, KnowledgeError, Library, load_config
from index.citation import cite
from index.conversation import Conversation
from index.filters import TYPE_WORDS, Filter, parse_type, parse_year
from index.glossary import GLOSSARY_FILE
from index.manifest import FileEntry
from index.models import Answer, BuildReport, printable

EXIT_ERROR = 2


def _add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge folder (overrides knowledge_dir)")
    p.add_argument("--index", type=Path, metavar="DIR", help="directory for the built index (overrides data_dir)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``dtzbot``."""
    ap = argparse.ArgumentParser(prog="dtzbot", description="Cited answers from the Dutch TechZone documents.")
    ap.add_argument(
        "--config", type=Path, default=Path("config.yaml"), metavar="PATH", help="config file (default ./config.yaml)"
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="log more (DEBUG)")
    ap.add_argument("--version", action="version", version=f"dtzbot {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    idx = sub.add_parser("index", help="build, update or inspect the index")
    idx_sub = idx.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (
        ("build", "read every document and build a new index"),
        ("update", "re-read only new and changed documents"),
    ):
        p = idx_sub.add_parser(name, help=text)
        _add_paths(p)
    st = idx_sub.add_parser("status", help="what the index holds, with each document's metadata")
    st.add_argument("--json", action="store_true", help="print one JSON object")
    _add_paths(st)
    ps = idx_sub.add_parser("passages", help="what the index made of a document: passages with page, section and kind")
    ps.add_argument("file", nargs="?", help="a document (file name relative to the knowledge folder); default: all")
    ps.add_argument("--json", action="store_true", help="one JSON object per line")
    _add_paths(ps)

    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("-k", type=int, default=None, help="number of passages (default search.top_k)")
    _add_filters(ask)
    _add_paths(ask)

    gl = sub.add_parser("glossary", help="the glossary: abbreviations the documents spell out and begrippen.yaml")
    gl.add_argument("term", nargs="?", help="one term (default: the whole list)")
    gl.add_argument("--json", action="store_true", help="one JSON object per line")
    _add_paths(gl)

    chat = sub.add_parser("chat", help="ask questions in the terminal")
    chat.add_argument("-k", type=int, default=None, help="number of passages")
    _add_filters(chat)
    _add_paths(chat)

    ev = sub.add_parser("eval", help="measure answer quality on a question file")
    ev.add_argument("file", type=Path)
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("-k", type=int, default=5, help="passages per question (default 5)")
    _add_paths(ev)

    serve = sub.add_parser("serve", help="run the Telegram bot (token from TELEGRAM_BOT_TOKEN)")
    serve.add_argument(
        "--log-questions", action="store_true", help="log question texts and Telegram's own DEBUG records (user ids, names)"
    )
    _add_paths(serve)

    health = sub.add_parser("health", help="exit 0 when a running 'serve' is taking updates with its index loaded")
    health.add_argument(
        "--max-age", type=float, default=None, help="seconds a heartbeat stays fresh (default 2x watch.interval_seconds + 2)"
    )
    _add_paths(health)

    fb = sub.add_parser("feedback", help="feedback given in Telegram")
    fb_sub = fb.add_subparsers(dest="action", required=True, metavar="ACTION")
    dig = fb_sub.add_parser("digest", help="refused questions, 👎 answers and the documents cited most (no user identities)")
    dig.add_argument("--days", type=float, default=7.0, help="the period (default 7 days)")
    exp = fb_sub.add_parser("export", help="write all feedback as CSV")
    exp.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    return ap


def _config(args: argparse.Namespace) -> Config:
    cfg = load_config(args.config)
    return cfg.with_paths(getattr(args, "knowledge", None), getattr(args, "index", None))


class _Progress:
    """Progress on stderr: a bar on a terminal; otherwise (a service, Docker, a CI log) plain lines,
    one per document read and one about every 30 s while embedding."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._last = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        label = {"read": "reading", "embed": "embedding", "lexical": "indexing"}.get(stage, stage)
        now = time.monotonic()
        if self.tty:
            if now - self._last < 0.1 and done < total:
                return
            self._last = now
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r{label:10s} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ")
            sys.stderr.flush()
            return
        if stage == "read" or stage != self._stage or now - self._last >= 30 or done == total:
            if stage == "lexical" and self._stage == "lexical":
                return
            self._stage, self._last = stage, now
            print(f"{label} {done}/{total}" if stage != "lexical" else label, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\r" + " " * 60 + "\r")


def _run_build(lib: Library, incremental: bool) -> BuildReport:
    bar = _Progress()
    try:
        return lib.update(progress=bar) if incremental else lib.build(progress=bar)
    finally:
        bar.close()


def _ready(lib: Library) -> None:
    """Build the index when there is none; warn when the knowledge folder changed since."""
    if not lib.is_built():
        if not lib.config.knowledge_dir.is_dir():
            raise KnowledgeError(f"knowledge folder not found: {lib.config.knowledge_dir}")
        print("No index yet: building it first (once).", file=sys.stderr)
        report = _run_build(lib, incremental=False)
        print(report.summary(), file=sys.stderr)
        return
    lib.load()
    changes = lib.stale()
    if changes:
        shown = "; ".join(changes[:5]) + (f"; and {len(changes) - 5} more" if len(changes) > 5 else "")
        print(f"warning: knowledge folder changed since the index was built ({shown}); run: dtzbot index update", file=sys.stderr)


def format_answer(answer: Answer, lib_choices: tuple[list[str], list[str]] | None = None) -> str:
    """Plain-text rendering of an answer for the terminal."""
    lines: list[str] = []
    if not answer.question:
        return 'Geen vraag gesteld: dtzbot ask "Wat is Dutch TechZone?"'
    if answer.filter_empty:
        years, types = lib_choices if lib_choices else ([], [])
        return (
            f"Geen documenten met {answer.filtered}. Er zijn jaren {', '.join(years) or '-'} en typen {', '.join(types) or '-'}."
        )
    if not answer.passages:
        return "Geen passages gevonden: de index is leeg."
    if answer.filter_empty:
        years, types = lib_choices if lib_choices else ([], [])
        return (
            f"Geen documenten met {answer.filtered}. Er zijn jaren {', '.join(years) or '-'} en typen {', '.join(types) or '-'}."
        )
    if answer.definition is not None:
        given = " (begrippenlijst van het programmabureau)" if answer.definition.given else ""
        lines.append(f"{answer.definition.term}: {answer.definition.meaning}{given}")
    if answer.understood:
        lines.append(f"Begrepen als: {answer.understood}")
    if answer.filtered:
        lines.append(f"Alleen uit: {answer.filtered}")
    if answer.understood or answer.filtered or answer.definition is not None:
        lines.append("")
    if not answer.answered:
        lines.append("De documenten lijken deze vraag niet te beantwoorden.")
        lines.append("Dit beantwoordt je vraag mogelijk niet; het dichtst in de buurt komt:")
        lines.append("")
    for n, p in enumerate(answer.passages, start=1):
        lines.append(f"[{n}] {cite(p.chunk)}")
        lines.append(f"    bron: {p.chunk.source}   score {p.score:.3f}")
        if answer.answered or n == 1:  # after a refusal, only the closest text is quoted
            for text_line in p.chunk.text.splitlines():
                lines.append(f"    │ {text_line}")
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_index(args: argparse.Namespace) -> int:
    lib = Library(_config(args))
    if args.action == "passages":
        return _print_passages(lib, args)
    if args.action == "status":
        if not lib.is_built():
            if args.json:
                print(json.dumps({"built": False}))
            else:
                print("No index built yet. Run: dtzbot index build")
            return 0
        lib.load()
        s = lib.status()
        stale = lib.stale()
        if args.json:
            data: dict[str, Any] = {
                "built": True,
                "documents": s.documents,
                "passages": s.passages,
                "built_at": s.built_at,
                "build_seconds": s.build_seconds,
                "engine": s.engine,
                "model": s.model,
                "skipped": [{"source": k.source, "reason": k.reason} for k in s.skipped],
                "stale": stale,
                "path": s.path,
                "files": [_file_json(source, entry) for source, entry in lib.files().items()],
            }
            print(json.dumps(data, ensure_ascii=False))
            return 0
        print(f"index:     {s.path}\nbuilt:     {s.built_at} in {s.build_seconds:.1f} s\nengine:    {s.engine} / {s.model}")
        print(f"documents: {s.documents}\npassages:  {s.passages}")
        for source, entry in lib.files().items():
            print(_file_line(source, entry))
        for k in s.skipped:
            print(f"skipped:   {k.source}: {k.reason}")
        for change in stale:
            print(f"not yet indexed: {change} (run: dtzbot index update)")
        return 0
    report = _run_build(lib, incremental=args.action == "update")
    print(report.summary())
    return 0


def _file_json(source: str, entry: FileEntry) -> dict[str, Any]:
    how = dict(entry.derived_from)
    return {
        "source": source,
        "title": entry.title,
        "date": entry.date,
        "type": entry.type,
        "sender": entry.sender,
        "url": entry.url,
        "collection": entry.collection,
        "derived": {k: how.get(k, "derived") for k in entry.derived},
        "passages": entry.chunks,
        "words": entry.words,
        "kept_share": round(entry.kept_share, 4),
    }


def _file_line(source: str, entry: FileEntry) -> str:
    """One document in the status: its metadata, derived fields marked with *, and the share of words kept."""
    how = dict(entry.derived_from)

    def show(key: str, value: str) -> str:
        return f"{key} {value or '-'}{'*' if key in entry.derived else ''}"

    fields = "; ".join(show(k, getattr(entry, k)) for k in ("title", "date", "type"))
    fields += f"; {show('sender', entry.sender)}" if entry.sender else ""
    fields += f"; collection {entry.collection}" if entry.collection else ""
    derived = ", ".join(f"{k} from {how.get(k, '?')}" for k in entry.derived if k in ("title", "date", "type", "sender"))
    kept = f"{entry.kept_share:.0%} of {entry.words} words kept" if entry.words else ""
    line = f"  {printable(source)}: {entry.chunks} passages{', ' + kept if kept else ''}\n      {printable(fields)}"
    return line + (f"\n      (* derived: {derived}; correct it with a sidecar {printable(source)}.meta.yaml)" if derived else "")


def _print_passages(lib: Library, args: argparse.Namespace) -> int:
    _ready(lib)
    if args.file and lib.document(args.file) is None:
        known = ", ".join(sorted(lib.files())[:10])
        raise KnowledgeError(f"not an indexed document: {args.file} (indexed: {known}{', ...' if len(lib.files()) > 10 else ''})")
    for c in lib.passages(args.file):
        if args.json:
            row = {
                "source": c.source,
                "page": c.page,
                "page_end": c.page_end,
                "section": c.section,
                "kind": c.kind,
                "id": c.id,
                "text": c.text,
            }
            print(json.dumps(row, ensure_ascii=False))
        else:
            pages = "" if c.page is None else f" blz. {c.page}" + (f"-{c.page_end}" if c.page_end else "")
            print(f"--- {c.source}{pages} [{c.kind}]{' “' + c.section + '”' if c.section else ''}")
            print(c.text)
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", help="answer only from documents of (or about) this year, e.g. 2024")
    parser.add_argument("--type", help="answer only from documents of this type, e.g. jaarplan")
    parser.add_argument("--source", help="answer only from documents whose title or file name holds these words")
    parser.add_argument("--collection", help="answer only from this collection's documents (its folder or given name)")


def _filters(args: argparse.Namespace) -> Filter | None:
    year = parse_year(args.year) if args.year else ""
    if args.year and not year:
        raise DTZError(f"--year: not a year: {args.year!r} (e.g. 2024)")
    kind = parse_type(args.type) if args.type else ""
    if args.type and not kind:
        raise DTZError(f"--type: not a document type: {args.type!r} (known: {', '.join(TYPE_WORDS)})")
    found = Filter(
        year=year or "", type=kind or "", source=(args.source or "").strip(), collection=(args.collection or "").strip()
    )
    return found or None


def cmd_ask(args: argparse.Namespace) -> int:
    lib = Library(_config(args))
    _ready(lib)
    answer = lib.ask(args.question, k=args.k, filters=_filters(args))
    print(json.dumps(answer.as_dict(), ensure_ascii=False) if args.json else format_answer(answer, lib.filter_choices()))
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    lib = Library(_config(args))
    _ready(lib)
    entries = lib.glossary()
    if args.term:
        found = lib.define(args.term)
        if found is None:
            print(f"{args.term}: not in the glossary and no document spells it out", file=sys.stderr)
            return 1
        entries = [found]
    for e in entries:
        where = f"{e.source}" + (f", p. {e.page}" if e.page else "") if e.source else f"{GLOSSARY_FILE} (the bureau's list)"
        if args.json:
            print(json.dumps({"term": e.term, "meaning": e.meaning, "source": e.source, "page": e.page}, ensure_ascii=False))
        else:
            print(f"{printable(e.term)}: {printable(e.meaning)}   [{printable(where)}]")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    lib = Library(_config(args))
    _ready(lib)
    cfg = lib.config.conversation
    conversation = Conversation(cfg.turns, cfg.minutes * 60)
    chosen = _filters(args)
    print("Stel een vraag over Dutch TechZone (leeg of Ctrl-D om te stoppen; /opnieuw vergeet het gesprek).")
    while True:
        try:
            question = input("\nvraag> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question or question.lower() in {"exit", "quit", "stop"}:
            return 0
        if question.lower() in {"/opnieuw", "/reset"}:
            conversation.forget()
            print("Ik begin opnieuw: je volgende vraag staat op zichzelf.")
            continue
        answer = lib.ask(question, k=args.k, previous=conversation.last, filters=chosen)
        conversation.record(question, answer.understood or question, [p.chunk.source for p in answer.passages])
        print(format_answer(answer, lib.filter_choices()))


def cmd_eval(args: argparse.Namespace) -> int:
    from index.evaluate import evaluate, load_cases

    notes: list[str] = []
    cases = load_cases(args.file, notes)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    lib = Library(_config(args))
    _ready(lib)
    result = evaluate(lib, cases, k=args.k)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for c in result["per_case"]:
        mark = ("ok " if not c["answered"] else "ERR") if c["unanswerable"] else (f"#{c['rank']}" if c["rank"] else "miss")
        abstained = "" if c["answered"] else "  (abstained)"
        print(f"{mark:>4}  {c['q']}{abstained}")
    keys = (
        "cases",
        "answerable",
        "unanswerable",
        "hit_at_1",
        "hit_at_3",
        "hit_at_5",
        "mrr",
        "abstain_correct",
        "false_abstain",
        "lenient_hit_at_3",
        "lenient_mrr",
    )
    print("\n" + "  ".join(f"{k} {result[k]}" for k in keys))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.app import serve

    return serve(_config(args), log_questions=args.log_questions)


def cmd_health(args: argparse.Namespace) -> int:
    from bot.watch import check_heartbeat

    cfg = _config(args)
    problem = check_heartbeat(cfg.data_dir, args.max_age)
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print("healthy")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from bot.db import Database
    from bot.feedback import FeedbackStore

    cfg = load_config(args.config)
    store = FeedbackStore(Database.open(cfg), cfg.privacy.retention_days, key_folder=cfg.telegram.feedback_db.parent)
    if args.action == "digest":
        d = store.digest(args.days)
        print(f"last {args.days:g} days: {d.asked} questions, {d.answered} answered; {d.up} up, {len(d.down)} down")
        for title, rows in (("documents cited most", d.topics), ("not answered", d.refused)):
            if rows:
                print(f"\n{title}:")
                print("\n".join(f"  {n:>3}x  {printable(text)}" for text, n in rows))
        if d.down:
            print("\ndown-voted:")
            print("\n".join(f"  {printable(q)}" + (f"  -- missed: {printable(c)}" if c else "") for q, c in d.down))
        return 0
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as fh:
            n = store.export_csv(fh)
        print(f"{n} feedback row(s) written to {args.out}", file=sys.stderr)
    else:
        store.export_csv(sys.stdout)
    return 0


COMMANDS = {
    "index": cmd_index,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "glossary": cmd_glossary,
    "eval": cmd_eval,
    "serve": cmd_serve,
    "health": cmd_health,
    "feedback": cmd_feedback,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dtzbot`` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("httpx", "httpcore"):  # Telegram URLs contain the token
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except DTZError as exc:
        print(f"dtzbot: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("dtzbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (dtzbot ... | head): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
