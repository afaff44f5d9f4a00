"""Blind held-out sets: the workspace a helper writes one in, and the check it must pass.

Each session adds 100 natural questions and 40 dialogues that no system has run on (README:
Quality). The helpers that write them see only the letters' clean text, a brief (briefs/) and
this check, never the eval files or the system. Kept in the tree because the workspace did not
survive a move to a new machine: the fifty-fourth session rebuilt it from the earlier rules.

    python -m rag.evaluate.blind prepare /tmp/h57 --number 57 --prefix oh
    # … two helpers, each told: "Read /tmp/h57/BRIEF_natural.md (or BRIEF_dialogues.md) and do it"
    python -m rag.evaluate.blind check /tmp/h57     # OK, or one line per problem

``prepare`` writes clean/<doc_id>.txt, existing_questions.txt (every question, turn and standalone form
written before, normalised), the two briefs and kit.json; ``check`` reads natural_new.jsonl and
dialogues_new.jsonl there. Their shape is the one tests/test_eval.py holds every holdout to.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from string import Template

from .questions import DIALOGUES_FILE, Question, load_dialogues, load_questions, locate

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
BRIEFS = Path(__file__).resolve().parent / "briefs"
KINDS = {"definition": 5, "fact": 5, "person": 4, "date": 4, "amount": 4, "letter": 4, "place": 3,  # per language
         "yesno": 3, "list": 3, "why": 3, "ambiguous": 2, "unanswerable": 10}
FIELDS = ["id", "question", "language", "kind", "split", "style", "paraphrase_of", "doc_ids", "evidence",
          "answer_terms", "note"]
TURN = ["question", "role", "type", "standalone", "unanswerable", "doc_ids", "evidence", "answer_terms"]
TYPES = {"first": {"first"}, "followup": {"pronoun", "ellipsis", "letter_ref", "short"},
         "switch": {"switch"}, "standalone": {"standalone"}}
FOLLOWUPS_AT_LEAST = {"pronoun": 25, "ellipsis": 18, "letter_ref": 15, "short": 10}
COPIED = 5  # this many words in a row from a letter is copying its wording


def norm(text: str) -> str:
    return text.lower().strip().rstrip("?").strip()


def existing_texts(questions: list[Question], dialogues: list[dict]) -> set[str]:
    """Every question, dialogue turn and standalone form written so far, normalised."""
    turns = {t[k] for d in dialogues for t in d["turns"] for k in ("question", "standalone")}
    return {norm(text) for text in turns | {q.question for q in questions}} - {""}


def used_prefixes(questions: list[Question], dialogues: list[dict]) -> set[str]:
    """The id prefixes taken ("og" of og001, "ogd" of ogd01)."""
    return {re.match(r"[a-z]+", i).group(0) for i in [q.id for q in questions] + [d["id"] for d in dialogues]}


def prepare(workspace: Path, number: int, prefix: str, corpus: Path, check: str, existing: set[str]) -> None:
    from ..corpus import load_corpus

    (workspace / "clean").mkdir(parents=True, exist_ok=True)
    for letter in load_corpus(corpus).letters:
        (workspace / "clean" / f"{letter.doc_id}.txt").write_text(letter.text, encoding="utf-8")
    (workspace / "existing_questions.txt").write_text("\n".join(sorted(existing)) + "\n", encoding="utf-8")
    fill = {"dir": str(workspace), "prefix": prefix, "split": f"holdout{number}", "existing": f"{len(existing):,}",
            "check": check}
    for kind in ("natural", "dialogues"):
        brief = Template((BRIEFS / f"{kind}.md").read_text(encoding="utf-8")).substitute(fill)
        (workspace / f"BRIEF_{kind}.md").write_text(brief, encoding="utf-8")
    (workspace / "kit.json").write_text(json.dumps({"split": f"holdout{number}", "prefix": prefix}), encoding="utf-8")


class Checker:
    """The problems of a workspace's sets, one line each (none: the set may be committed)."""

    def __init__(self, workspace: Path):
        self.dir = workspace
        kit = json.loads((workspace / "kit.json").read_text(encoding="utf-8"))
        self.split, self.prefix = kit["split"], kit["prefix"]
        self.text = {p.stem: p.read_text(encoding="utf-8") for p in sorted((workspace / "clean").glob("*.txt"))}
        self.existing = set((workspace / "existing_questions.txt").read_text(encoding="utf-8").splitlines())
        words = [re.findall(r"\w+", t.lower()) for t in self.text.values()]
        self.grams = {tuple(w[i:i + COPIED]) for w in words for i in range(len(w) - COPIED + 1)}
        self.errors: list[str] = []

    def copied(self, question: str) -> list[str]:
        w = re.findall(r"\w+", question.lower())
        return [" ".join(w[i:i + COPIED]) for i in range(len(w) - COPIED + 1) if tuple(w[i:i + COPIED]) in self.grams]

    def _read(self, name: str) -> list[dict]:
        path = self.dir / name
        if not path.exists():
            self.errors.append(f"{name}: missing")
            return []
        out = []
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    self.errors.append(f"{name} line {i}: not JSON ({e})")
        return out

    def _numbered(self, name: str, what: str, ids: list[str]) -> list[dict]:
        """The records of ``name``, checked to be as many as ``ids`` and numbered so."""
        items = self._read(name)
        if len(items) != len(ids):
            self.errors.append(f"{len(items)} {what}, want {len(ids)}")
        if [x.get("id") for x in items] != ids[:len(items)]:
            self.errors.append(f"ids must be {ids[0]} … {ids[-1]} in order")
        return items

    def _evidence(self, where: str, item: dict, answerable: bool) -> None:
        docs, ev, terms = item.get("doc_ids"), item.get("evidence"), item.get("answer_terms")
        if not all(isinstance(x, list) for x in (docs, ev, terms)):
            self.errors.append(f"{where}: doc_ids, evidence and answer_terms must be lists")
            return
        if not answerable:
            if docs or ev or terms:
                self.errors.append(f"{where}: unanswerable must have empty doc_ids, evidence and answer_terms")
            return
        if not (docs and ev and terms):
            self.errors.append(f"{where}: answerable needs doc_ids, evidence and answer_terms")
            return
        self.errors += [f"{where}: unknown doc_id {d!r}" for d in docs if d not in self.text]
        for e in ev:
            if not isinstance(e, dict) or set(e) != {"doc_id", "text"}:
                self.errors.append(f"{where}: evidence items are {{doc_id, text}}")
            elif e["doc_id"] not in docs:
                self.errors.append(f"{where}: evidence doc_id {e['doc_id']} not in doc_ids")
            elif e["doc_id"] not in self.text or not locate(self.text[e["doc_id"]], e["text"]):
                self.errors.append(f"{where}: evidence not found verbatim in clean/{e['doc_id']}.txt: "
                                   f"{e['text'][:60]!r}")
            elif len(e["text"]) < 15:
                self.errors.append(f"{where}: evidence too short; copy the whole sentence (or clause)")
        said = " ".join(str(e.get("text", "")) for e in ev if isinstance(e, dict)).casefold()
        self.errors += [f"{where}: answer term {t!r} not in its evidence" for t in terms if t.casefold() not in said]

    def natural(self) -> None:
        items = self._numbered("natural_new.jsonl", "questions", [f"{self.prefix}{n:03d}" for n in range(1, 101)])
        seen: set[str] = set()
        for q in items:
            w = q.get("id", "?")
            if list(q) != FIELDS:
                self.errors.append(f"{w}: fields must be exactly, in order: {FIELDS}")
                continue
            if q["split"] != self.split or q["style"] != "natural" or q["paraphrase_of"] is not None:
                self.errors.append(f"{w}: split {self.split!r}, style 'natural', paraphrase_of null")
            if q["language"] not in ("nl", "en") or q["kind"] not in KINDS:
                self.errors.append(f"{w}: language nl or en, kind one of {sorted(KINDS)}")
            n, k = len(q["question"].split()), norm(q["question"])
            if not 3 <= n <= 10:
                self.errors.append(f"{w}: {n} words; questions are 3–10 words")
            if k in self.existing:
                self.errors.append(f"{w}: repeats an earlier question word for word; reword it")
            if k in seen:
                self.errors.append(f"{w}: repeats another question in this file")
            seen.add(k)
            if self.copied(q["question"]):
                self.errors.append(f"{w}: copies {COPIED} or more words from a letter "
                                   f"({self.copied(q['question'])[0]!r}); reword it")
            if not isinstance(q["note"], str) or not q["note"].strip():
                self.errors.append(f"{w}: note must say what answers it (unanswerable: what is missing, "
                                   f"or 'off-topic')")
            self._evidence(w, q, q["kind"] != "unanswerable")
        for lang in ("nl", "en"):
            mine = [q for q in items if q.get("language") == lang]
            if dict(Counter(q.get("kind") for q in mine)) != KINDS:
                self.errors.append(f"{lang}: kinds {dict(Counter(q.get('kind') for q in mine))}, want {KINDS}")
            off = sum(q.get("kind") == "unanswerable" and str(q.get("note", "")).strip().lower() == "off-topic"
                      for q in mine)
            if off != 2:
                self.errors.append(f"{lang}: {off} unanswerable noted 'off-topic', want 2 (the other 8 near misses)")

    def dialogues(self) -> None:
        ds = self._numbered("dialogues_new.jsonl", "dialogues", [f"{self.prefix}d{n:02d}" for n in range(1, 41)])
        seen: set[str] = set()
        for d in ds:
            w = d.get("id", "?")
            if list(d) != ["id", "language", "split", "turns"]:
                self.errors.append(f"{w}: fields must be exactly id, language, split, turns")
                continue
            if d["split"] != self.split or d["language"] not in ("nl", "en") or not 3 <= len(d["turns"]) <= 4:
                self.errors.append(f"{w}: split {self.split!r}, language nl or en, 3 or 4 turns")
            for i, t in enumerate(d["turns"]):
                self._turn(f"{w} turn {i + 1}", i, t, seen)
        turns = [t for d in ds for t in d.get("turns", []) if isinstance(t, dict)]
        types = Counter(t.get("type") for t in turns)
        self.errors += [f"{types[k]} {k} follow-ups, want at least {v}" for k, v in FOLLOWUPS_AT_LEAST.items()
                        if types[k] < v]
        if types["switch"] != 8 or types["standalone"] != 5:
            self.errors.append(f"{types['switch']} switches and {types['standalone']} standalone turns, want 8 and 5")
        if sum(t.get("role") == "followup" for t in turns) < 80:
            self.errors.append("want at least 80 follow-ups in all")
        for lang in ("nl", "en"):
            mine = [d for d in ds if d.get("language") == lang]
            unanswerable = sum(bool(t.get("unanswerable")) for d in mine for t in d.get("turns", [])
                               if isinstance(t, dict))
            if len(mine) != 20 or unanswerable != 5:
                self.errors.append(f"{lang}: {len(mine)} dialogues, {unanswerable} unanswerable turns; want 20 and 5")

    def _turn(self, where: str, i: int, t: dict, seen: set[str]) -> None:
        if not isinstance(t, dict) or list(t) != TURN:
            self.errors.append(f"{where}: fields must be exactly, in order: {TURN}")
            return
        if (i == 0) != (t["role"] == "first") or t["type"] not in TYPES.get(t["role"], ()):
            self.errors.append(f"{where}: role/type {t['role']}/{t['type']} not allowed here")
        n, k = len(t["question"].split()), norm(t["question"])
        if not 1 <= n <= 11:
            self.errors.append(f"{where}: {n} words; turns are 1–11 words")
        alone = t["role"] != "followup"
        if alone and norm(t["standalone"]) != k:
            self.errors.append(f"{where}: a first, switch or standalone turn's standalone must equal its question")
        if not alone and norm(t["standalone"]) == k:
            self.errors.append(f"{where}: a follow-up's standalone must spell out what it refers to")
        if alone or n >= 4:  # "waarom?" may well have been asked before
            if k in self.existing:
                self.errors.append(f"{where}: repeats an earlier question word for word; reword it")
            if k in seen:
                self.errors.append(f"{where}: repeats another turn in this file")
            seen.add(k)
        if not isinstance(t["unanswerable"], bool) or (t["unanswerable"] and alone):
            self.errors.append(f"{where}: unanswerable is true or false, and true only for a follow-up")
        self._evidence(where, t, not t["unanswerable"])


