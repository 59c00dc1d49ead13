"""The two ways `pcr verify` talks to a calculator (docs/protocol.md), robustly.

- JSON lines over a process's stdin and stdout (`ProcessCalculator`): one JSON value per line in,
  one answer per line out, in order. The process is started once and restarted after it crashes,
  hangs past the time limit, or prints something that is not one JSON value on one line (the
  stream could be out of step after that).
- HTTP (`HttpCalculator`): one POST of one JSON input per request; the body of the answer is the
  answer (a 4xx answer whose body is a JSON error object is a refusal).

Either way an answer is an `Answer`: a parsed JSON value, or what went wrong instead (crash,
timeout, garbage, http, not_run) with a reason a person can read. Nothing a calculator does
raises out of here; only a calculator that cannot be reached at all (a command that does not
exist, a URL that refuses connections) is an `Unreachable` error, raised by `start`.
"""
from __future__ import annotations

import collections
import json
import os
import queue
import shlex
import signal
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Optional

import attrs

PROTOCOL = 1
HELLO = {"pcr": "hello", "protocol": PROTOCOL}
MAX_LINE = 16 * 1024 * 1024  # bytes of one answer
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class Unreachable(RuntimeError):
    """The calculator cannot be started or reached at all; the message says what to do."""


@attrs.frozen
class Answer:
    kind: str  # answer, crash, timeout, garbage, http or not_run
    value: object = None  # the parsed JSON value of an answer
    reason: str = ""
    nonstandard: tuple = ()  # NaN or Infinity literals the answer held (they are no JSON numbers)


def parse(text: bytes | str) -> Answer:
    """One answer from its text: a JSON value (NaN and Infinity noted, not refused: the field
    that holds one fails), or garbage with the reason."""
    found: list = []

    def constant(literal):
        found.append(literal)
        return float(literal.replace("Infinity", "inf"))

    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, parse_constant=constant)
    except UnicodeDecodeError as error:
        return Answer("garbage", reason=f"the answer is not UTF-8 (byte {error.start})")
    except (ValueError, RecursionError) as error:
        return Answer("garbage", reason=f"the answer is not one JSON value: {error}; got {_snippet(text)}")
    return Answer("answer", value, nonstandard=tuple(found))


def _snippet(text) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    text = text.strip()
    return repr(text[:120] + ("..." if len(text) > 120 else ""))


