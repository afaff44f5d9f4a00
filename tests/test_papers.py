"""Kamerstukken a question names and the sentences that cite them (rag/papers.py)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rag.papers import CitedPapers, Paper, papers_in


def test_a_kamerstuk_is_read_however_it_is_written():
    for text in ("kamerstuk 28676 nr 370, what is that", "(Kamerstuk 28 676, nr. 370)", "kst 28676 nummer 370"):
        assert papers_in(text) == [Paper("28676", 370)], text
    assert papers_in("wat is kamerstuk 21 501-02 nr 2433") == [Paper("21501-02", 2433)]
    assert papers_in("(Kamerstuk 35 925 V, nr. 84) geconcludeerd") == [Paper("35925 V", 84)]
    assert papers_in("brief 418 van 30 september") == [] and papers_in("28 676 nr 370") == []


@given(st.integers(10, 99), st.integers(0, 999), st.integers(1, 9999), st.booleans(), st.sampled_from(["nr", "nr.", "nummer"]))
def test_spacing_and_spelling_do_not_change_the_paper(a, b, number, spaced, nr):
    dossier = f"{a} {b:03d}" if spaced else f"{a}{b:03d}"
    assert papers_in(f"Kamerstuk {dossier}, {nr} {number}") == [Paper(f"{a}{b:03d}", number)]


def test_the_citing_sentence_the_one_it_points_back_at_and_a_footnotes_referrer():
    texts = ["Nederland blijft Afghanistan steunen.",
             "Over deze betrokkenheid is uw Kamer geïnformeerd (Kamerstuk 27 925, nr. 783).",
             "Het beleid is vastgesteld (Kamerstuk 28 676, nr. 370), zo is uitgezocht.",
             "De ministers keurden het ruimtebeleid goed.",
             "1 Zie Kamerstuk 28 676, nr. 321"]
    cited = CitedPapers(texts, footnotes={3: [4]}, previous=[-1, 0, -1, -1, -1])
    assert cited.sentences(Paper("27925", 783)) == [0, 1]  # "deze": with the sentence before
    assert cited.sentences(Paper("28676", 370)) == [2]
    assert cited.sentences(Paper("28676", 321)) == [3, 4]  # the sentence whose marker points at the note
    assert Paper("28676", 999) not in cited and cited.sentences(Paper("28676", 999)) == []
