"""Tables, the Markdown report and the recall plot."""
from __future__ import annotations

from pathlib import Path

from .metrics import KS
from .questions import FITTED


COLUMNS = [("R@1", "recall@1"), ("R@5", "recall@5"), ("R@10", "recall@10"), ("MRR", "mrr@10"),
           ("nDCG", "ndcg@10"), ("Let@1", "letter@1"), ("AnsAcc", "answer_correct"),
           ("CitePrec", "citation_precision"), ("Faith", "faithfulness"), ("AbstRec", "abstain_recall"),
           ("AbstPrec", "abstain_precision"), ("FalseAbst", "false_abstention"), ("p50 ms", "p50_ms"),
           ("p95 ms", "p95_ms")]


def _fmt(v) -> str:
    if v is None:
        return "–"
    return f"{v:.0f}" if isinstance(v, float) and v > 1.5 else f"{v:.2f}"


def table(report: dict, markdown: bool = False) -> str:
    head = ["system", "lang"] + [c for c, _ in COLUMNS]
    rows = [[s, lang] + [_fmt(report["summary"][s][lang][k]) for _, k in COLUMNS]
            for s in report["summary"] for lang in ("nl", "en")]
    if markdown:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] +
                         ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(r, widths)) for r in [head] + rows)


SPLIT_COLUMNS = [("R@5", "recall@5"), ("MRR", "mrr@10"), ("AnsAcc", "answer_correct"),
                 ("partial", "partial_answerable"), ("not found", "not_found_answerable"),
                 ("unans. handled", "abstain_recall"), ("of which partial", "partial_unanswerable")]


def splits_table(report: dict) -> str:
    """The hybrid system on every split side by side, per language (Markdown): the FITTED
    splits are fitted on (the sentence model and the cuts), the others never."""
    head = ["split", "lang"] + [c for c, _ in SPLIT_COLUMNS]
    rows = [[f"{sp} ({'fitted' if sp in FITTED else 'held out'})", lang] +
            [_fmt(r["summary"][lang].get(k)) for _, k in SPLIT_COLUMNS]
            for sp, r in report["splits"].items() for lang in ("nl", "en")]
    return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] +
                     ["| " + " | ".join(r) + " |" for r in rows])


DIALOGUE_COLUMNS = [("follow-ups", "followups"), ("follow-up acc.", "followup_accuracy"),
                    ("same, asked alone", "followup_alone_accuracy"), ("first turns", "first_turn_accuracy"),
                    ("switch/standalone acc.", "standalone_after_chat_accuracy"),
                    ("wrong carry-over", "wrong_carry_over"), ("follow-ups not recognised", "followups_not_recognised")]


def cv_table(report: dict) -> str:
    """Dev answer accuracy in-sample beside 5-fold cross-validated (Markdown)."""
    lines = ["| split | lang | answer acc. in-sample | cross-validated | unans. handled in-sample | cross-validated |",
             "|---|---|---|---|---|---|"]
    for sp, by_lang in report["cross_validated"].items():
        for lang, cv in by_lang.items():
            ins = (report.get("splits") or {}).get(sp, {}).get("summary", {}).get(lang, {})
            lines.append(f"| {sp} | {lang} | {_fmt(ins.get('answer_correct'))} | {_fmt(cv['answer_correct'])} | "
                         f"{_fmt(ins.get('abstain_recall'))} | {_fmt(cv['abstain_recall'])} |")
    return "\n".join(lines)


def dialogues_table(report: dict) -> str:
    """Follow-up questions (eval/dialogues.jsonl) per split and language, then the test and
    natural-test splits asked after an unrelated earlier turn (Markdown)."""
    head = ["dialogues", "lang"] + [c for c, _ in DIALOGUE_COLUMNS]
    rows = [[sp, lang] + [_fmt(r["summary"][lang][k]) if k != "followups" else str(r["summary"][lang][k])
                          for _, k in DIALOGUE_COLUMNS]
            for sp, r in report["dialogues"].items() for lang in ("nl", "en")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]
    u = report.get("unrelated_history")
    if u:
        if "nl" in u:  # a report written before the natural split was asked too: the test split's alone
            u = {"test": u}
        lines += ["", "| split after an unrelated turn | lang | n | accuracy alone | after the turn | rewritten |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {sp} | {lang} | {v['n']} | {_fmt(v['accuracy_alone'])} | "
                  f"{_fmt(v['accuracy_after_unrelated_turn'])} | {_fmt(v['carried_over'])} |"
                  for sp, by_lang in u.items() for lang, v in by_lang.items()]
    return "\n".join(lines)


def markdown_report(report: dict) -> str:
    lines = [f"# Eval report — split `{report['split']}` ({report['n']} questions)", "",
             f"Embedder `{report['embedder']}`, abstention threshold {report['abstain_threshold']}.", "",
             "## Systems by language", "", table(report, markdown=True), "",
             *(["## Hybrid on every split", "", splits_table(report), ""] if "splits" in report else []),
             *(["## Follow-up questions (dialogues)", "", dialogues_table(report), ""]
               if "dialogues" in report else []),
             *(["## Fitted settings cross-validated (5 folds over the fitted splits)", "", cv_table(report), ""]
               if "cross_validated" in report else []),
             *[line for sp in (report.get("splits") or {}) if sp.startswith("natural")
               for line in [f"### {sp} by kind", "", "| kind | n | R@5 | AnsAcc | partial | handled (unans.) |",
                            "|---|---|---|---|---|---|"] + [
                   f"| {k} | {a['n']} | {_fmt(a['recall@5'])} | {_fmt(a['answer_correct'])} | "
                   f"{_fmt(a['partial_answerable'])} | {_fmt(a['abstain_recall'])} |"
                   for k, a in report["splits"][sp]["by_kind"].items()] + [""]],
             "## Hybrid by question kind", "",
             "| kind | n | R@5 | MRR | AnsAcc | AbstRec | FalseAbst |", "|---|---|---|---|---|---|---|"]
    for k, a in report["by_kind"]["hybrid"].items():
        lines.append(f"| {k} | {a['n']} | {_fmt(a['recall@5'])} | {_fmt(a['mrr@10'])} | "
                     f"{_fmt(a['answer_correct'])} | {_fmt(a['abstain_recall'])} | {_fmt(a['false_abstention'])} |")
    lines += ["", "## Per question (hybrid)", "", "| id | lang | kind | ok | R@5 | cited | answer |",
              "|---|---|---|---|---|---|---|"]
    for r in report["questions"]:
        m = r["metrics"]
        ok = (m["abstained"] if r["kind"] == "unanswerable" else bool(m.get("answer_correct")))
        ans = r["answer"][:140].replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r['id']} | {r['language']} | {r['kind']} | {'✓' if ok else '✗'} | "
                     f"{_fmt(m.get('recall@5'))} | {', '.join(d[-3:] for d in r['cited'])} | {ans} |")
    return "\n".join(lines) + "\n"


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, lang in zip(axes, ("nl", "en")):
        for s, by_lang in report["summary"].items():
            if ":" in s:  # ablations ("hybrid: …") stay in the tables
                continue
            ax.plot(KS, [by_lang[lang][f"recall@{k}"] for k in KS], marker="o", label=s)
        ax.set_title(f"{'Dutch' if lang == 'nl' else 'English'} questions ({report['split']} split)")
        ax.set_xlabel("k")
        ax.set_xticks(KS)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("recall@k")
    axes[1].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


