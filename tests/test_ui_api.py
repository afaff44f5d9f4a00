"""The web app's API and rendering: the real app on 127.0.0.1, called with gradio_client.

One server per module over the session's pipeline (index built once per session).
"""
from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path


import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from rag.layout import IndexLayout  # noqa: E402
from ui import render  # noqa: E402

# Gradio's queue uses a pandas option that pandas 3 deprecates; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

NL_Q = "Hoeveel F-35 jachtvliegtuigen levert Nederland voor Air Policing?"
EN_Q = "Why are Finland and Sweden attending the NATO defence ministers meeting?"
EN_Q_BRIEF = "Which two countries joined the defence ministers' meeting for the first time as invitees?"
SCRIPT_Q = "<script>alert(1)</script> Wat is de NAVO?"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def app(pipeline, start_app):
    return start_app(pipeline)


@pytest.fixture(scope="module")
def client(app):
    from gradio_client import Client

    return Client(app.rag_url, verbose=False)


@pytest.fixture(scope="module")
def handlers(app):
    return app.rag_handlers


def ask(client, question, letters=(), date_from="", date_to="", signatory="", k=10):
    return client.predict(question, list(letters), date_from, date_to, signatory, k, api_name="/ask")


def assert_faithful(result, letters):
    for c in result["citations"]:
        assert letters[c["doc_id"]].text[c["start"]:c["end"]] == c["quote"]
        assert c["url"] == letters[c["doc_id"]].url
    for p in result["passages"]:
        assert letters[p["doc_id"]].text[p["start"]:p["end"]] == p["text"]


# ---------------------------------------------------------------- the ask endpoint


def test_server_binds_localhost_only(app):
    assert app.rag_url.startswith("http://127.0.0.1:")
    assert app.server_name == "127.0.0.1"


def test_ask_is_a_named_endpoint(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert "/ask" in api["named_endpoints"]
    params = [p["parameter_name"] for p in api["named_endpoints"]["/ask"]["parameters"]]
    assert params == ["question", "letters", "date_from", "date_to", "signatory", "k", "history"]
    # the UI's own events are not part of the public API
    assert set(api["named_endpoints"]) == {"/ask"}


def test_dutch_question(client, letters):
    r = ask(client, NL_Q)
    assert r["language"] == "nl" and not r["abstained"]
    assert r["citations"] and r["citations"][0]["doc_id"] == "kst-28676-387"
    assert "F-35" in r["citations"][0]["quote"]
    assert [p["rank"] for p in r["passages"]] == list(range(1, len(r["passages"]) + 1))
    assert set(r) >= {"question", "language", "abstained", "answer", "citations", "passages", "timings_ms"}
    assert_faithful(r, letters)


def test_english_question(client, letters):
    r = ask(client, EN_Q)
    assert r["language"] == "en" and not r["abstained"]
    assert "kst-28676-418" in {c["doc_id"] for c in r["citations"]}
    assert any("Finland" in c["quote"] for c in r["citations"])
    assert_faithful(r, letters)


def test_follow_up_with_history(client, letters):
    """The API takes the earlier turns: a letter reference is completed from the cited letter."""
    first = client.predict(question="Who signed the letter about the October 2022 meeting?", api_name="/ask")
    assert first["interpreted_as"] == first["question"]
    r = client.predict(question="En wanneer is die brief verstuurd?",
                       history=[{"question": first["question"], "citations": first["citations"]}], api_name="/ask")
    assert r["interpreted_as"] == "En wanneer is brief 418 verstuurd?"
    assert r["status"] == "answered" and "30 september 2022" in r["answer"]
    assert_faithful(r, letters)
    # a client may send only the earlier questions
    r = client.predict(question="And Sweden?", history=[{"question": "Why is Finland attending the meeting?"}],
                       api_name="/ask")
    assert r["interpreted_as"] != r["question"] and "Sweden" in r["interpreted_as"]


def test_english_question_from_the_brief(client, letters):
    """Finds the right letter; whether it answers or abstains depends on the calibrated threshold."""
    r = ask(client, EN_Q_BRIEF)
    assert r["language"] == "en"
    assert r["passages"][0]["doc_id"] == "kst-28676-418"
    assert r["abstained"] or "kst-28676-418" in {c["doc_id"] for c in r["citations"]}
    assert_faithful(r, letters)


def test_keyword_arguments_and_k(client):
    r = client.predict(question=NL_Q, k=3, api_name="/ask")
    assert len(r["passages"]) == 10  # the contract: at least the top 10
    r = client.predict(question=NL_Q, k=15, api_name="/ask")
    assert len(r["passages"]) == 15


def test_filters(client, letters):
    r = ask(client, EN_Q, letters=["kst-28676-418"])
    assert r["passages"] and {p["doc_id"] for p in r["passages"]} == {"kst-28676-418"}
    r = ask(client, NL_Q, letters=["328", "372"])  # letter numbers work too
    assert {p["doc_id"] for p in r["passages"]} <= {"kst-28676-328", "kst-28676-372"}
    r = ask(client, NL_Q, date_from="2022-06", date_to="2022")
    assert r["passages"] and all("2022-06-01" <= letters[p["doc_id"]].date <= "2022-12-31" for p in r["passages"])
    r = ask(client, NL_Q, signatory="Blok")
    assert {p["doc_id"] for p in r["passages"]} == {"kst-28676-328"}


@pytest.mark.parametrize("kwargs, message", [
    ({"question": "   "}, "empty question"),
    ({"question": "?!"}, "no words"),
    ({"question": NL_Q, "date_from": "1 februari"}, "invalid date"),
    ({"question": NL_Q, "date_from": "2023-01-01", "date_to": "2022-01-01"}, "date range is empty"),
    ({"question": NL_Q, "letters": ["kst-28676-999"]}, "unknown letter"),
    ({"question": NL_Q, "k": 0}, "k must be"),
    ({"question": NL_Q, "history": [{"vraag": "x"}]}, "no string 'question'"),
])
def test_bad_requests_get_a_message(client, kwargs, message):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=message):
        client.predict(**kwargs, api_name="/ask")


