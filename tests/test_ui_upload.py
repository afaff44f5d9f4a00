"""Adding letters from the Letters tab (issue 7): the real app on 127.0.0.1 over a tmp copy of
the corpus and index, driven over HTTP the way the browser does it (upload the files, then fire
the "add letters" click through the queue), then asked about the new letter with gradio_client.

The app writes uploaded letters into its corpus folder, so everything here runs on a tmp copy
(the session's index, its embedding cache included, is copied so only the new letter is embedded).
"""
from __future__ import annotations

import json
import random
import shutil
import uuid
from pathlib import Path
from types import SimpleNamespace


import pytest  # noqa: E402

from rag.config import Config  # noqa: E402
from rag.layout import IndexLayout  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

ROOT = Path(__file__).resolve().parents[1]
NEW = ROOT / "tests" / "fixtures" / "ingest" / "kst-28676-999.html"  # fictional letter nr. 999
NEW_ID = "kst-28676-999"
MARINES_Q = "Hoeveel mariniers stelt Nederland beschikbaar voor Noorderlicht Bastion?"
F35_Q = "Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?"


@pytest.fixture(scope="module")
def tmp_config(tmp_path_factory, pipeline, config) -> Config:
    """A tmp corpus with the seed letters and a copy of the session's (built) index."""
    base = tmp_path_factory.mktemp("upload")
    corpus = base / "corpus"
    corpus.mkdir()
    for f in Path(config.corpus_dir).glob("*.txt"):
        shutil.copy(f, corpus / f.name)
    shutil.copytree(config.index_dir, base / "index", ignore=shutil.ignore_patterns(".lock", ".tmp-*"))
    return Config(corpus_dir=corpus, index_dir=base / "index")


@pytest.fixture(scope="module")
def app(tmp_config, start_app):
    from rag.pipeline import Pipeline

    return start_app(Pipeline.load(tmp_config, rebuild=False))  # the copied index is current


@pytest.fixture(scope="module")
def client(app):
    from gradio_client import Client

    return Client(app.rag_url, verbose=False)


@pytest.fixture(scope="module")
def http():
    import httpx

    with httpx.Client(timeout=120, trust_env=False) as c:  # loopback only, no proxies
        yield c


# ---------------------------------------------------------------- the browser's protocol


def upload(http, app, files: dict[str, bytes]) -> list[dict]:
    """POST the files to Gradio's upload route (what the File component does on drop) → FileData."""
    r = http.post(app.rag_url + "gradio_api/upload",
                  files=[("files", (name, data, "application/octet-stream")) for name, data in files.items()])
    r.raise_for_status()
    return [{"path": p, "orig_name": name, "meta": {"_type": "gradio.FileData"}}
            for p, name in zip(r.json(), files)]


SESSION = uuid.uuid4().hex  # one browser tab: Gradio keeps each session's updated dropdown choices


def fire(http, app, fn_name: str, data: list, session: str = SESSION) -> dict:
    """Run one of the UI's (private) events like the browser: queue/join, then read the session's
    event stream until it completes (unqueued events: one run/predict). Returns the
    process_completed message (``success``, ``output``)."""
    fn_index, fn = next((i, f) for i, f in app.fns.items() if f.name == fn_name)
    payload = {"data": data, "fn_index": fn_index, "trigger_id": fn.targets[0][0], "session_hash": session,
               "event_data": None}
    if not fn.queue:
        r = http.post(app.rag_url + "gradio_api/run/predict", json=payload)
        return {"success": r.status_code == 200, "output": r.json()}
    r = http.post(app.rag_url + "gradio_api/queue/join", json=payload)
    r.raise_for_status()
    with http.stream("GET", app.rag_url + "gradio_api/queue/data", params={"session_hash": session}) as resp:
        for line in resp.iter_lines():
            if line.startswith("data:"):
                msg = json.loads(line[5:])
                if msg.get("msg") == "process_completed":
                    return msg
    raise AssertionError("the event stream ended without a result")


def add(http, app, files: dict[str, bytes]) -> tuple[bool, list]:
    msg = fire(http, app, "on_add", [upload(http, app, files), "nl", [], None])
    return msg["success"], msg["output"].get("data") or msg["output"]


def ask(client, question, letters=()):
    return client.predict(question, list(letters), "", "", "", 10, api_name="/ask")


def choice_values(update: dict) -> set[str]:
    return {c[1] if isinstance(c, (list, tuple)) else c for c in update["choices"]}


def assert_faithful(result, letters):
    assert result["citations"] or result["abstained"]
    for c in result["citations"]:
        assert letters[c["doc_id"]].text[c["start"]:c["end"]] == c["quote"]
    for p in result["passages"]:
        assert letters[p["doc_id"]].text[p["start"]:p["end"]] == p["text"]


# ---------------------------------------------------------------- tests (in order: they share the app)


