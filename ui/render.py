"""Pure HTML rendering for the web app: JSON contract / letters / eval report → HTML strings.

No Gradio and no retrieval here. Every piece of letter or user text goes through
:func:`esc` (``html.escape``), so a question such as ``<script>alert(1)</script>``
is shown as text. Clickable references are plain ``<button>`` elements carrying
``data-doc``, ``data-start`` and ``data-end``; the app's JavaScript turns a click on
one into an "open this span of this letter" event.

>>> "<script>" in render_chat([{"question": "<script>x</script>", "error": "no", "language": "nl"}])
False
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from rag.labels import LABELS as LABELS  # re-exported: the texts render.labels() reads
from rag.labels import labels, lang_of
from rag.months import NAMES
from rag.records import same_quote


def esc(text) -> str:
    """HTML-escape anything (None → "")."""
    return "" if text is None else html.escape(str(text), quote=True)


def fmt_date(iso: str | None, language: str = "nl") -> str:
    """'2022-02-01' → '1 februari 2022' / '1 February 2022' (unparseable dates unchanged)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not m:
        return iso or "–"
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= mo <= 12:
        return iso
    return f"{d} {NAMES[lang_of(language)][mo - 1]} {y}"


def doc_number(doc_id: str) -> str:
    """'kst-28676-387' → '387'."""
    return doc_id.rsplit("-", 1)[-1]


def letter_ref(doc_id: str, language: str = "nl") -> str:
    """'kst-28676-387' → 'Kamerstuk 28 676, nr. 387'."""
    lab = labels(language)
    parts = doc_id.split("-")
    dossier = parts[1] if len(parts) == 3 else ""
    dossier = f"{dossier[:-3]} {dossier[-3:]}" if len(dossier) > 3 else dossier
    return f"{lab['letter']} {dossier}, {lab['nr']} {doc_number(doc_id)}".strip()


def span_button(doc_id: str, start: int, end: int, text: str, cls: str = "cite", title: str = "",
                extra: str = "") -> str:
    """A button that opens ``doc_id`` in the source viewer with [start, end) highlighted."""
    return (f'<button type="button" class="{esc(cls)}" data-doc="{esc(doc_id)}" data-start="{int(start)}" '
            f'data-end="{int(end)}" title="{esc(title)}"{extra}>{esc(text)}</button>')


# ---------------------------------------------------------------- chat