def test_script_question_is_data_in_the_api_and_text_in_the_chat(client, handlers):
    r = ask(client, SCRIPT_Q)
    assert r["question"] == SCRIPT_Q  # JSON carries the text as is; rendering escapes it
    chat_html, sources_html, viewer_html, turns, lang = handlers.chat(SCRIPT_Q, [])
    assert "<script" not in chat_html.lower()
    assert html.escape(SCRIPT_Q) in chat_html
    assert "<script" not in sources_html.lower()
    assert turns[-1]["question"] == SCRIPT_Q


def test_several_users_at_once(app, letters):
    """Concurrent clients all get their own, correct answers (queue with concurrency 4)."""
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    qs = [NL_Q, EN_Q] * 4

    def one(q):
        return Client(app.rag_url, verbose=False).predict(q, [], "", "", "", 5, api_name="/ask")

    with ThreadPoolExecutor(8) as ex:
        results = list(ex.map(one, qs))
    for q, r in zip(qs, results):
        assert r["question"] == q
        assert_faithful(r, letters)
    assert {c["doc_id"] for c in results[0]["citations"]} == {"kst-28676-387"}


# ---------------------------------------------------------------- handlers (same code path as the UI)


def test_chat_turns_and_language(handlers):
    chat_html, sources_html, _, turns, lang = handlers.chat(NL_Q, [], [], "", "", "", 10)
    assert lang == "nl" and len(turns) == 1
    assert 'class="cite marker"' in chat_html and 'data-doc="kst-28676-387"' in chat_html
    assert sources_html.count('<details class="passage"') == 10
    assert "geciteerd [1]" in sources_html
    chat_html, sources_html, _, turns, lang = handlers.chat(EN_Q, turns, [], "", "", "", 5)
    assert lang == "en" and len(turns) == 2
    assert "Retrieved passages" in sources_html and sources_html.count('<details class="passage"') == 5
    assert ">Answer" in chat_html and ">Antwoord" in chat_html  # each turn in its own language


