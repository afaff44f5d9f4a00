"""``rag eval``: its options. The command itself is :func:`rag.evaluate.main`."""
from __future__ import annotations

from pathlib import Path

from ..evaluate.questions import SPLITS
from .common import config_of, progress


# The on/off options of `rag eval`: what else to run besides the chosen split.
_SWITCHES = [
    ("--ablations", "also run the hybrid system over indexes built without the context header and with other "
                    "chunk sizes (first run embeds their chunks: a few minutes)"),
    ("--dialogues", "also run the follow-up dialogues (eval/dialogues.jsonl) and the test and natural-test splits "
                    "after an unrelated earlier turn"),
    ("--cv", "also answer the dev questions with the sentence model and cuts fitted 5-fold (each fold by a fit "
             "on the others)"),
    ("--splits", f"also run the hybrid system on every split ({', '.join(SPLITS)}), side by side"),
    ("--calibrate", "fit the sentence model and the abstention thresholds on the fitted splits (written to "
                    "rag/calibration.json), then run the eval"),
]


def eval_parser(sub) -> None:
    s = sub.add_parser("eval", help="run the eval suite and baselines")
    s.add_argument("--split", default="test",
                   choices=[*SPLITS, "all"])
    s.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    s.add_argument("--json", dest="json_out", type=Path, help="write the full report as JSON")
    s.add_argument("--md", type=Path, help="write a Markdown report")
    s.add_argument("--plot", type=Path, help="write a recall@k plot (PNG)")
    s.add_argument("--systems", default="all", help="comma list: hybrid,dense,bm25,textbook (default all)")
    for flag, text in _SWITCHES:
        s.add_argument(flag, action="store_true", help=text)
    s.add_argument("--answers", type=Path, metavar="FILE",
                   help="only write every answer (all splits and dialogue turns) as JSON Lines to FILE, "
                        "to diff before and after a change")
    s.set_defaults(func=cmd_eval)


def cmd_eval(args) -> int:
    from ..evaluate import main as eval_main

    return eval_main(args, config_of(args), progress)