def _snippet(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def render_answer(result: dict) -> str:
    """The assistant's part of one turn: quotes with numbered citation markers, the citation
    list, or — when it abstains — the abstention and the closest passages."""
    lang = lang_of(result.get("language"))
    lab = labels(lang)
    out = []
    if result.get("notice"):
        out.append(f'<div class="notice">{esc(result["notice"])}</div>')
    if result.get("interpreted_as") and result["interpreted_as"] != result.get("question"):
        out.append(f'<div class="understood">{esc(lab["understood"])}: {esc(result["interpreted_as"])}</div>')
    if result.get("intent") == "smalltalk":  # "hallo", "bedankt!": the fixed reply, no letters (rag/smalltalk.py)
        out.append(f'<p class="answer-text">{esc(result.get("answer", ""))}</p>')
        return "".join(out)
    status = result.get("status") or ("not_found" if result.get("abstained") else "answered")
    if status == "partial":  # the closest sentences, under what the letters lack
        out.append(f'<div class="partial-title">{esc(result.get("label") or lab["partial"])}</div>')
    elif result.get("abstained"):
        # not found, or nothing more after "more?" (its label: "De brieven zeggen hier niets meer over")
        out.append(f'<div class="abstain-title">{esc(result.get("label") or lab["abstain_title"])}</div>')
        if not result.get("label"):
            out.append(f'<p class="abstain-text">{esc(lab["abstain_text"])}</p>')
        items = []
        for p in result.get("passages", [])[:3]:
            where = f"{letter_ref(p['doc_id'], lang)}" + (f" · {p['section']}" if p.get("section") else "")
            link = span_button(p["doc_id"], p["start"], p["end"], where, "cite passage-link", lab["open"])
            items.append(f'<li>{link}'
                         f'<div class="snippet">{esc(_snippet(p["text"]))}</div></li>')
        out.append(f'<div class="closest"><div class="closest-title">{esc(lab["closest"])}</div>'
                   f'<ol>{"".join(items)}</ol></div>')
        return "".join(out)
    cits = result.get("citations", [])
    if not cits:  # not abstained but nothing cited: show the answer text as is
        out.append(f'<p class="answer-text">{esc(result.get("answer", ""))}</p>')
        return "".join(out)
    quotes = []
    # a signature in several letters: once
    for quote, cs in same_quote(cits, lambda c: c["quote"], lambda c: c["doc_id"]):
        markers = " ".join(span_button(c["doc_id"], c["start"], c["end"], f"[{c['n']}]", "cite marker",
                                       f"{letter_ref(c['doc_id'], lang)} — {c.get('section') or ''}",
                                       f' data-n="{int(c["n"])}"') for c in cs)
        quotes.append(f'<blockquote class="quote">“{esc(quote)}” {markers}</blockquote>')
    out.append("".join(quotes))
    refs = []
    for c in cits:
        text = f"[{c['n']}] {letter_ref(c['doc_id'], lang)} · {fmt_date(c.get('date'), lang)}"
        if c.get("section"):
            text += f" · {c['section']}"
        refs.append(f'<li>{span_button(c["doc_id"], c["start"], c["end"], text, "cite ref", lab["open"])}</li>')
    out.append(f'<ul class="refs">{"".join(refs)}</ul>')
    return "".join(out)


def render_turn(turn: dict) -> str:
    """One question/answer pair. ``turn`` is {"question", "result"} or {"question", "error", "language"}."""
    lang = lang_of((turn.get("result") or {}).get("language") or turn.get("language"))
    lab = labels(lang)
    user = (f'<div class="msg user"><div class="who">{esc(lab["you"])}</div>'
            f'<div class="text">{esc(turn.get("question", ""))}</div></div>')
    if "error" in turn:
        bot = (f'<div class="msg bot error"><div class="who">{esc(lab["error"])}</div>'
               f'<div class="text">{esc(turn["error"])}</div></div>')
    else:
        r = turn["result"]
        status = r.get("status") or ("not_found" if r.get("abstained") else "answered")
        cls = {"partial": "msg bot partial", "not_found": "msg bot abstained"}.get(status, "msg bot") \
            if r.get("intent") != "smalltalk" else "msg bot"
        ms = (r.get("timings_ms") or {}).get("total")
        timing = f' <span class="timing">{ms:.0f} {lab["timing"]}</span>' if isinstance(ms, (int, float)) else ""
        bot = (f'<div class="{cls}"><div class="who">{esc(lab["answer"])}{timing}</div>'
               f'{render_answer(r)}</div>')
    return f'<div class="turn">{user}{bot}</div>'


def render_chat(turns: Iterable[dict], language: str = "nl") -> str:
    """The whole conversation, oldest first; a welcome text when empty."""
    turns = list(turns)
    if not turns:
        return f'<div class="chat"><div class="welcome">{esc(labels(language)["welcome"])}</div></div>'
    return f'<div class="chat">{"".join(render_turn(t) for t in turns)}</div>'


def render_passages(result: dict | None, language: str = "nl") -> str:
    """The sources panel: retrieved passages with rank, score, letter and section, expandable."""
    lang = lang_of((result or {}).get("language") or language)
    lab = labels(lang)
    if not result or not result.get("passages"):
        body = f'<p class="muted">{esc(lab["no_sources"])}</p>'
        return f'<div class="sources"><div class="panel-title">{esc(lab["sources"])}</div>{body}</div>'
    cites = result.get("citations", [])
    items = []
    for p in result["passages"]:
        cited = [c["n"] for c in cites if c["doc_id"] == p["doc_id"] and p["start"] <= c["start"] < p["end"]]
        badge = "".join(f'<span class="badge">{esc(lab["cited"])} [{n}]</span>' for n in cited)
        sec = (f'<span class="sec" title="{esc(p["section"])}">{esc(p["section"])}</span>' if p.get("section")
               else '<span class="sec"></span>')
        items.append(
            f'<details class="passage" data-rank="{int(p["rank"])}"><summary>'
            f'<span class="rank">#{int(p["rank"])}</span>'
            f'<span class="doc">{esc(lab["nr"])} {esc(doc_number(p["doc_id"]))}</span>{sec}'
            f'<span class="score" title="{esc(lab["score"])}">{float(p["score"]):.4f}</span>{badge}</summary>'
            f'<div class="ptext">{esc(p["text"])}</div>'
            f'{span_button(p["doc_id"], p["start"], p["end"], lab["open"], "cite open-link")}</details>')
    title = f'{esc(lab["sources"])} <span class="count">({len(items)})</span>'
    return f'<div class="sources"><div class="panel-title">{title}</div>{"".join(items)}</div>'


# ---------------------------------------------------------------- letters

def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def render_letter_body(letter, start: int | None = None, end: int | None = None,
                       id_prefix: str = "v") -> str:
    """The letter's clean text, paragraph by paragraph, section headings as headings, with
    ``text[start:end]`` wrapped in ``<mark>`` (the first piece gets id ``{id_prefix}-hl``)."""
    text = letter.text
    heads = {s.start: s for s in letter.sections}
    hl = start is not None and end is not None and 0 <= start < end <= len(text)
    first_mark = True
    out = []
    for a, b in _paragraphs(text):
        sec = heads.get(a)
        if hl and a < end and start < b:
            s, e = max(a, start), min(b, end)
            mark_id = f' id="{esc(id_prefix)}-hl"' if first_mark else ""
            first_mark = False
            inner = f'{esc(text[a:s])}<mark{mark_id}>{esc(text[s:e])}</mark>{esc(text[e:b])}'
        else:
            inner = esc(text[a:b])
        if not inner:
            continue
        if sec is not None:
            level = min(6, max(3, sec.level + 2))
            out.append(f'<h{level} id="{esc(id_prefix)}-s{a}" class="lsec">{inner}</h{level}>')
        else:
            out.append(f'<p>{inner}</p>')
    return "".join(out)


def render_letter_meta(letter, language: str = "nl", chunks: int | None = None) -> str:
    lab = labels(language)
    signed = "; ".join(f"{s.name} ({s.role})" if s.role else s.name for s in letter.signatories) or "–"
    rows = [(lab["date"], fmt_date(letter.date, language)), (lab["signed"], signed)]
    if letter.subject:
        rows.append((lab["subject"], _snippet(letter.subject, 300)))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    extra = f' · {int(chunks)} {esc(lab["chunks"])}' if chunks is not None else ""
    return (f'<div class="meta"><div class="kicker">{esc(letter_ref(letter.doc_id, language))}{extra}</div>'
            f'<div class="ltitle">{esc(letter.title)}</div><dl>{dl}</dl>'
            f'<a class="official" href="{esc(letter.url)}" target="_blank" rel="noopener noreferrer">'
            f'{esc(lab["official"])} ↗</a></div>')


def render_viewer(letter=None, start: int | None = None, end: int | None = None, language: str = "nl",
                  nonce: int = 0) -> str:
    """The source viewer: metadata, official link and the full letter with the span highlighted."""
    lab = labels(language)
    head = f'<div class="panel-title">{esc(lab["viewer"])}</div>'
    if letter is None:
        return f'<div class="viewer empty">{head}<p class="muted">{esc(lab["viewer_empty"])}</p></div>'
    return (f'<div class="viewer" data-doc="{esc(letter.doc_id)}" data-nonce="{int(nonce)}">{head}'
            f'{render_letter_meta(letter, language)}'
            f'<div class="doc">{render_letter_body(letter, start, end, "v")}</div></div>')


def render_letter_table(letters, chunk_counts: dict[str, int], language: str = "nl") -> str:
    """Letters tab: number, date, title, ministers, chunks; each row has a "read" button."""
    lab = labels(language)
    head = (f"<tr><th>{esc(lab['nr'])}</th><th>{esc(lab['date'])}</th><th>{esc(lab['title'])}</th>"
            f"<th>{esc(lab['ministers'])}</th><th>{esc(lab['chunks'])}</th><th></th></tr>")
    rows = []
    for L in sorted(letters, key=lambda L: L.number):
        ministers = "<br>".join(f"{esc(s.name)} <span class='muted'>{esc(s.role)}</span>" for s in L.signatories)
        rows.append(
            f'<tr data-doc="{esc(L.doc_id)}"><td>{int(L.number)}</td><td class="nowrap">{esc(L.date or "–")}</td>'
            f'<td><div>{esc(L.title)}</div><div class="muted small">{esc(_snippet(L.subject, 140))}</div></td>'
            f'<td>{ministers}</td><td class="num">{int(chunk_counts.get(L.doc_id, 0))}</td>'
            f'<td>{span_button(L.doc_id, 0, 0, lab["read"], "cite read-link")}</td></tr>')
    return f'<table class="letters"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def render_reader(letter=None, language: str = "nl", chunks: int | None = None) -> str:
    """Letters tab: one letter in full, with a table of contents of its sections."""
    lab = labels(language)
    if letter is None:
        return f'<div class="reader empty"><p class="muted">{esc(lab["pick_letter"])}</p></div>'
    toc = "".join(
        f'<li class="lvl{min(int(s.level), 6)}"><a href="#r-s{int(s.start)}">{esc(s.title)}</a></li>'
        for s in letter.sections)
    toc_html = (f'<nav class="toc"><div class="toc-title">{esc(lab["contents"])}</div><ul>{toc}</ul></nav>'
                if toc else "")
    return (f'<div class="reader" data-doc="{esc(letter.doc_id)}">{render_letter_meta(letter, language, chunks)}'
            f'{toc_html}<div class="doc full">{render_letter_body(letter, id_prefix="r")}</div></div>')


def render_header(n_letters: int) -> str:
    """The page header, with the number of letters currently indexed."""
    return ('<div id="app-header"><h1>Kamerbrieven NAVO · vragen en antwoorden</h1>'
            f'<p>{int(n_letters)} brieven uit dossier 28 676 · elk antwoord is een letterlijk citaat '
            'met bronverwijzing · questions in English welcome</p></div>')


def render_ingest_report(rows: Iterable[tuple[str, str]], summary: str, index_error: str | None = None,
                         language: str = "nl", title_key: str = "add_title") -> str:
    """Letters tab: the outcome of adding (or removing) letters — one line per file as
    ``(status, line)`` with status added/replaced/duplicate/error/removed, then the summary."""
    lab = labels(language)
    items = "".join(f'<li class="ingest-{esc(status)}">{esc(line)}</li>' for status, line in rows)
    failed = (f'<p class="ingest-error"><b>{esc(lab["index_failed"])}:</b> {esc(index_error)}</p>'
              if index_error else "")
    return (f'<div class="ingest"><div class="panel-title">{esc(lab[title_key])}</div>'
            f'<ul class="ingest-lines">{items}</ul><p class="ingest-summary">{esc(summary)}</p>{failed}</div>')


# ---------------------------------------------------------------- eval

EVAL_COLUMNS = [("R@1", "recall@1"), ("R@5", "recall@5"), ("R@10", "recall@10"), ("MRR", "mrr@10"),
                ("nDCG", "ndcg@10"), ("Let@1", "letter@1"), ("AnsAcc", "answer_correct"),
                ("CitePrec", "citation_precision"), ("Faith", "faithfulness"), ("AbstRec", "abstain_recall"),
                ("FalseAbst", "false_abstention"), ("p50 ms", "p50_ms"), ("p95 ms", "p95_ms")]
KIND_COLUMNS = [("n", "n"), ("R@5", "recall@5"), ("MRR", "mrr@10"), ("AnsAcc", "answer_correct"),
                ("AbstRec", "abstain_recall"), ("FalseAbst", "false_abstention")]


def fmt_metric(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "✓" if v else "✗"
    if isinstance(v, int):
        return str(v)
    return f"{v:.0f}" if v > 1.5 else f"{v:.2f}"


def _table(head: list[str], rows: list[list[str]], cls: str = "metrics", row_cls: list[str] | None = None) -> str:
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join(f'<tr class="{esc((row_cls or [""] * len(rows))[i])}">' + "".join(f"<td>{c}</td>" for c in r)
                   + "</tr>" for i, r in enumerate(rows))
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def render_eval_summary(report: dict) -> str:
    """Metrics by system × language, and by question kind (every system)."""
    rows, cls = [], []
    for system, by_lang in report["summary"].items():
        for lang in ("nl", "en", "all"):
            if lang not in by_lang:
                continue
            m = by_lang[lang]
            rows.append([esc(system), esc(lang), esc(m.get("n"))]
                        + [esc(fmt_metric(m.get(k))) for _, k in EVAL_COLUMNS])
            cls.append("hybrid" if system == "hybrid" else "")
    thr = report.get("abstain_threshold")
    thr = " · ".join(f"{k} {v}" for k, v in thr.items()) if isinstance(thr, dict) else thr
    head = (f'<div class="eval-head">Split <b>{esc(report["split"])}</b> · {int(report["n"])} questions · '
            f'embedder <code>{esc(report.get("embedder"))}</code> · abstention threshold {esc(thr)}</div>')
    out = [head, "<h4>Systems by language</h4>",
           _table(["system", "lang", "n"] + [c for c, _ in EVAL_COLUMNS], rows, row_cls=cls)]
    by_kind = report.get("by_kind", {})
    krows, kcls = [], []
    for system, kinds in by_kind.items():
        for kind, m in kinds.items():
            krows.append([esc(system), esc(kind)] + [esc(fmt_metric(m.get(k))) for _, k in KIND_COLUMNS])
            kcls.append("hybrid" if system == "hybrid" else "")
    if krows:
        head = ["system", "kind"] + [c for c, _ in KIND_COLUMNS]
        out += ["<h4>By question kind</h4>", _table(head, krows, row_cls=kcls)]
    return '<div class="eval">' + "".join(out) + "</div>"


def question_ok(row: dict) -> bool:
    m = row.get("metrics", {})
    return bool(m.get("abstained")) if row.get("kind") == "unanswerable" else bool(m.get("answer_correct"))


def render_eval_questions(report: dict) -> str:
    """Per-question results of the hybrid system."""
    rows, cls = [], []
    for r in report.get("questions", []):
        m = r.get("metrics", {})
        ok = question_ok(r)
        answer = r.get("answer", "")
        rows.append([esc(r["id"]), esc(r["language"]), esc(r["kind"]), "✓" if ok else "✗",
                     esc(fmt_metric(m.get("recall@5"))), esc(", ".join(doc_number(d) for d in r.get("cited", []))),
                     esc(r["question"]), esc(_snippet(answer, 160))])
        cls.append("ok" if ok else "bad")
    n_ok = sum(c == "ok" for c in cls)
    return (f'<div class="eval"><h4>Per question (hybrid) — {n_ok}/{len(rows)} ✓</h4>'
            + _table(["id", "lang", "kind", "ok", "R@5", "cited", "question", "answer"], rows, "metrics questions", cls)
            + "</div>")