def test_chat_error_is_a_turn_not_a_crash(handlers):
    chat_html, sources_html, _, turns, lang = handlers.chat("   ", [])
    assert 'class="msg bot error"' in chat_html and "empty question" in chat_html
    assert "error" in turns[-1]


@pytest.fixture(scope="module")
def abstaining(config):
    """Handlers over a pipeline that always abstains (a similarity threshold no sentence reaches)."""
    from dataclasses import replace

    from rag.pipeline import Pipeline
    from ui.handlers import Handlers

    return Handlers(Pipeline.load(replace(config, abstain_threshold=2.0)))


def test_abstention_shows_closest_passages(abstaining):
    chat_html, _, _, turns, lang = abstaining.chat("What is the capital of Peru?", [])
    assert lang == "en" and turns[-1]["result"]["abstained"]
    assert "The letters don&#x27;t say" in chat_html
    assert "Closest passages" in chat_html
    assert chat_html.count("passage-link") == 3
    assert 'class="quote"' not in chat_html  # closest passages are not presented as the answer


def marked(viewer_html: str) -> str:
    return "".join(html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", viewer_html, re.S))


def test_source_viewer_highlights_the_quote(handlers, letters):
    r = handlers.ask(NL_Q)
    c = r["citations"][0]
    v = handlers.open_span(c["doc_id"], c["start"], c["end"], "nl", 1)
    assert marked(v) == c["quote"]
    assert v.count('id="v-hl"') == 1
    letter = letters[c["doc_id"]]
    assert f'href="{letter.url}"' in v
    assert "Kamerstuk 28 676, nr. 387" in v and "1 februari 2022" in v
    assert "K.H. Ollongren" in v and html.escape(letter.title) in v
    # a passage spanning paragraphs is highlighted piece by piece, all of it
    p = max(r["passages"], key=lambda p: p["text"].count("\n\n"))
    assert marked(handlers.open_span(p["doc_id"], p["start"], p["end"])) == p["text"].replace("\n\n", "")


def test_source_viewer_rejects_bad_spans(handlers, letters):
    assert "<mark" not in handlers.open_span("../../etc/passwd", 0, 10)
    assert "<mark" not in handlers.open_span("kst-28676-387", "x", None)
    n = len(letters["kst-28676-387"].text)
    assert marked(handlers.open_span("kst-28676-387", n - 5, n + 100)) == letters["kst-28676-387"].text[n - 5:]


def test_letters_tab(handlers, letters, store):
    table = handlers.letter_table("nl")
    for L in letters.values():
        assert f'data-doc="{L.doc_id}"' in table and f"<td>{L.number}</td>" in table
        chunks = store.manifest["letters"][L.doc_id]["chunks"]
        assert f'<td class="num">{chunks}</td>' in table
    reader = handlers.read_letter("kst-28676-372")
    L = letters["kst-28676-372"]
    for s in L.sections:
        assert f'id="r-s{s.start}"' in reader and f'href="#r-s{s.start}"' in reader
    assert re.search(r"<h\d id=\"r-s\d+\" class=\"lsec\">NAVO2030</h\d>", reader)
    assert "S.A.M. Kaag" in reader
    assert "Kies een brief" in handlers.read_letter(None)


def test_eval_tab(handlers, tmp_path):
    calls = []

    def progress(value, desc=None, unit=None):
        calls.append(value)

    summary, per_q, png, md = handlers.run_eval("dev", ["hybrid"], progress, tmp_path)
    assert "Systems by language" in summary and "By question kind" in summary
    assert "<td>hybrid</td>" in summary and "<td>nl</td>" in summary and "<td>en</td>" in summary
    n_dev = sum('"split": "dev"' in line for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines())
    assert per_q.count("<tr class=") == n_dev
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert open(md, encoding="utf-8").read().startswith("# Eval report")
    assert calls[-1] == (n_dev, n_dev)
    summary, per_q, _, _ = handlers.run_eval("natural-test", ["hybrid"], None, tmp_path)
    assert per_q.count("<tr class=") == 96  # the natural questions' held-out half


def test_auth_from_env():
    from ui.app import auth_from_env

    assert auth_from_env({}) is None
    assert auth_from_env({"RAG_UI_USER": "a", "RAG_UI_PASSWORD": "b"}) == ("a", "b")
    with pytest.raises(ValueError):
        auth_from_env({"RAG_UI_USER": "a"})


def test_basic_auth_protects_the_app(pipeline, start_app):
    import urllib.error
    import urllib.request

    url = start_app(pipeline, auth=("nato", "s3cret")).rag_url
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url + "config", timeout=10)
    assert e.value.code == 401


