"""Every fixed text the user sees, in Dutch and English, in one table.

The answer stage's messages, the CLI's headings and the web app's labels used to live in
three tables (``language.MESSAGES``, ``cli.LABELS``, ``render.LABELS``); a text changed in
one drifted from the others. Here each key holds both languages side by side, so a missing
translation shows in the row itself. :data:`LABELS` is the same table per language, the
shape the renderers read (``LABELS["en"]["answer"]``).
"""
from __future__ import annotations

from typing import get_args

from .records import Language

TEXTS: dict[str, dict[str, str]] = {
    # -- the answer stage (rag/answer.py, rag/pipeline.py): not found, partial, notices
    "abstain": {"nl": "Dit staat niet in deze brieven. De meest verwante passages staan hieronder.",
                "en": "The letters don't say. The closest passages are listed below."},
    # partial answers: what the letters lack, then the closest sentences
    "partial_amount": {"nl": "De brieven noemen geen bedrag; het dichtst bij komt:",
                       "en": "The letters give no amount; the closest is:"},
    "partial_count": {"nl": "De brieven noemen geen aantal; het dichtst bij komt:",
                      "en": "The letters give no number; the closest is:"},
    "partial_date": {"nl": "De brieven noemen geen datum; het dichtst bij komt:",
                     "en": "The letters give no date; the closest is:"},
    "partial_place": {"nl": "De brieven noemen geen plaats; het dichtst bij komt:",
                      "en": "The letters name no place; the closest is:"},
    "partial_person": {"nl": "De brieven noemen geen naam; het dichtst bij komt:",
                       "en": "The letters name no one; the closest is:"},
    "partial_name": {"nl": "De brieven noemen geen naam; het dichtst bij komt:",
                     "en": "The letters give no name; the closest is:"},
    "partial_missing": {"nl": "De brieven noemen {entity} niet; het dichtst bij komt:",
                        "en": "The letters don't mention {entity}; the closest is:"},
    "partial_time": {"nl": "De brieven zeggen dit niet voor {time}; het dichtst bij komt:",
                     "en": "The letters don't say this for {time}; the closest is:"},
    "partial": {"nl": "De brieven beantwoorden dit niet precies; het dichtst bij komt:",
                "en": "The letters don't answer this exactly; the closest is:"},
    "truncated": {"nl": "De vraag was te lang en is ingekort tot {n} tekens.",
                  "en": "The question was too long and was shortened to {n} characters."},

    # -- an answer, as the CLI prints it and the app shows it
    "answer": {"nl": "Antwoord", "en": "Answer"},
    "partly": {"nl": "gedeeltelijk", "en": "partly"},
    "understood": {"nl": "Opgevat als", "en": "Understood as"},
    "references": {"nl": "Bronnen", "en": "Sources"},
    "closest": {"nl": "Meest verwante passages", "en": "Closest passages"},
    "section": {"nl": "sectie", "en": "section"},
    "chars": {"nl": "tekens", "en": "characters"},

    # -- the chat and the sources panel
    "you": {"nl": "Vraag", "en": "Question"},
    "abstain_title": {"nl": "Dit staat niet in deze brieven", "en": "The letters don't say"},
    "abstain_text": {"nl": "Er is geen passage gevonden die deze vraag beantwoordt. Dit zijn de meest verwante "
                           "passages:",
                     "en": "No passage answers this question. These are the closest passages:"},
    "error": {"nl": "Kan deze vraag niet beantwoorden", "en": "Cannot answer this question"},
    "timing": {"nl": "ms", "en": "ms"},
    "welcome": {"nl": "Stel een vraag over de Kamerbrieven over de NAVO (dossier 28 676), in het Nederlands of "
                      "het Engels. Elk antwoord is een letterlijk citaat uit een brief, met bronverwijzing.",
                "en": "Ask a question about the Dutch parliamentary letters on NATO (dossier 28 676), in Dutch "
                      "or English. Every answer is a verbatim quote from a letter, with its citation."},
    "sources": {"nl": "Opgehaalde passages", "en": "Retrieved passages"},
    "no_sources": {"nl": "Stel een vraag; de opgehaalde passages verschijnen hier.",
                   "en": "Ask a question; the retrieved passages appear here."},
    "score": {"nl": "score", "en": "score"},
    "cited": {"nl": "geciteerd", "en": "cited"},
    "open": {"nl": "Open in brief", "en": "Open in letter"},

    # -- the chat tab's controls (relabelled to the language of the last question)
    "new_chat": {"nl": "Nieuw gesprek", "en": "New conversation"},
    "question_label": {"nl": "Uw vraag", "en": "Your question"},
    "question_placeholder": {"nl": "Bijv. Hoeveel F-35's levert Nederland voor Air Policing?",
                             "en": "E.g. How many F-35s does the Netherlands provide for Air Policing?"},
    "send": {"nl": "Vraag", "en": "Ask"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "letters_filter": {"nl": "Brieven", "en": "Letters"},
    "date_from": {"nl": "Vanaf datum (JJJJ-MM-DD)", "en": "From date (YYYY-MM-DD)"},
    "date_to": {"nl": "Tot en met datum (JJJJ-MM-DD)", "en": "Up to date (YYYY-MM-DD)"},
    "signatory": {"nl": "Ondertekenaar", "en": "Signatory"},
    "k": {"nl": "Aantal passages", "en": "Number of passages"},
    "examples": {"nl": "Voorbeeldvragen", "en": "Example questions"},
    "tab_chat": {"nl": "Vragen", "en": "Ask"},
    "tab_letters": {"nl": "Brieven", "en": "Letters"},
    "tab_eval": {"nl": "Evaluatie", "en": "Evaluation"},

    # -- a letter: the source viewer, the letters table and reader
    "viewer": {"nl": "Brontekst", "en": "Source"},
    "viewer_empty": {"nl": "Klik op een bronverwijzing zoals [1] om de brief te openen, met het geciteerde stuk"
                           " gemarkeerd.",
                     "en": "Click a citation such as [1] to open the letter with the quoted span highlighted."},
    "date": {"nl": "Datum", "en": "Date"},
    "signed": {"nl": "Ondertekend door", "en": "Signed by"},
    "subject": {"nl": "Onderwerp", "en": "Subject"},
    "official": {"nl": "Officiële publicatie", "en": "Official publication"},
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "letter": {"nl": "Kamerstuk", "en": "Parliamentary paper"},
    "nr": {"nl": "nr.", "en": "no."},
    "chunks": {"nl": "passages", "en": "chunks"},
    "ministers": {"nl": "Ministers", "en": "Ministers"},
    "title": {"nl": "Titel", "en": "Title"},
    "read": {"nl": "Lees", "en": "Read"},
    "pick_letter": {"nl": "Kies een brief om hem in zijn geheel te lezen.", "en": "Pick a letter to read it in full."},
    "n_letters": {"nl": "brieven", "en": "letters"},

    # -- adding, removing and restoring letters (the Letters tab)
    "add_title": {"nl": "Brieven toevoegen", "en": "Adding letters"},
    "remove_title": {"nl": "Brief verwijderen", "en": "Removing a letter"},
    "restore_title": {"nl": "Brief terugzetten", "en": "Restoring a letter"},
    "index_failed": {"nl": "De index is niet bijgewerkt", "en": "The index was not updated"},
}

LABELS: dict[str, dict[str, str]] = {lang: {key: texts[lang] for key, texts in TEXTS.items()}
                                     for lang in get_args(Language)}


def lang_of(language: str | None) -> Language:
    """``language`` when the table has it, else Dutch (the app's default)."""
    return language if language in LABELS else "nl"


def labels(language: str | None) -> dict[str, str]:
    """Every text in ``language`` (Dutch for an unknown one)."""
    return LABELS[lang_of(language)]


def message(key: str, language: Language, **kw) -> str:
    """One text in ``language`` with its ``{placeholders}`` filled in."""
    return LABELS[language][key].format(**kw)
