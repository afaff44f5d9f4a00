"""`rag add <folder>` over thousands of files (issue 15): constant memory, progress,
stop and resume. The letters are synthetic (made up here), in the text and HTML shapes
the converters accept, plus files that must be skipped with a reason."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.config import Config
from rag.corpus import load_corpus
from rag.ingest.bulk import bulk_add

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("de bondgenoten versterken de oostflank met extra eenheden en materieel terwijl de "
         "Kamer wordt geïnformeerd over kosten planning inzet oefeningen en de Nederlandse bijdrage").split()


def letter_text(n: int) -> str:
    """A made-up letter nr ``n`` of dossier 28 676 in the seeds' markdown shape (~1.5 kB)."""
    body = "\n\n".join(" ".join(WORDS[(n + i + j) % len(WORDS)] for j in range(40)).capitalize() + "."
                       for i in range(4))
    return (f"Vergaderjaar 2023–2024\n\n28 676\n\nNAVO\n\nNr. {n}\n\n## BRIEF VAN DE MINISTER VAN DEFENSIE\n\n"
            f"Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, {1 + n % 28} maart 2024\n\n"
            f"{body}\n\nDe Minister van Defensie,  \nP.M. Jansen\n")


def letter_html(n: int) -> str:
    paras = "".join(f"<p>{p}</p>" for p in letter_text(n).split("\n\n")[6:-1])
    return (f"<!DOCTYPE html><html><body><article><p>Vergaderjaar 2023–2024</p><h1>28 676 NAVO</h1>"
            f"<p>Nr. {n} BRIEF VAN DE MINISTER VAN DEFENSIE</p>"
            f"<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p><p>Den Haag, 3 maart 2024</p>"
            f"{paras}<p>De Minister van Defensie,<br>P.M. Jansen</p></article></body></html>")


def make_folder(folder: Path, n: int, start: int = 1000) -> int:
    """``n`` files in sub-folders of 500: every 10th HTML, every 100th an empty file (skipped).
    Returns how many are usable letters."""
    usable = 0
    for i in range(n):
        sub = folder / f"part{i // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        nr = start + i
        if i % 100 == 99:
            (sub / f"leeg-{nr}.txt").write_text("")
            continue
        usable += 1
        if i % 10 == 3:
            (sub / f"brief-{nr}.html").write_text(letter_html(nr))
        else:
            (sub / f"brief-{nr}.txt").write_text(letter_text(nr))
    return usable


_MEASURE = """
import resource, sys, tracemalloc
from pathlib import Path
from rag.config import Config
from rag.ingest.bulk import bulk_add
src, corpus = map(Path, sys.argv[1:3])
bulk_add([src], Config(corpus_dir=corpus / "warm-up"), reindex=False)  # imports are not measured
tracemalloc.start()
report = bulk_add([src], Config(corpus_dir=corpus / "corpus"), reindex=False)
print(report.tally.added, tracemalloc.get_traced_memory()[1], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _adding(tmp: Path, n: int) -> tuple[int, int, int]:
    """(letters added, peak traced heap in bytes, peak RSS in kB) of a fresh process
    bulk-adding ``n`` files to an empty corpus (after a warm-up add of the same files)."""
    make_folder(tmp / "in", n)
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(tmp / "in"), str(tmp)], capture_output=True,
                         text=True, timeout=600, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr
    added, heap, rss = map(int, out.stdout.split())
    return added, heap, rss


def test_memory_stays_flat_from_200_to_2000_files(tmp_path):
    """Holding the letters (the old add_paths kept every parsed letter, ~20 kB each with its
    offset map) would cost ~40 MB more at 2,000 files; streaming costs nothing per file.
    The traced heap can jump ~1 MB when the interpreter's string-interning table (pathlib
    interns path parts) resizes, hence the margins."""
    small = _adding(tmp_path / "small", 200)
    large = _adding(tmp_path / "large", 2000)
    print(f"200 files: heap peak {small[1] / 1024:.0f} kB, RSS {small[2] / 1024:.1f} MB; "
          f"2000 files: heap peak {large[1] / 1024:.0f} kB, RSS {large[2] / 1024:.1f} MB")
    assert (small[0], large[0]) == (198, 1980)
    assert large[1] < small[1] + 2 * 1024 * 1024
    assert large[2] < small[2] + 8 * 1024


def test_progress_and_one_line_per_skipped_file(tmp_path):
    make_folder(tmp_path / "in", 200)
    lines, ticks = [], []
    report = bulk_add([tmp_path / "in"], Config(corpus_dir=tmp_path / "corpus"), reindex=False,
                      on_result=lambda r: lines.append(r.line()), on_progress=lambda t: ticks.append(t.line()),
                      every=0)
    errors = [x for x in lines if x.startswith("error:")]
    assert len(errors) == 2 and all(x.endswith(": empty file") for x in errors)
    assert ticks[-1].startswith("200/200 files (") and ticks[-1].endswith("198 added, 0 duplicates, 2 errors")
    assert report.ok and not report.interrupted


def _rag(*args, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"}
    # Ctrl-C as a terminal sends it: a job started in the background by a non-interactive shell (as CI
    # may run) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt
    return subprocess.Popen([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kw)


def _stop_midway(cmd: list[str], corpus: Path, sig: int, at_least: int) -> subprocess.CompletedProcess:
    """Run ``rag`` and send ``sig`` once ``at_least`` letters are in the corpus."""
    proc = _rag(*cmd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if corpus.is_dir() and sum(1 for _ in corpus.glob("*.txt")) >= at_least:
            proc.send_signal(sig)
            break
        time.sleep(0.02)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_add_resumes_without_adding_twice(tmp_path, sig):
    # enough files that the add cannot finish before the signal arrives on a busy machine (600 once did)
    total = 2000
    usable = make_folder(tmp_path / "in", total)
    corpus = tmp_path / "corpus"
    cmd = ["--corpus", str(corpus), "--index", str(tmp_path / "index"), "add", "--no-index", "-q", str(tmp_path / "in")]
    first = _stop_midway(cmd, corpus, sig, at_least=100)
    stored = load_corpus(corpus)
    assert not stored.skipped  # every letter written is whole
    done = len(stored.letters)
    assert 100 <= done < usable, first.stderr
    if sig == signal.SIGINT:
        assert first.returncode == 130 and "interrupted after" in first.stderr
        assert "run the same command again" in first.stderr
    again = subprocess.run([sys.executable, "-m", "rag.cli", *cmd], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr
    summary = again.stdout.splitlines()[-1]
    assert summary == f"{usable - done} added, {done} duplicates, {total - usable} errors"
    assert len(load_corpus(corpus).letters) == usable
    assert f"{total}/{total} files (" in again.stderr  # the progress line
