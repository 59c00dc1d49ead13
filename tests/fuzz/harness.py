"""Run one case through the whole pipeline with a time limit; classify and sign the outcome."""
from __future__ import annotations

import hashlib
import json
import re
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE = ROOT / "pcrlang"
TIME_LIMIT = 10.0  # seconds: a case over it is a hang
# the minimal ruleset of the diagnostics catalogue (the text of tests/helpers.py HEADER): a valid
# header, boundary and production input, for cases that need the checker to go further
MINIMAL = "".join((ROOT / "tools" / "sitegen" / "examples" / "minimal" / f"{part}.pcr").read_text(encoding="utf-8")
                  for part in ("header", "boundary", "output"))


@dataclass
class Case:
    generator: str  # mutation, grammar, pathological, corpus
    name: str  # what was done, for the report
    text: str
    path: str = "fuzz.pcr"  # where the text is compiled as if saved (its folder is the project)
    files: dict = field(default_factory=dict)  # other files (imports), by path relative to a fresh folder
    in_folder: bool = False  # compile as `path` inside that fresh folder


@dataclass
class Outcome:
    kind: str  # "ok", "crash" or "hang"
    seconds: float
    signature: str = ""
    error: str = ""  # the traceback of a crash


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException, so no `except Exception` in the pipeline takes it."""


def _alarm(signum, frame):
    raise CaseTimeout()


def signature(error: BaseException) -> str:
    """Exception type and the innermost frame inside pcrlang (file and function), e.g.
    `RecursionError in pcrlang/check.py:expr`: stable across line edits."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(PACKAGE)]
    frame = (ours or frames or [None])[-1]
    where = "?" if frame is None else f"{Path(frame.filename).resolve().relative_to(ROOT) if ours else Path(frame.filename).name}:{frame.name}"
    return f"{type(error).__name__} in {where}"


def run_case(case: Case, time_limit: float = TIME_LIMIT) -> Outcome:
    """Compile the case; never raises (but for KeyboardInterrupt)."""
    from pcrlang.compiler import compile_text
    from pcrlang.diagnostics import render_all, to_json
    folder = None
    path = case.path
    start = time.perf_counter()
    try:
        if case.files or case.in_folder:
            folder = tempfile.TemporaryDirectory(prefix="pcrfuzz-")
            for name, text in case.files.items():
                target = Path(folder.name) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", errors="surrogatepass")
            path = str(Path(folder.name) / case.path)
        use_alarm = hasattr(signal, "setitimer") and _main_thread()
        if use_alarm:
            previous = signal.signal(signal.SIGALRM, _alarm)
            # then every second: an alarm whose exception something swallowed (a gc callback) comes again
            signal.setitimer(signal.ITIMER_REAL, time_limit, 1.0)
        start = time.perf_counter()
        try:
            c = compile_text(case.text, path)
            render_all(c.diagnostics, c.text_of)  # what `pcr check` prints,
            to_json(c.diagnostics).encode("utf-8")  # and its JSON, encodable
            seconds = time.perf_counter() - start
            if seconds > time_limit:
                return Outcome("hang", seconds, f"over {time_limit:g} s")
            return Outcome("ok", seconds)
        except CaseTimeout as error:  # signed where the alarm found it: the pass that takes the time
            where = signature(error).split(" in ", 1)[1]
            return Outcome("hang", time.perf_counter() - start, f"over {time_limit:g} s in {where}",
                           traceback.format_exc(limit=-12))
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001 - any exception is a crash
            seconds = time.perf_counter() - start
            if isinstance(error, MemoryError) or seconds <= time_limit:
                return Outcome("crash", seconds, signature(error), traceback.format_exc(limit=-12))
            return Outcome("hang", seconds, f"over {time_limit:g} s")
        finally:
            if use_alarm:
                _disarm(previous)
    except CaseTimeout:  # the alarm came between the case's end and its disarming (a case at the limit)
        return Outcome("hang", time.perf_counter() - start, f"over {time_limit:g} s, at the end of the case")
    finally:
        if folder is not None:
            folder.cleanup()


def _disarm(previous) -> None:
    """Stop the alarm, also when it fires while being stopped (the repeating alarm could, and its
    exception then escaped run_case: found by a long campaign on a loaded machine)."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            break
        except CaseTimeout:
            continue
    signal.signal(signal.SIGALRM, previous)


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def save_reproducer(case: Case, outcome: Outcome, folder: Path) -> Path:
    """The case as a .pcr file (lone surrogates kept, as surrogatepass bytes) and a .json file
    with everything needed to replay it exactly (text, path, imported files, traceback)."""
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", outcome.signature).strip("-")[:80] or "hang"
    digest = hashlib.sha256(case.text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    base = folder / f"{outcome.kind}-{slug}-{digest}"
    base.with_suffix(".pcr").write_bytes(case.text.encode("utf-8", "surrogatepass"))
    base.with_suffix(".json").write_text(json.dumps({
        "generator": case.generator, "name": case.name, "path": case.path, "files": case.files,
        "in_folder": case.in_folder, "text": case.text, "kind": outcome.kind, "signature": outcome.signature,
        "seconds": round(outcome.seconds, 3), "traceback": outcome.error,
    }, ensure_ascii=True, indent=2), encoding="utf-8")
    return base.with_suffix(".pcr")


def load_reproducer(path: Path) -> Case:
    """A saved case (.json as written by save_reproducer) or a plain .pcr file."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return Case(data["generator"], data["name"], data["text"], data["path"], data.get("files") or {},
                    data.get("in_folder", False))
    return Case("corpus", path.name, path.read_bytes().decode("utf-8", "surrogatepass"), str(path))
