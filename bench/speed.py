"""Speed of the product on the DTZ knowledge base, as ratios from one run.

* warm ``ask``: p50/p95 latency of a whole question (embedding, lexical, dense, fusion,
  re-ranking, evidence) against the time of one query embedding alone;
* a follow-up question asked in context against a fresh question;
* full build (fresh directory, nothing cached) against the pure embedding time of the same passages;
* ``dtzbot ask`` cold from a built index, as a new process (median of 3).

    python bench/speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import Library, load_config  # noqa: E402
from index.conversation import Turn  # noqa: E402
from index.embedders import Embedder, create_embedder  # noqa: E402
from index.evaluate import load_cases  # noqa: E402
from index.models import BuildReport  # noqa: E402


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def timed_build(lib: Library, embedder: Embedder) -> tuple[BuildReport, float, float]:
    """Full build time, and the pure embedding time of the passages it made (same batches of 16)."""
    started = time.perf_counter()
    report = lib.build()
    build_s = time.perf_counter() - started
    texts = [c.embed_text() for c in lib.stored.chunks]
    started = time.perf_counter()
    for i in range(0, len(texts), 16):
        embedder.embed_passages(texts[i : i + 16])
    return report, build_s, time.perf_counter() - started


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-speed"))
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    cfg = load_config(ROOT / "config.yaml").with_paths(index_dir=args.work)
    questions = [c.question for c in load_cases(ROOT.parent / "shared" / "eval" / "dev-questions.yaml")]

    embedder = create_embedder(cfg.embedding)
    lib = Library(cfg, embedder)
    report, build_s, embed_s = timed_build(lib, embedder)

    embed_times, ask_times = [], []
    for _ in range(args.rounds):
        for q in questions:
            t0 = time.perf_counter()
            embedder.embed_query(q)
            embed_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            lib.ask(q)
            ask_times.append(time.perf_counter() - t0)

    # Follow-ups: the last question of each conversation in followups.yaml, asked in context,
    # against the fresh questions before them.
    chats = [c for c in load_cases(ROOT.parent / "shared" / "eval" / "followups.yaml") if c.after]
    fresh_times, follow_times = [], []
    for _ in range(args.rounds):
        for case in chats:
            previous = None
            for earlier in case.after:
                t0 = time.perf_counter()
                answer = lib.ask(earlier, previous=previous)
                fresh_times.append(time.perf_counter() - t0)
                previous = Turn(earlier, answer.understood or earlier)
            t0 = time.perf_counter()
            lib.ask(case.question, previous=previous)
            follow_times.append(time.perf_counter() - t0)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cold = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "ask", "Wat is Dutch TechZone?", "--json", "--index", str(args.work)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        cold.append(time.perf_counter() - t0)

    q50 = statistics.median(embed_times)
    print(f"passages: {report.chunks} from {report.files_read} documents; {len(ask_times)} questions timed")
    print(f"query embedding alone:  p50 {q50 * 1000:.1f} ms")
    print(
        f"warm ask:               p50 {pct(ask_times, 50) * 1000:.1f} ms ({pct(ask_times, 50) / q50:.2f}x one embedding)  "
        f"p95 {pct(ask_times, 95) * 1000:.1f} ms ({pct(ask_times, 95) / q50:.2f}x)"
    )
    f50, p50 = pct(follow_times, 50), pct(fresh_times, 50)
    print(
        f"follow-up in context:   p50 {f50 * 1000:.1f} ms against {p50 * 1000:.1f} ms for the fresh questions before them ({f50 / p50:.2f}x)"
    )
    print(f"full build:             {build_s:.2f} s against {embed_s:.2f} s of pure embedding ({build_s / embed_s:.2f}x)")
    print(f"cold 'dtzbot ask':      median {statistics.median(cold):.2f} s (new process, index built)")


if __name__ == "__main__":
    main()