def check(workspace: Path) -> list[str]:
    """Both sets' problems; the one a file is missing for is left out when the other exists."""
    c = Checker(workspace)
    for name, run in (("natural_new.jsonl", c.natural), ("dialogues_new.jsonl", c.dialogues)):
        if (workspace / name).exists():
            run()
    return c.errors or ([] if any((workspace / n).exists() for n in ("natural_new.jsonl", "dialogues_new.jsonl"))
                        else ["neither natural_new.jsonl nor dialogues_new.jsonl is there yet"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m rag.evaluate.blind", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare", help="write a helper's workspace")
    p.add_argument("workspace", type=Path)
    p.add_argument("--number", type=int, required=True, help="the holdout's number (split holdoutN)")
    p.add_argument("--prefix", required=True, help="its id prefix, unused so far (e.g. 'oh': oh001, ohd01)")
    p.add_argument("--corpus", type=Path, default=Path("corpus"))
    c = sub.add_parser("check", help="check a workspace's sets")
    c.add_argument("workspace", type=Path)
    args = ap.parse_args(argv)
    ws = args.workspace.resolve()
    if args.cmd == "prepare":
        questions = load_questions(EVAL_DIR / "questions.jsonl")  # with natural.jsonl beside it
        dialogues = load_dialogues(EVAL_DIR / DIALOGUES_FILE)
        if {args.prefix, f"{args.prefix}d"} & used_prefixes(questions, dialogues):
            print(f"prefix {args.prefix!r} is taken; pick another", file=sys.stderr)
            return 2
        prepare(ws, args.number, args.prefix, args.corpus, f"{sys.executable} -m rag.evaluate.blind check {ws}",
                existing_texts(questions, dialogues))
        print(f"prepared {ws}: clean/, existing_questions.txt, BRIEF_natural.md, BRIEF_dialogues.md")
        return 0
    errors = check(ws)
    print("\n".join(errors) if errors else "OK")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