def test_upload_a_letter_then_ask_about_it(app, client, http, tmp_config):
    h = app.rag_handlers
    before = set(h.store.letters)
    assert NEW_ID not in before and len(before) == 5
    junk = random.Random(7).randbytes(4096)  # random bytes with a letter's extension
    ok, out = add(http, app, {"x.pdf": junk, NEW.name: NEW.read_bytes()})
    assert ok, out
    report_html, cleared, header, table, f_letters, f_sign, pick, rm_pick, trash_pick = out

    # per-file lines: the bad file says why, the good one is added; file names, not server paths
    assert f"added {NEW_ID} (html) ← {NEW.name}" in report_html
    assert "error: x.pdf: " in report_html and "1 added, 0 duplicates, 1 error" in report_html
    assert "/tmp" not in report_html and "gradio" not in report_html
    assert cleared is None  # the upload box is emptied

    # every list of letters knows the new one; the reader opens it
    assert "6 brieven" in header
    assert f'data-doc="{NEW_ID}"' in table
    assert NEW_ID in choice_values(f_letters) and NEW_ID in choice_values(rm_pick)
    assert NEW_ID in choice_values(pick) and pick["value"] == NEW_ID
    assert "P.M. Jansen" in f_sign["choices"] or ["P.M. Jansen", "P.M. Jansen"] in f_sign["choices"]

    # stored in the tmp corpus (converted text plus the original), nothing else lost
    assert (tmp_config.corpus_dir / f"{NEW_ID}.txt").is_file()
    assert (tmp_config.corpus_dir / "originals" / f"{NEW_ID}.html").is_file()
    assert not (ROOT / "corpus" / f"{NEW_ID}.txt").exists()
    assert set(h.store.letters) == before | {NEW_ID}

    # the ask endpoint answers from it at once, with an exact citation
    letters = h.store.letters
    r = ask(client, MARINES_Q)
    assert not r["abstained"]
    cite = r["citations"][0]
    assert cite["doc_id"] == NEW_ID and "340 mariniers" in cite["quote"]
    assert letters[NEW_ID].text[cite["start"]:cite["end"]] == cite["quote"]
    assert_faithful(r, letters)
    # … and it works as a filter, by doc id and by number
    for flt in ([NEW_ID], ["999"]):
        r = ask(client, "Wat kost de deelname aan de oefening?", flt)
        assert r["passages"] and {p["doc_id"] for p in r["passages"]} == {NEW_ID}
    # the chat in the same tab can filter on it (its dropdown now offers it)
    msg = fire(http, app, "on_chat", [MARINES_Q, None, [NEW_ID], "", "", "", 10])
    assert msg["success"], msg
    chat_html = msg["output"]["data"][0]
    assert f'data-doc="{NEW_ID}"' in chat_html and "340 mariniers" in chat_html
    # a page opened now lists it too (the load event, in a new session)
    msg = fire(http, app, "on_load", [[]], session=uuid.uuid4().hex)
    assert msg["success"] and "6 brieven" in msg["output"]["data"][0]
    assert NEW_ID in choice_values(msg["output"]["data"][2])
    # the seed letters still answer
    r = ask(client, F35_Q)
    assert r["citations"][0]["doc_id"] == "kst-28676-387"
    assert_faithful(r, letters)


def test_bad_file_alone_changes_nothing(app, http, tmp_config):
    h = app.rag_handlers
    build = IndexLayout(tmp_config.index_dir).live()
    ok, out = add(http, app, {"x.pdf": random.Random(8).randbytes(2048)})
    assert ok, out
    assert "error: x.pdf: " in out[0] and "0 added, 0 duplicates, 1 error" in out[0]
    assert IndexLayout(tmp_config.index_dir).live() == build  # no re-index
    assert len(h.store.letters) == 6


def test_same_letter_again_is_a_duplicate(app, http):
    ok, out = add(http, app, {"nieuw.html": NEW.read_bytes()})
    assert ok and f"skipped duplicate {NEW_ID} ← nieuw.html" in out[0]
    assert "0 added, 1 duplicate, 0 errors" in out[0]


def test_no_file_access_outside_the_uploads(app, http, tmp_config, tmp_path):
    h = app.rag_handlers
    # through the server: a FileData naming any other file is refused by Gradio itself
    for path in ["/etc/passwd", str(tmp_config.corpus_dir / "kst-28676-387.txt")]:
        msg = fire(http, app, "on_add", [[{"path": path, "meta": {"_type": "gradio.FileData"}}], "nl", [], None])
        assert msg["success"] is False
    # the handler too only reads files inside the upload folder (symlinks resolved)
    outside = tmp_path / "kst-28676-999.html"
    shutil.copy(NEW, outside)
    out = h.add_letters([str(outside), "/etc/passwd", str(tmp_config.corpus_dir)])
    assert [s for s, _ in out["rows"]] == ["error"] * 3
    assert all("not an uploaded file" in line for _, line in out["rows"])
    from ui.handlers import Handlers

    link = tmp_path / "uploads" / "brief.html"
    link.parent.mkdir()
    link.symlink_to(outside)
    guarded = Handlers(h.pipeline, upload_roots=(tmp_path / "uploads",))
    assert guarded.add_letters([str(link)])["rows"][0][0] == "error"
    assert len(h.store.letters) == 6