# ---------------------------------------------------------------- pure rendering


NASTY = '<script>alert(1)</script><img src=x onerror="alert(2)"> **bold** [x](javascript:alert(3)) ${1+1} {{value}} & "q"'


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


OUR_TAGS = {"div", "span", "p", "button", "blockquote", "ul", "ol", "li", "details", "summary", "mark",
            "h3", "h4", "h5", "h6", "dl", "dt", "dd", "a", "nav", "table", "thead", "tbody", "tr", "th", "td",
            "br", "b", "code"}


def assert_safe(fragment: str, *texts: str):
    p = TagCollector()
    p.feed(fragment)
    assert set(p.tags) <= OUR_TAGS, set(p.tags) - OUR_TAGS
    assert not [a for a, _ in p.attrs if a.startswith("on")]
    assert not [v for a, v in p.attrs if a == "href" and v and v.lower().startswith("javascript")]
    text = "".join(p.text)
    for t in texts:
        assert " ".join(t.split()) in " ".join(text.split())


def fake_result(text: str, abstained=False) -> dict:
    cit = {"n": 1, "doc_id": "kst-28676-387", "title": text, "date": "2022-02-01", "section": text,
           "quote": text, "start": 0, "end": len(text), "url": "https://example.org/x"}
    pas = {"rank": 1, "doc_id": "kst-28676-387", "chunk_id": "kst-28676-387#0", "score": 0.5, "text": text,
           "start": 0, "end": len(text), "section": text}
    return {"question": text, "language": "en", "abstained": abstained, "answer": text,
            "citations": [] if abstained else [cit], "passages": [pas], "timings_ms": {"total": 12.0},
            "notice": text}


def test_render_escapes_everything():
    for abstained in (False, True):
        r = fake_result(NASTY, abstained)
        chat = render.render_chat([{"question": NASTY, "result": r}])
        assert_safe(chat, NASTY)
        assert "&lt;script&gt;" in chat and "<script" not in chat and "<img" not in chat
        assert_safe(render.render_passages(r), NASTY)
    err = render.render_chat([{"question": NASTY, "error": NASTY, "language": "nl"}])
    assert_safe(err, NASTY)
    assert "<img" not in err


