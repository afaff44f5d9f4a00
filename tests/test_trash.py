"""Removing and replacing letters is recoverable (rag/trash.py): the trash, restore, purge,
and a process killed between two renames loses nothing."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag import trash
from rag.corpus import CorpusError, load_corpus
from rag.ingest import add_paths, purge_letter, remove_letter, restore_letter

from ingest_files import NEW, tmp_config

DOC = "kst-28676-999"


def snapshot(corpus: Path) -> dict[str, bytes]:
    """Every file of the corpus outside the trash, by relative path."""
    return {str(p.relative_to(corpus)): p.read_bytes() for p in corpus.rglob("*")
            if p.is_file() and trash.TRASH not in p.parts and not p.name.startswith(".")}


@pytest.fixture
def cfg(tmp_path):
    cfg = tmp_config(tmp_path)
    add_paths([NEW], cfg, reindex=False)  # an HTML letter: a corpus file and a kept original
    assert (cfg.corpus_dir / "originals" / f"{DOC}.html").is_file()
    return cfg


def test_remove_then_restore_round_trips_the_files(cfg):
    before = snapshot(cfg.corpus_dir)
    report = remove_letter(DOC, cfg, reindex=False)
    assert snapshot(cfg.corpus_dir) == {}
    [entry] = trash.entries(cfg.corpus_dir)
    assert (entry.doc_id, entry.why, str(entry.folder)) == (DOC, "removed", report.trashed)
    assert {f.name for f in entry.files()} == {f"{DOC}.txt", f"{DOC}.html"}
    restore_letter(DOC, cfg, reindex=False)
    assert snapshot(cfg.corpus_dir) == before  # byte for byte
    assert trash.entries(cfg.corpus_dir) == []
    with pytest.raises(CorpusError, match="in the corpus again"):
        restore_letter(DOC, cfg, reindex=False)
    with pytest.raises(CorpusError, match="no trashed version"):
        restore_letter("kst-28676-1", cfg, reindex=False)


def test_replace_keeps_the_old_version(cfg, tmp_path):
    changed = tmp_path / "changed.html"
    changed.write_text(NEW.read_text(encoding="utf-8").replace("340 mariniers", "350 mariniers"), encoding="utf-8")
    assert add_paths([changed], cfg, replace=True, reindex=False).results[0].status == "replaced"
    [entry] = trash.entries(cfg.corpus_dir)
    assert entry.why == "replaced" and b"340 mariniers" in entry.letter_file.read_bytes()
    with pytest.raises(CorpusError, match="in the corpus again"):
        restore_letter(DOC, cfg, reindex=False)
    remove_letter(DOC, cfg, reindex=False)  # the new version to the trash, then the old one back
    restore_letter(DOC, cfg, reindex=False)
    assert b"350 mariniers" in snapshot(cfg.corpus_dir)[f"{DOC}.txt"]  # the latest trashed: the new one
    remove_letter(DOC, cfg, reindex=False)
    assert len(trash.entries(cfg.corpus_dir)) == 2


def test_purge_deletes_for_good(cfg):
    remove_letter(DOC, cfg, reindex=False)
    files, _ = purge_letter(DOC, cfg, dry_run=True)
    assert len(files) == 2 and trash.entries(cfg.corpus_dir)  # a dry run deletes nothing
    purge_letter(DOC, cfg, reindex=False)
    assert trash.entries(cfg.corpus_dir) == [] and snapshot(cfg.corpus_dir) == {}


def test_cli_trash_restore_and_purge(cfg, capsys):
    from rag.cli import main

    base = ["--corpus", str(cfg.corpus_dir), "--index", str(cfg.index_dir)]
    assert main(base + ["trash"]) == 0 and "the trash is empty" in capsys.readouterr().out
    remove_letter(DOC, cfg, reindex=False)
    assert main(base + ["trash"]) == 0 and capsys.readouterr().out.startswith(f"{DOC}  removed")
    assert main(base + ["remove", "--purge", DOC]) == 2  # no terminal, no --yes: nothing deleted
    out = capsys.readouterr()
    assert "deleting for good (2 files)" in out.out and "--yes" in out.err
    assert trash.entries(cfg.corpus_dir)
    assert main(base + ["restore", "kst-28676-1"]) == 1
    assert "no trashed version" in capsys.readouterr().err


def _killed_at(cfg, step: str, code: str) -> None:
    """Run ``code`` in a child that pauses at ``step``, then kill -9 it there."""
    env = {**os.environ, "RAG_TRASH_PAUSE": step}
    prog = (f"from pathlib import Path; from rag.config import Config; from rag.ingest import *; "
            f"cfg = Config(corpus_dir=Path({str(cfg.corpus_dir)!r}), index_dir=Path({str(cfg.index_dir)!r})); "
            f"{code}")
    child = subprocess.Popen([sys.executable, "-c", prog], stdout=subprocess.PIPE, text=True, env=env,
                             cwd=Path(__file__).resolve().parents[1])
    assert child.stdout.readline().strip() == f"paused at {step}"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def letter_somewhere(cfg) -> bool:
    in_corpus = DOC in {L.doc_id for L in load_corpus(cfg.corpus_dir).letters}
    in_trash = any((f / f"{DOC}.txt").is_file() for f in (cfg.corpus_dir / trash.TRASH).iterdir())
    return in_corpus or in_trash


@pytest.mark.parametrize("step", ["remove:originals-moved", "remove:letter-moved"])
def test_kill_during_remove_loses_nothing(cfg, step):
    before = snapshot(cfg.corpus_dir)
    _killed_at(cfg, step, f"remove_letter({DOC!r}, cfg, reindex=False)")
    assert letter_somewhere(cfg)
    done = trash.recover(cfg.corpus_dir)
    assert done and letter_somewhere(cfg)
    if step == "remove:letter-moved":  # it had left the corpus: the removal is finished
        assert [e.doc_id for e in trash.entries(cfg.corpus_dir)] == [DOC]
        restore_letter(DOC, cfg, reindex=False)
    assert snapshot(cfg.corpus_dir) == before  # rolled back, or restored: byte for byte


def test_kill_during_restore_loses_nothing(cfg):
    before = snapshot(cfg.corpus_dir)
    remove_letter(DOC, cfg, reindex=False)
    _killed_at(cfg, "restore:letter-moved", f"restore_letter({DOC!r}, cfg, reindex=False)")
    assert (cfg.corpus_dir / f"{DOC}.txt").is_file()  # the letter is back; its original is still in the trash
    assert trash.recover(cfg.corpus_dir) == [f"finished restoring {DOC}"]
    assert snapshot(cfg.corpus_dir) == before and trash.entries(cfg.corpus_dir) == []
    shutil.rmtree(cfg.corpus_dir / trash.TRASH)


def test_remove_and_restore_give_the_same_answers(tmp_path, config, store):
    """Through the real index: a removed letter is not cited; restored, the answers are as before."""
    from rag.pipeline import Pipeline

    cfg = tmp_config(tmp_path, seeds=True)
    shutil.copytree(config.index_dir / "cache", cfg.index_dir / "cache")
    q = "Wie ondertekende de brief over de bijeenkomst van oktober 2022?"
    before = Pipeline.load(cfg).ask(q).to_json()
    assert "kst-28676-418" in {c["doc_id"] for c in before["citations"]}
    assert remove_letter("kst-28676-418", cfg).index_error is None
    gone = Pipeline.load(cfg, rebuild=False).ask(q).to_json()
    assert "kst-28676-418" not in {c["doc_id"] for c in gone["citations"]}
    assert restore_letter("kst-28676-418", cfg).index.letters == 5
    after = Pipeline.load(cfg, rebuild=False).ask(q).to_json()
    assert (after["answer"], after["citations"], after["status"]) == (before["answer"], before["citations"],
                                                                     before["status"])


@given(st.integers(0, 4_000_000_000_000_000), st.integers(1, 5_000_000))
def test_entry_names_sort_as_the_instants_they_were_made(at, later):
    assert trash.stamp(at) < trash.stamp(at + later)  # across a second's roll-over too
