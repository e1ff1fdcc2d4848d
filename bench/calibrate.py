"""Calibrate abstention on answerable and unanswerable questions, near misses included.

A question is answered when its evidence (``index.evidence.mix`` of the best passages' coverage
of the question's terms and the best cosine) reaches ``search.min_evidence`` and the best
passages hold what the question pins down (``index.answerability.judge``). Measured on:

* the question files: dev, more, english, near-miss (plausible DTZ questions the documents do
  not answer, and answerable ones of the same shape), paraphrase, on the DTZ knowledge base;
  ../shared/realdocs/questions.yaml on the real documents (its ``none`` cases are near misses
  too). Follow-up cases are left out (they are asked in a conversation);
* PolicyQA: its 500 real Dutch questions on their own answer pages (answerable) and on the DTZ
  knowledge base (unanswerable, off-topic).

Prints the evidence of each group, then per threshold the share refused of every set's answerable
and unanswerable questions (the precision/recall trade-off of the whole decision), and with
``--cv`` a leave-one-set-out check of the evidence mix: for each set, the coverage weight, cosine
band and threshold that do best on the other sets, and how that choice and the shipped one do on
the set left out (a wrong answer counts twice a wrong refusal).

    python bench/calibrate.py [--cv]     # needs the scratch indexes (built on first run)
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import prepare  # noqa: E402
from bench.rerank_cv import DTZ_SETS  # noqa: E402
from index import Library, load_config  # noqa: E402
from index.answerability import judge  # noqa: E402
from index.evaluate import load_cases  # noqa: E402
from index.evidence import COVERAGE_WEIGHT, DENSE_CEIL, DENSE_FLOOR, Matcher, evidence_parts, mix  # noqa: E402
from index.search import rank  # noqa: E402

SHARED = ROOT.parent / "shared"
DTZ_FILES = {name: path for name, path in DTZ_SETS.items() if name != "followups"}  # follow-ups need a conversation
REALDOCS = SHARED / "realdocs"


@dataclasses.dataclass(frozen=True)
class Case:
    """One question's parts of the decision."""

    group: str
    question: str
    answerable: bool
    coverage: float
    dense: float
    judged: bool  # the judge's verdict on the best passages (asked whatever the evidence)

    def answered(self, weight: float, floor: float, ceil: float, threshold: float) -> bool:
        """Would this mix and threshold answer it?"""
        return self.judged and mix(self.coverage, self.dense, weight, floor, ceil) >= threshold


def measure(library: Library, group: str, question: str, answerable: bool) -> Case:
    """The parts of the decision for one question, as :meth:`index.Library.ask` takes it."""
    stored = library.stored
    ranking = rank(stored, library._query_vector(question), question, library.config.search)
    cov, dense = evidence_parts(stored, ranking)
    best = [int(i) for i in ranking.order[: max(5, library.config.search.top_k)]]
    judged = bool(best) and judge(stored, question, best, Matcher(stored, ranking.query_terms).share, ranking.query_terms).answers
    return Case(group, question, answerable, cov, dense, judged)