def test_render_letter_escapes(letters):
    from dataclasses import replace

    L = letters["kst-28676-418"]
    bad = replace(L, title=NASTY, subject=NASTY, text=NASTY + "\n\n" + NASTY,
                  signatories=[type(L.signatories[0])(NASTY, NASTY)], sections=[])
    v = render.render_viewer(bad, 0, 10, "nl")
    assert_safe(v, NASTY)
    assert "<script" not in v and "<img" not in v
    assert_safe(render.render_reader(bad, "en", 3), NASTY)
    assert_safe(render.render_letter_table([bad], {bad.doc_id: 3}), NASTY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_render_any_question_is_text(q):
    chat = render.render_chat([{"question": q, "result": fake_result(q)}])
    assert_safe(chat)
    p = TagCollector()
    p.feed(render.render_turn({"question": q, "error": "x", "language": "nl"}))
    # the user's text comes back exactly, as text
    assert q.replace("\r\n", "\n").replace("\r", "\n") in "".join(p.text).replace("\r\n", "\n").replace("\r", "\n")


def test_render_one_quote_of_several_letters_once():
    sig = "De Minister van Defensie, K.H. Ollongren"
    cits = [{"n": n, "doc_id": d, "quote": sig, "start": 0, "end": len(sig), "date": date, "section": None}
            for n, d, date in ((1, "kst-28676-418", "2022-09-30"), (2, "kst-28676-387", "2022-02-01"))]
    html_ = render.render_answer({"question": "wie", "language": "nl", "abstained": False, "status": "answered",
                                  "answer": "", "citations": cits, "passages": []})
    assert html_.count("<blockquote") == 1 and html_.count('data-n="') == 2  # one quote, both markers
    assert "nr. 418" in html_ and "nr. 387" in html_  # each letter still listed with its date


def test_render_nothing_more_under_its_own_title():
    """After "nog meer?" with nothing left, the title says so, not "Dit staat niet in deze brieven"."""
    base = {"question": "nog meer?", "language": "nl", "abstained": True, "status": "not_found", "citations": [],
            "passages": []}
    said = render.render_answer({**base, "answer": "x", "label": "De brieven zeggen hier niets meer over"})
    assert "De brieven zeggen hier niets meer over" in said and "abstain-text" not in said
    assert "Dit staat niet in deze brieven" in render.render_answer({**base, "answer": "x"})


def test_render_dates_and_refs():
    assert render.fmt_date("2022-02-01", "nl") == "1 februari 2022"
    assert render.fmt_date("2022-10-12", "en") == "12 October 2022"
    assert render.fmt_date(None) == "–" and render.fmt_date("2022-13-01") == "2022-13-01"
    assert render.letter_ref("kst-28676-387") == "Kamerstuk 28 676, nr. 387"
    assert render.letter_ref("kst-28676-387", "en") == "Parliamentary paper 28 676, no. 387"
    assert render.labels("fr") is render.LABELS["nl"]  # default Dutch


def test_render_highlight_offsets(letters):
    L = letters["kst-28676-328"]
    body = render.render_letter_body(L, 100, 180)
    assert marked(body) == L.text[100:180].replace("\n\n", "")  # paragraph breaks are not marked
    assert "<mark" not in render.render_letter_body(L, 50, 50)  # empty span: nothing marked
    assert "<mark" not in render.render_letter_body(L)


# ---------------------------------------------------------------- serving


def test_no_file_access_outside_the_app(app):
    import urllib.error
    import urllib.request

    for path in ["/etc/passwd", str(app.rag_handlers.pipeline.config.corpus_dir.resolve() / "kst-28676-387.txt"),
                 str(IndexLayout(app.rag_handlers.pipeline.config.index_dir.resolve()).current)]:
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(app.rag_url + "gradio_api/file=" + path, timeout=10)
        assert e.value.code in (403, 404)
    with pytest.raises(urllib.error.HTTPError):  # monitoring endpoint is off
        urllib.request.urlopen(app.rag_url + "monitoring", timeout=10)


def test_rag_serve_starts_answers_and_stops(config, pipeline, free_port):
    """`rag serve` over the session's (present) index: ready, answers over HTTP, exits 0 on SIGTERM."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from gradio_client import Client

    port = free_port()
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    env.pop("RAG_UI_USER", None), env.pop("RAG_UI_PASSWORD", None)
    cmd = [sys.executable, "-c", "import sys; from rag.cli import main; sys.exit(main())",
           "--corpus", str(config.corpus_dir), "--index", str(config.index_dir), "serve", "--port", str(port)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                urllib.request.urlopen(url + "config", timeout=2)
                break
            except OSError:
                assert time.perf_counter() - t0 < 120, "rag serve did not start within 120 s"
                time.sleep(0.1)
        ready = time.perf_counter() - t0
        r = Client(url, verbose=False).predict(NL_Q, [], "", "", "", 3, api_name="/ask")
        assert r["citations"][0]["doc_id"] == "kst-28676-387"
        print(f"rag serve: ready to answer {ready:.1f} s after start")
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
        err = proc.stderr.read()
    assert rc == 0, err
    assert "ready in" in err and "stopped" in err