class ProcessCalculator:
    """A calculator process speaking JSON lines: started by `start`, restarted when needed."""

    def __init__(self, command: str, cwd: Optional[str] = None, env: Optional[dict] = None):
        self.command, self.cwd, self.env = command, cwd, env
        try:
            self.argv = shlex.split(command)
        except ValueError as error:
            raise Unreachable(f"cannot read the calculator command {command!r}: {error}") from None
        if not self.argv:
            raise Unreachable("the calculator command is empty; give e.g. --calculator \"python calc.py --jsonl\"")
        self.process: Optional[subprocess.Popen] = None
        self.lines: queue.Queue = queue.Queue()
        self.stderr: collections.deque = collections.deque(maxlen=40)
        self.starts = 0

    def describe(self) -> dict:
        return {"protocol": "jsonl", "command": self.command}

    def start(self) -> None:
        """Start the process (a command that cannot be run at all is Unreachable)."""
        try:
            self.process = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, cwd=self.cwd, env=self.env,
                                            start_new_session=os.name == "posix")
        except FileNotFoundError:
            raise Unreachable(f"cannot start the calculator: no program `{self.argv[0]}` "
                              "(check the command and the PATH)") from None
        except PermissionError:
            raise Unreachable(f"cannot start the calculator: `{self.argv[0]}` is not executable") from None
        except OSError as error:
            raise Unreachable(f"cannot start the calculator `{self.command}`: {error.strerror or error}") from None
        self.starts += 1
        self.lines = queue.Queue()
        self.stderr.clear()
        threading.Thread(target=_read_lines, args=(self.process.stdout, self.lines), daemon=True).start()
        threading.Thread(target=_read_stderr, args=(self.process.stderr, self.stderr), daemon=True).start()

    def ask(self, value, timeout: float) -> Answer:
        if self.process is None or self.process.poll() is not None:
            self.stop()
            self.start()
        line = (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            self.process.stdin.write(line)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._crashed("the calculator closed its input before reading the case")
        try:
            got = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            return Answer("timeout", reason=f"no answer within {timeout:g} s (the calculator was stopped and restarted)")
        if got is None:
            return self._crashed("the calculator exited without answering")
        if len(got) > MAX_LINE:
            self.stop()
            return Answer("garbage", reason=f"an answer longer than {MAX_LINE} bytes")
        answer = parse(got)
        if answer.kind == "garbage":
            self.stop()  # the stream may be out of step now: restart before the next case
        return answer

    def _crashed(self, what: str) -> Answer:
        status = None
        if self.process is not None:
            try:
                status = self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.stop()
        tail = " | ".join(line for line in list(self.stderr)[-3:] if line)
        return Answer("crash", reason=what + (f" (exit status {status})" if status is not None else "")
                      + (f"; stderr: {tail[:300]}" if tail else ""))

    def stop(self) -> None:
        p, self.process = self.process, None
        if p is None:
            return
        for stream in (p.stdin,):
            try:
                stream.close()
            except OSError:
                pass
        if p.poll() is None:
            try:
                if os.name == "posix":
                    os.killpg(p.pid, signal.SIGKILL)  # the calculator and whatever it started
                else:
                    p.kill()
            except (ProcessLookupError, PermissionError, OSError):
                pass
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (p.stdout, p.stderr):
            try:
                stream.close()
            except OSError:
                pass


def _read_lines(stream, out: queue.Queue) -> None:
    try:
        while True:
            line = stream.readline(MAX_LINE + 1)
            if not line:
                break
            if line.strip() or len(line) > MAX_LINE:
                out.put(line)
    except (OSError, ValueError):
        pass
    out.put(None)


def _read_stderr(stream, out: collections.deque) -> None:
    try:
        for line in iter(lambda: stream.readline(4096), b""):
            out.append(line.decode("utf-8", "replace").rstrip())
    except (OSError, ValueError):
        pass


class HttpCalculator:
    """A calculator behind a URL: each input POSTed as JSON, the body of the answer read as JSON."""

    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise Unreachable(f"`{url}` is not an http:// or https:// URL")
        self.url = url
        handlers = [urllib.request.ProxyHandler({})] if parts.hostname in LOOPBACK else []
        self.opener = urllib.request.build_opener(*handlers)

    def describe(self) -> dict:
        return {"protocol": "http", "url": self.url}

    def start(self) -> None:
        """Reach the service once: a refused connection or an unknown host is Unreachable."""
        answer = self.ask(HELLO, 10)
        if answer.kind == "http" and answer.reason.startswith("cannot connect"):
            raise Unreachable(f"{answer.reason}; is the service running at {self.url}?")

    def ask(self, value, timeout: float) -> Answer:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return parse(response.read(MAX_LINE + 1))
        except urllib.error.HTTPError as error:
            text = _read(error)
            if 400 <= error.code < 500:
                answer = parse(text)
                if answer.kind == "answer" and type(answer.value) is dict and "error" in answer.value:
                    return answer  # a refusal sent with a client-error status
            return Answer("http", reason=f"HTTP {error.code} {error.reason}: {_snippet(text)}")
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return Answer("timeout", reason=f"no answer within {timeout:g} s")
            return Answer("http", reason=f"cannot connect to {self.url}: {getattr(reason, 'strerror', None) or reason}")
        except TimeoutError:
            return Answer("timeout", reason=f"no answer within {timeout:g} s")
        except (OSError, ValueError) as error:  # a connection reset, a malformed response
            return Answer("http", reason=f"the connection failed: {error}")

    def stop(self) -> None:
        pass


def _read(error) -> bytes:
    try:
        return error.read(64 * 1024)
    except (OSError, ValueError):
        return b""