def collect(work: Path, policyqa: Path) -> list[Case]:
    """Every case of every set."""
    base = load_config(ROOT / "config.yaml")
    dtz = Library(base.with_paths(index_dir=work / "dtz-data"))
    dtz.update()
    real = Library(base.with_paths(REALDOCS / "documents", work / "realdocs-data"))
    real.update()
    pq_cfg = base.with_paths(work / "knowledge", work / "data")
    prepare(policyqa, pq_cfg.knowledge_dir)
    pq = Library(pq_cfg)
    pq.update()

    cases: list[Case] = []
    files = [(name, path, dtz) for name, path in DTZ_FILES.items()] + [("realdocs", REALDOCS / "questions.yaml", real)]
    for name, path, library in files:
        for c in load_cases(path):
            if not c.after:
                cases.append(measure(library, name, c.question, not c.unanswerable))
    questions = [json.loads(x)["text"] for x in (policyqa / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    cases += [measure(pq, "policyqa", q, True) for q in questions]
    cases += [measure(dtz, "policyqa", q, False) for q in questions]
    return cases


def outcome(cases: list[Case], setting: tuple[float, float, float, float]) -> tuple[int, int]:
    """(answerable refused, unanswerable answered)."""
    refused = sum(c.answerable and not c.answered(*setting) for c in cases)
    answered = sum(not c.answerable and c.answered(*setting) for c in cases)
    return int(refused), int(answered)


def cost(cases: list[Case], setting: tuple[float, float, float, float]) -> float:
    """Per set, the share of answerable refused plus twice the share of unanswerable answered, summed."""
    total = 0.0
    for group in dict.fromkeys(c.group for c in cases):
        members = [c for c in cases if c.group == group]
        refused, answered = outcome(members, setting)
        total += refused / max(1, sum(c.answerable for c in members)) + 2 * answered / max(
            1, sum(not c.answerable for c in members)
        )
    return total


def cross_validate(cases: list[Case], shipped: tuple[float, float, float, float]) -> None:
    """Leave one set out: pick the mix on the others, compare it with the shipped one on the set left out."""
    grid = list(
        itertools.product(
            (0.3, 0.4, 0.5, 0.6, 0.7),
            (0.78, 0.80, 0.82),
            (0.86, 0.88, 0.90, 0.92),
            [round(float(t), 2) for t in np.arange(0.30, 0.66, 0.02)],
        )
    )
    print(
        "\nleave one set out (coverage weight, cosine floor, cosine ceiling, threshold); (answerable refused, unanswerable answered):"
    )
    for group in dict.fromkeys(c.group for c in cases):
        train = [c for c in cases if c.group != group]
        test = [c for c in cases if c.group == group]
        picked = min(grid, key=lambda s: (cost(train, s), abs(s[0] - shipped[0]), abs(s[3] - shipped[3])))
        print(
            f"  {group:10}  picked on the others {picked}: {outcome(test, picked)}   shipped {shipped}: {outcome(test, shipped)}"
        )


def main() -> None:
    """Run the calibration."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--policyqa", type=Path, default=SHARED / "external" / "policyqa")
    ap.add_argument("--work", type=Path, default=Path("/tmp/dtzbot-bench-calibrate"))
    ap.add_argument("--cv", action="store_true", help="also check the evidence mix by leaving one set out")
    args = ap.parse_args()

    cases = collect(args.work, args.policyqa)
    th = load_config(ROOT / "config.yaml").search.min_evidence
    shipped = (COVERAGE_WEIGHT, DENSE_FLOOR, DENSE_CEIL, th)
    groups = list(dict.fromkeys(c.group for c in cases))

    def pct(values: list[float], ps: list[int]) -> str:
        return "  ".join(f"p{p} {np.percentile(values, p):.3f}" for p in ps)

    print("evidence (shipped mix):")
    for group in groups:
        for answerable in (True, False):
            ev = [mix(c.coverage, c.dense) for c in cases if c.group == group and c.answerable == answerable]
            if ev:
                which = "answerable" if answerable else "unanswerable"
                print(f"  {group:10} {which:12} n={len(ev):3}  min {min(ev):.3f}  {pct(ev, [10, 50, 90])}  max {max(ev):.3f}")

    print("\nrefused per threshold, answerable / unanswerable (answerable refused should be low, unanswerable high):")
    print("  threshold  " + "  ".join(f"{g:>17}" for g in groups))
    for t in sorted({round(float(x), 2) for x in np.arange(0.30, 0.62, 0.04)} | {th}):
        cells = []
        for group in groups:
            members = [c for c in cases if c.group == group]
            refused, answered = outcome(members, (*shipped[:3], t))
            pos, neg = sum(c.answerable for c in members), sum(not c.answerable for c in members)
            cells.append(f"{refused:3}/{pos:<3} {neg - answered:3}/{neg:<3}".rjust(17))
        mark = "  (configured)" if t == th else ""
        print(f"  {t:9.2f}  " + "  ".join(cells) + mark)
    refused, answered = outcome([c for c in cases if c.group != "policyqa"], shipped)
    files_pos = sum(c.answerable for c in cases if c.group != "policyqa")
    files_neg = sum(not c.answerable for c in cases if c.group != "policyqa")
    print(
        f"\nconfigured (min_evidence {th}): question files {refused}/{files_pos} answerable refused, "
        f"{files_neg - answered}/{files_neg} unanswerable refused"
    )
    if args.cv:
        cross_validate(cases, shipped)


if __name__ == "__main__":
    main()
