"""Helpers for the tests of the JavaScript backend: generated modules run by Node over the
JSON-lines protocol (`node calc.mjs --jsonl`), one process per calculator."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pcrlang.backends.js import generate

# PCRLANG_NODE: another Node to test with (the oldest supported is 18, as Debian 12 ships it)
NODE = os.environ.get("PCRLANG_NODE") or ("/usr/bin/node" if os.path.exists("/usr/bin/node") else shutil.which("node"))
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed (apt-get install nodejs)")


def write_module(compilation, directory: Path, name: str = "calc") -> Path:
    path = Path(directory) / f"{name}.mjs"
    path.write_text(generate(compilation.ruleset, compilation.fingerprint), encoding="utf-8")
    return path


def node(*args, stdin: str | bytes = "", cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, *map(str, args)], input=stdin if isinstance(stdin, bytes) else stdin.encode("utf-8"),
                          capture_output=True, cwd=cwd, timeout=120)


class NodeCalculator:
    """A generated module answering over JSON lines: ask() sends one input, returns the answer."""

    def __init__(self, path: Path, *args: str):
        self.path = path
        self.process = subprocess.Popen([NODE, str(path), "--jsonl", *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def ask_line(self, line: bytes) -> bytes:
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("node stopped: " + self.process.stderr.read().decode("utf-8", "replace")[-2000:])
        return answer

    def ask(self, value) -> dict:
        return json.loads(self.ask_line(json.dumps(value, ensure_ascii=False).encode("utf-8")))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)


DRIVER = Path(__file__).resolve().parent / "data" / "js_driver.mjs"


def encode(value):
    """A Python value for the driver: Fractions, ints, floats and bytes tagged (see js_driver.mjs)."""
    from fractions import Fraction
    import base64
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return {"q": str(value)}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"object": [[k, encode(v)] for k, v in value.items()]}
    raise TypeError(value)


def decode(value):
    from fractions import Fraction
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "q" in value:
        return Fraction(value["q"])
    if "int" in value:
        return int(value["int"])
    if "float" in value:
        return float(value["float"])
    if "object" in value:
        return {k: decode(v) for k, v in value["object"]}
    if "map" in value:
        return {k: decode(v) for k, v in value["map"]}
    raise ValueError(value)


class Driver(NodeCalculator):
    """The generated module's functions and its runtime's, called one line at a time."""

    def __init__(self, path: Path):
        self.path = path
        self.process = subprocess.Popen([NODE, str(DRIVER), str(path)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def call(self, name: str, *args):
        """The value, or ("refused", code, message, field, formula, clause)."""
        answer = json.loads(self.ask_line(json.dumps([name, encode(list(args))]).encode("utf-8")))
        if "crash" in answer:
            raise AssertionError(f"{name} crashed in Node: {answer['crash']}")
        if "refused" in answer:
            return ("refused", *answer["refused"])
        return decode(answer["value"])
