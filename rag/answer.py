"""Stage 6 — answer: pick verbatim sentences from the retrieved passages, or abstain.

No text is generated. The candidates are the sentences of the best passages
(pre-split and pre-embedded at index time). The sentence model fitted on the dev
split (rag/scorer.py) ranks them; without one, a fixed formula does: cosine
similarity to the question (alone and with the sentence before it) plus a small
prior from the passage's fused rank. The best sentence is the answer; the next
sentence joins when, read with it, it scores nearly as well, and further ones when
they are nearly as likely. Questions about the letter itself (who signed, when)
are answered from its signature or date line. The answer abstains when the best
passage or the best sentence is not similar enough to the question (thresholds
per language, calibrated on the dev split), or when the question asks for an
amount, count or date that no candidate sentence contains.

>>> abstained, text, citations = Answerer(store, config).answer(question, qvec, hits, "nl")
>>> c = citations[0]; store.letters[c.doc_id].text[c.start:c.end] == c.quote
True
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import Config
from .decompose import MONTHS
from .language import message
from .records import Citation, Hit, Language
from .scorer import FEATURES, Passage, SentenceFeatures, SentenceScorer
from .corpus import SIGNATURE_LINE as _SIGNATURE_LINE
from .store import Store, footnote_sentences

PASSAGE_PRIOR = 0.1  # weight of the passage's fused rank next to sentence similarity

# Questions about the letter itself rather than its content: who signed it, when it was sent.
# They are answered from the letter's signature lines or its "Den Haag, <datum>" line.
_WHO = r"\b(wie|welke (?:twee )?minister\w*|who|which (?:two )?minister\w*)\b"
_SIGNED = (r"\b(onderteken\w*|getekend|tekende\w*|stuurde\w*|gestuurd|verstuurd\w*|schreef|schreven|"
           r"afzender|sign\w*|sent|send\w*|wrote|written|author\w*)\b")
_WHEN = r"\b(wanneer|welke datum|op welke dag|datum|when|what date|which date|dated?|gedateerd)\b"
_SENT = (r"\b(verzonden|gestuurd|verstuurd|gedateerd|geschreven|ondertekend|sent|dated|written|signed|"
         r"send|date of the letter|datum van de brief)\b")


_MONTHS = "(" + "|".join(MONTHS) + ")"
_NUMBER_WORDS = r"\b(één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|twintig|dertig|honderd|duizend|miljoen|miljard|half|helft)\b"
# What kind of answer a question asks for, and what a sentence needs to contain to give one.
# A question whose answer type no candidate sentence has is not answered by these letters.
ANSWER_TYPES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    "amount": (re.compile(r"\b(hoeveel (kost|geld|euro)|wat kost|kosten|budget|bedrag|how much (money|does|did|will)|"
                          r"cost|costs|euros?)\b", re.I),
               re.compile(r"(€|\beuro\b|\bmiljoen\b|\bmiljard\b|\bprocent\b|%|\bbbp\b)", re.I)),
    "count": (re.compile(r"\b(hoeveel|how many)\b", re.I),
              re.compile(r"(\b\d+(?![\d.,]*\s+" + _MONTHS + r")(?<!\b(19|20)\d\d)\b|" + _NUMBER_WORDS + ")", re.I)),
    "date": (re.compile(r"\b(wanneer|welke datum|op welke dag|in welk jaar|when|what date|which date|what year|"
                        r"which year)\b", re.I),
             re.compile(r"(\b(19|20)\d\d\b|\b" + _MONTHS + r"\b|\b(jl|a\.s)\.)", re.I)),
}


# "Why" questions: a sentence that gives a reason says so with a causal connective.
_WHY = re.compile(r"\b(waarom|om welke reden|why|for what reason|what is the reason)\b", re.I)
_BECAUSE = re.compile(r"\b(omdat|vanwege|daarom|want|doordat|zodat|teneinde|aangezien|gezien|opdat|"
                      r"daardoor|waardoor|reden|dus)\b", re.I)
REASON_BONUS = 0.01


def answer_type(question: str) -> str | None:
    """"amount", "count", "date" or None.

    >>> answer_type("Hoeveel kost de inzet?"), answer_type("How many jets?"), answer_type("Why?")
    ('amount', 'count', None)
    """
    for name, (q_pattern, _) in ANSWER_TYPES.items():
        if q_pattern.search(question):
            return name
    return None


def metadata_intent(question: str) -> str | None:
    """"signer", "date" or None.

    >>> metadata_intent("Wie ondertekende de brief over de NAVO-top?"), metadata_intent("When was the letter sent?")
    ('signer', 'date')
    """
    q = question.lower()
    if re.search(_WHO, q) and re.search(_SIGNED, q):
        return "signer"
    if re.search(_WHEN, q) and re.search(_SENT, q):
        return "date"
    return None


@dataclass
class Scored:
    sentence: int  # index into store.sentences
    score: float
    similarity: float


def calibration(embedder: str) -> dict:
    """What ``rag eval --calibrate`` fitted on the dev split for this embedder
    (rag/calibration.json); {} when it was never run for it."""
    try:
        data = json.loads(Path(__file__).with_name("calibration.json").read_text())[embedder]
        return data if isinstance(data, dict) else {}
    except (OSError, KeyError, ValueError, TypeError):
        return {}


def calibrated_thresholds(embedder: str, language: Language) -> dict[str, float]:
    """The abstention thresholds for this embedder and question language: ``passage`` for
    the best passage's dense similarity, ``sentence`` for the best answer sentence's.
    Without a calibration: never abstain on similarity."""
    try:
        t = calibration(embedder)["threshold"][language]
        return {"passage": float(t["passage"]), "sentence": float(t["sentence"])}
    except (KeyError, ValueError, TypeError):
        return {"passage": -1.0, "sentence": -1.0}


def calibrated_scorer(embedder: str, language: Language) -> SentenceScorer | None:
    """The sentence model for this embedder and question language (None: not fitted)."""
    try:
        return SentenceScorer.from_dict(calibration(embedder)["scorer"][language])
    except (KeyError, ValueError, TypeError):
        return None


def formula_scores(X: np.ndarray) -> np.ndarray:
    """The fixed sentence score used without a fitted model, from the feature rows:
    mean(sim(q, sentence), sim(q, previous + sentence)) + PASSAGE_PRIOR · passage score
    (+ REASON_BONUS for a causal sentence when the question asks why)."""
    col = FEATURES.index
    return ((X[:, col("sim")] + X[:, col("context_sim")]) / 2 + PASSAGE_PRIOR * X[:, col("passage_score")]
            + REASON_BONUS * X[:, col("reason")])


def answer_text(citations: list[Citation]) -> str:
    """The answer: the quotes, each followed by its citation marker."""
    return " ".join(f"{c.quote} [{c.n}]" for c in citations)


class Answerer:
    def __init__(self, store: Store, config: Config):
        self.store, self.config = store, config
        fixed = config.abstain_threshold  # one value for both, e.g. to force abstention in tests
        self.thresholds = {lang: ({"passage": fixed, "sentence": fixed} if fixed is not None
                                  else calibrated_thresholds(store.embedder_name, lang))
                           for lang in ("nl", "en")}
        self.scorers = {lang: calibrated_scorer(store.embedder_name, lang) if config.sentence_model else None
                        for lang in ("nl", "en")}
        self.features = SentenceFeatures(store)
        self._footnotes = footnote_sentences(list(store.letters.values()), store.sentences)
        self._chunk_index = {c.chunk_id: i for i, c in enumerate(store.chunks)}
        self._signature = [bool(_SIGNATURE_LINE.match(s.text)) for s in store.sentences]
        self._dateline = [s.text.startswith("Den Haag,") for s in store.sentences]

    def candidate_features(self, question: str, qvec: np.ndarray, qsparse, hits: list[Hit]
                           ) -> tuple[list[int], np.ndarray]:
        """The sentences of the top ``answer_passages`` hits (and the footnotes they refer
        to) and their feature rows."""
        top = hits[: self.config.answer_passages]
        best = max((h.score for h in top), default=1.0) or 1.0
        cand: dict[int, Passage] = {}
        for rank, h in enumerate(top):
            for i in self.store.chunk_sentences[self._chunk_index[h.chunk.chunk_id]]:
                cand.setdefault(int(i), Passage(h.score / best, rank, h.dense_score or 0.0))
        for i in list(cand):  # a footnote answers with the sentence that refers to it
            for j in self._footnotes.get(i, ()):
                cand.setdefault(j, cand[i])
        ids = list(cand)
        kind = answer_type(question)
        X = self.features(question, qvec, qsparse, ids, [cand[i] for i in ids],
                          ANSWER_TYPES[kind][1] if kind else None, _BECAUSE if _WHY.search(question) else None)
        return ids, X

    def rank_sentences(self, question: str, qvec: np.ndarray, hits: list[Hit], language: Language,
                       qsparse=None) -> list[Scored]:
        """Candidate sentences, best first. With a fitted model (rag/scorer.py) the score is
        its probability that the sentence answers; without one (e.g. an uncalibrated
        sentence-transformers model) it is :func:`formula_scores`."""
        ids, X = self.candidate_features(question, qvec, qsparse, hits)
        if not ids:
            return []
        sims = (X[:, FEATURES.index("sim")] + X[:, FEATURES.index("context_sim")]) / 2
        model = self.scorers.get(language)
        scores = model.probabilities(X) if model is not None else formula_scores(X)
        scored = [Scored(i, float(s), float(m)) for i, s, m in zip(ids, scores, sims)]
        return sorted(scored, key=lambda s: (-s.score, s.sentence))

    def _metadata_answer(self, intent: str, hits: list[Hit]) -> list[int]:
        """Signature or date lines of the letter the retrieval ranks first."""
        if not hits:
            return []
        doc = hits[0].chunk.doc_id
        flags = self._signature if intent == "signer" else self._dateline
        return [i for i, s in enumerate(self.store.sentences) if s.doc_id == doc and flags[i]]

    def _next_in_paragraph(self, i: int) -> int | None:
        n = int(self.features.next[i])
        return n if n >= 0 else None

    def typed(self, ranked: list[Scored], kind: str | None) -> list[Scored]:
        """Only the candidates that can give the asked type of answer (or whose next
        sentence can); all of them when the question asks for no particular type."""
        if kind is None:
            return ranked
        pattern = ANSWER_TYPES[kind][1]
        out = []
        for r in ranked:
            nxt = self._next_in_paragraph(r.sentence)
            if pattern.search(self.store.sentences[r.sentence].text) or (
                    nxt is not None and pattern.search(self.store.sentences[nxt].text)):
                out.append(r)
        return out

    def select(self, ranked: list[Scored], qvec: np.ndarray, language: Language) -> list[int]:
        """Sentence ids for the answer: the best sentence, the sentence after it (and any
        footnote it refers to) when that one, read with it, scores nearly as well (the
        answer often continues there), and
        near-ties from elsewhere — more easily from another letter (questions spanning letters).
        Nothing when the best sentence is below the sentence threshold."""
        if not ranked or ranked[0].similarity < self.thresholds[language]["sentence"]:
            return []
        cfg = self.config
        first = ranked[0]
        chosen = [first.sentence]
        nxt = self._next_in_paragraph(first.sentence)
        # What continues the best sentence: the next one in its paragraph, and its footnotes
        # (each read with it in its context vector).
        q = qvec.astype(np.float32)
        for cont in ([nxt] if nxt is not None else []) + self._footnotes.get(first.sentence, []):
            ctx_sim = float(self.store.context_vectors[cont] @ q)
            if ctx_sim >= first.similarity - cfg.continuation_margin:
                chosen.append(cont)
        doc0 = self.store.sentences[first.sentence].doc_id
        texts = {self.store.sentences[i].text for i in chosen}
        learned = self.scorers.get(language) is not None
        for cand in ranked[1:]:
            if len(chosen) >= cfg.max_quotes:
                break
            s = self.store.sentences[cand.sentence]
            if learned:  # probabilities: a further quote must be this likely relative to the best
                if cand.score < cfg.quote_ratio * first.score:
                    break
            elif cand.score < first.score - cfg.second_quote_margin * (2 if s.doc_id != doc0 else 1):
                break
            if s.text not in texts and cand.sentence not in chosen:
                chosen.append(cand.sentence)
                texts.add(s.text)
        return chosen

    def _citations(self, ids: list[int]) -> list[Citation]:
        """One citation per run of adjacent sentences of one paragraph, in selection order;
        the quote is the exact letter text of the run."""
        S = self.store.sentences
        nxt = self.features.next
        runs: list[list[int]] = []
        for i in ids:
            for run in runs:
                if nxt[run[-1]] == i or nxt[i] == run[0]:
                    run.append(i) if nxt[run[-1]] == i else run.insert(0, i)
                    break
            else:
                runs.append([i])
        out = []
        for n, run in enumerate(runs, 1):
            a, b = S[run[0]], S[run[-1]]
            letter = self.store.letters[a.doc_id]
            out.append(Citation(n, a.doc_id, letter.title, letter.date, a.section,
                                letter.text[a.start:b.end], a.start, b.end, letter.url))
        return out

    @staticmethod
    def confidence(hits: list[Hit]) -> float:
        """How well the letters match the question at all: the best passage's dense
        similarity. On the dev split it separates answerable from unanswerable questions
        better than the best sentence's similarity does (ROC AUC 0.80 vs 0.75)."""
        return max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)

    def candidates(self, question: str, qvec: np.ndarray, hits: list[Hit], language: Language,
                   qsparse=None) -> list[Scored]:
        """Ranked answer sentences that give the kind of answer the question asks for. None
        when the sentences that best match the question lack it and the first one that has
        it is a loose match (with the model: under ``type_ratio`` of the best's probability).
        That is the near miss — the letters discuss the topic, not the asked number or date."""
        ranked = self.rank_sentences(question, qvec, hits, language, qsparse)
        typed = self.typed(ranked, answer_type(question))
        if typed and self.scorers.get(language) is not None and typed[0].score < self.config.type_ratio * ranked[0].score:
            return []
        return typed

    def answer(self, question: str, qvec: np.ndarray, hits: list[Hit], language: Language,
               qsparse=None) -> tuple[bool, str, list[Citation]]:
        """(abstained, answer text, citations). Abstains when the best passage is below the
        passage threshold, when no sentence gives the asked type of answer, or when the best
        sentence is below the sentence threshold."""
        if self.confidence(hits) < self.thresholds[language]["passage"]:
            return True, message("abstain", language), []
        intent = metadata_intent(question)
        ids = self._metadata_answer(intent, hits) if intent else []
        if not ids:
            ids = self.select(self.candidates(question, qvec, hits, language, qsparse), qvec, language)
        if not ids:
            return True, message("abstain", language), []
        citations = self._citations(ids)
        return False, answer_text(citations), citations
