"""The `rag` command as a user runs it: exit codes, one-line errors, JSON lines."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RAG = str(Path(sys.executable).parent / "rag")


@pytest.fixture(scope="module")
def run(config, store):
    def run(*args, stdin: str | None = None, index=None, corpus=None):
        cmd = [RAG, "--index", str(index or config.index_dir), "--corpus", str(corpus or config.corpus_dir), *args]
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=300)
    return run


def test_ask_prints_answer_and_citations(run):
    r = run("ask", "Vanuit welk land opereren de Nederlandse F-35's voor Air Policing?")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Antwoord: ") and "Bronnen:" in r.stdout
    assert "[1] kst-28676-387 (2022-02-01)" in r.stdout


def test_small_talk_gets_its_reply_only(run):
    r = run("ask", "bedankt!")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Graag gedaan. Stel gerust nog een vraag over de brieven."


def test_ask_json_follows_the_contract(run, store):
    r = run("ask", "--json", "--k", "12", "Who signed the report on the June 2021 NATO summit?")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["language"] == "en" and len(out["passages"]) == 12
    for c in out["citations"]:
        assert store.letters[c["doc_id"]].text[c["start"]:c["end"]] == c["quote"]


def test_jsonl_answers_every_line_in_order(run):
    lines = ["Wat is DIANA?", json.dumps({"question": "When do the defence ministers meet in October 2022?"}),
             "{not json", json.dumps({"q": "wrong field"}), "   ", "!!!", "Wie is Borrell?"]
    r = run("ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    outs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(outs) == 6  # the blank line is skipped
    assert outs[0]["question"] == "Wat is DIANA?" and "citations" in outs[0]
    assert outs[1]["language"] == "en"
    assert "invalid JSON" in outs[2]["error"] and "question" in outs[3]["error"]
    assert "no words" in outs[4]["error"]
    assert outs[5]["question"] == "Wie is Borrell?"


def test_jsonl_history_completes_follow_ups(run):
    first = {"question": "Who signed the letter about the October 2022 meeting?",
             "citations": [{"doc_id": "kst-28676-418"}]}
    lines = [json.dumps({"question": "En wanneer is die brief verstuurd?", "history": [first]}),
             json.dumps({"question": "And Sweden?", "history": [{"question": "Why is Finland attending?"}]}),
             json.dumps({"question": "Wat is DIANA?", "history": [first]}),
             json.dumps({"question": "x y", "history": "not a list"})]
    r = run("ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    a, b, c, d = [json.loads(x) for x in r.stdout.splitlines()]
    assert a["interpreted_as"] == "En wanneer is brief 418 verstuurd?" and "30 september 2022" in a["answer"]
    assert "Sweden" in b["interpreted_as"] and b["interpreted_as"] != b["question"]
    assert c["interpreted_as"] == c["question"]  # stands alone: never rewritten
    assert "history must be a list" in d["error"]


def test_chat_session_keeps_the_conversation(run):
    r = run("chat", "--plain", stdin="Wie ondertekende de brief over de bijeenkomst van oktober 2022?\n"
                                    "En wanneer is die brief verstuurd?\n/nieuw\nEn wanneer is die brief verstuurd?\n")
    assert r.returncode == 0, r.stderr
    assert "Ollongren" in r.stdout
    assert r.stdout.count("(Opgevat als: En wanneer is brief 418 verstuurd?)") == 1  # not after /nieuw
    assert "nieuw gesprek" in r.stdout
    assert run("chat").returncode == 2  # no terminal and no --plain: a usage error, not a hang


@pytest.mark.parametrize("args,needle", [
    (("ask", ""), "empty question"),
    (("ask",), "give a question"),
    (("ask", "--k", "0", "NAVO"), "--k"),
    ((), "usage"),
])
def test_usage_errors_exit_2_with_one_line(run, args, needle):
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr


def test_missing_corpus_is_a_clear_failure(run, tmp_path):
    r = run("index", index=tmp_path / "idx", corpus=tmp_path / "nope")
    assert r.returncode == 1
    assert "corpus folder not found" in r.stderr and "Traceback" not in r.stderr


def test_index_is_a_noop_when_up_to_date(run):
    r = run("index")
    assert r.returncode == 0 and "up to date" in r.stdout


def test_letters_lists_metadata(run):
    r = run("letters", "--json")
    rows = json.loads(r.stdout)
    assert [x["number"] for x in rows] == [328, 372, 387, 408, 418]
    assert rows[2]["signatories"] == ["K.H. Ollongren (Minister van Defensie)"]


@pytest.mark.parametrize("var,value", [("RAG_TOP_K", "ten"), ("RAG_CONTEXT_HEADER", "maybe")])
def test_a_bad_environment_setting_is_a_usage_error_naming_it(config, var, value):
    import os

    r = subprocess.run([RAG, "--index", str(config.index_dir), "letters"], capture_output=True, text=True,
                       timeout=60, env={**os.environ, var: value})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and var in r.stderr


def test_boolean_settings_read_0_as_false(monkeypatch):
    from rag.config import Config

    monkeypatch.setenv("RAG_CONTEXT_HEADER", "0")
    monkeypatch.setenv("RAG_CACHE_DIR", "/tmp/vectors")
    cfg = Config.from_env()
    assert cfg.context_header is False and cfg.embedding_cache == Path("/tmp/vectors")