def test_remove_needs_confirmation_then_removes(app, client, http, tmp_config):
    h = app.rag_handlers
    msg = fire(http, app, "on_remove", [NEW_ID, False, "nl", [NEW_ID], NEW_ID])
    assert msg["success"] is False and NEW_ID in h.store.letters  # not ticked: nothing happens
    msg = fire(http, app, "on_remove", [NEW_ID, True, "nl", [NEW_ID], NEW_ID])
    assert msg["success"], msg
    report_html, sure, header, table, f_letters, f_sign, pick, rm_pick, trash_pick = msg["output"]["data"]
    assert f"moved {NEW_ID} to the trash" in report_html and sure is False
    assert NEW_ID in choice_values(trash_pick)  # offered for restore
    assert pick["value"] is None and NEW_ID not in choice_values(pick)  # the reader lets go of it
    assert "5 brieven" in header and f'data-doc="{NEW_ID}"' not in table
    assert NEW_ID not in choice_values(f_letters) and f_letters["value"] == []  # dropped from the filter
    assert not (tmp_config.corpus_dir / f"{NEW_ID}.txt").exists()
    assert not (tmp_config.corpus_dir / "originals").exists()
    assert len(list(tmp_config.corpus_dir.glob("*.txt"))) == 5
    # a page opened now lists the letters as they are (the load event), in a new session
    msg = fire(http, app, "on_load", [[]], session=uuid.uuid4().hex)
    assert msg["success"] and "5 brieven" in msg["output"]["data"][0]
    assert NEW_ID not in choice_values(msg["output"]["data"][2])
    r = ask(client, MARINES_Q)
    assert NEW_ID not in {p["doc_id"] for p in r["passages"]}
    # and back from the trash: the letter, its original and its answers
    msg = fire(http, app, "on_restore", [NEW_ID, "nl", [], None])
    assert msg["success"], msg
    assert "6 brieven" in msg["output"]["data"][1] and NEW_ID not in choice_values(msg["output"]["data"][-1])
    assert (tmp_config.corpus_dir / f"{NEW_ID}.txt").exists() and (tmp_config.corpus_dir / "originals").exists()
    assert NEW_ID in {c["doc_id"] for c in ask(client, MARINES_Q)["citations"]}


def test_last_letter_cannot_be_removed(tmp_path):
    from ui.handlers import Handlers

    letter = SimpleNamespace(doc_id="kst-28676-1", number=1)
    store = SimpleNamespace(letters={"kst-28676-1": letter})
    pipe = SimpleNamespace(store=store, config=Config(corpus_dir=tmp_path, index_dir=tmp_path / "index"),
                           refresh=lambda: False)
    h = Handlers(pipe, questions_path=tmp_path / "q.jsonl")
    with pytest.raises(ValueError, match="last letter"):
        h.remove_letter("kst-28676-1")
    with pytest.raises(ValueError, match="pick a letter"):
        h.remove_letter("kst-28676-2")


def test_uploads_are_capped(app, http):
    from ui.app import MAX_UPLOAD_BYTES

    r = http.post(app.rag_url + "gradio_api/upload",
                  files=[("files", ("groot.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, "application/pdf"))])
    assert r.status_code == 413


def test_too_many_files_are_refused_one_line_each(tmp_path, monkeypatch):
    from ui import handlers as ui_app
    from ui.handlers import Handlers

    monkeypatch.setattr(ui_app, "MAX_UPLOAD_FILES", 2)
    pipe = SimpleNamespace(store=SimpleNamespace(letters={}), refresh=lambda: False,
                           config=Config(corpus_dir=tmp_path / "c", index_dir=tmp_path / "i"))
    h = Handlers(pipe, questions_path=tmp_path / "q.jsonl", upload_roots=(tmp_path,))
    out = h.add_letters([str(tmp_path / "nope-1.txt"), str(tmp_path / "nope-2.txt"), str(tmp_path / "x.txt"),
                         str(tmp_path / "y.txt")])
    lines = [line for _, line in out["rows"]]
    assert len(lines) == 4 and sum("at most 2 files per upload" in line for line in lines) == 2


def test_ingest_report_is_escaped():
    from ui import render

    nasty = '<img src=x onerror="alert(1)">.pdf'
    out = render.render_ingest_report([("error", f"error: {nasty}: binary data")], "0 added, 1 error",
                                      index_error="<script>x</script>", language="en")
    assert "<img" not in out and "<script" not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf" in out and "The index was not updated" in out
