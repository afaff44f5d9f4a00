"""Who may change the corpus through the app (ui/access.py), and the app refusing edits."""
from __future__ import annotations

import pytest

from ui.access import edit_policy, is_loopback

pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")


@pytest.mark.parametrize("host, auth, anonymous, allowed", [
    ("127.0.0.1", False, False, True),     # loopback: this machine's users only
    ("localhost", False, False, True),
    ("::1", False, False, True),
    ("127.0.0.2", False, False, True),
    ("0.0.0.0", False, False, False),      # every interface, no login: no edits
    ("::", False, False, False),
    ("192.168.1.20", False, False, False),
    ("rag.example.org", False, False, False),
    ("0.0.0.0", True, False, True),        # with basic auth: logged-in users edit
    ("0.0.0.0", False, True, True),        # the explicit opt-out
])
def test_edit_policy(host, auth, anonymous, allowed):
    p = edit_policy(host, auth, anonymous)
    assert p.allowed is allowed and p.reason
    if not allowed:
        assert "RAG_UI_USER" in p.reason


def test_loopback():
    assert is_loopback("[::1]") and not is_loopback("") and not is_loopback("0.0.0.0")


def test_handlers_refuse_edits_when_off(pipeline, tmp_path):
    from ui.handlers import Handlers

    h = Handlers(pipeline, upload_roots=(tmp_path,), edits=edit_policy("0.0.0.0", auth=False))
    for call in (lambda: h.add_letters([str(tmp_path / "x.txt")]), lambda: h.remove_letter("kst-28676-418"),
                 lambda: h.restore_letter("kst-28676-418")):
        with pytest.raises(PermissionError, match="without a login"):
            call()
    assert set(pipeline.store.letters) >= {"kst-28676-418"}  # nothing changed


def test_edit_events_refuse_without_login(pipeline, start_app):
    """The real server with edits off: the edit events answer with the reason, and the
    controls say why; with auth on, an unauthenticated client gets nothing at all."""
    import httpx

    from ui.app import build_app, launch
    from tests.test_ui_upload import fire

    app = build_app(pipeline, edits=edit_policy("0.0.0.0", auth=False))
    app.rag_url = launch(app, "127.0.0.1", None)
    try:
        with httpx.Client(timeout=60, trust_env=False) as http:
            msg = fire(http, app, "on_remove", ["kst-28676-418", True, "nl", [], None])
            assert not msg["success"] and "without a login" in str(msg["output"])
            msg = fire(http, app, "on_restore", ["kst-28676-418", "nl", [], None])
            assert not msg["success"]  # (an empty trash's dropdown refuses the value even before the handler)
            page = http.get(app.rag_url + "config").json()
            assert "Bewerken staat uit" in str(page)
    finally:
        app.close()
    assert "kst-28676-418" in pipeline.store.letters
    authed = start_app(pipeline, auth=("nato", "s3cret"))
    with httpx.Client(timeout=60, trust_env=False) as http:
        for name in ("on_add", "on_remove", "on_restore"):  # no login: refused before any handler runs
            fn_index = next(i for i, f in authed.fns.items() if f.name == name)
            r = http.post(authed.rag_url + "gradio_api/queue/join",
                          json={"data": [], "fn_index": fn_index, "session_hash": "x"})
            assert r.status_code in (401, 403), name
        r = http.post(authed.rag_url + "gradio_api/upload", files=[("files", ("a.txt", b"x", "text/plain"))])
        assert r.status_code in (401, 403)
