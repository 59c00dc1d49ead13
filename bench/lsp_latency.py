"""Latency of `pcr lsp`: from an edit of a 2 000-line ruleset to its diagnostics in the editor.

A pygls client starts `python -m pcrlang lsp` over stdio, opens a generated ruleset of about
2 000 lines (bench/generate.py), then sends edits one at a time (whole-document sync, as VS Code
does for a small file, each changing one factor's value, one in five leaving it half-typed,
`= 0.`, a syntax error) and measures, on the client's clock, the time from sending `textDocument/didChange` to
receiving `textDocument/publishDiagnostics`. That includes JSON-RPC both ways, parsing, checking,
lowering and running the examples: the same work as `pcr check`.
Figures: median and 90th percentile of the edits (target: median <= 100 ms); the server's CPU time
per edit (from /proc, Linux: what the edit costs whatever else the machine runs); and, in this
process, the time of a first analysis (nothing cached) for comparison. The load average is recorded:
on a shared machine wall-clock times grow with it.
Run: python bench/lsp_latency.py [--edits N] [--lines N]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from _common import REPO, child_env, ms, print_table, target, write_results


async def _measure(text: str, path: str, edits: int) -> list[float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    client = LanguageClient("bench", "1")
    arrived = asyncio.Event()
    got: dict = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params):
        got["diagnostics"] = params.diagnostics
        arrived.set()

    await client.start_io(sys.executable, "-m", "pcrlang", "lsp", cwd=REPO, env=child_env())
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    uri = from_fs_path(path)
    arrived.clear()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="pcrlang", version=1, text=text)))
    await asyncio.wait_for(arrived.wait(), 120)
    pid = client._server.pid
    times, cpu = [], []
    marker = "= 0."  # every factor value of the generated text has a decimal point
    first = text.index(marker)
    for k in range(edits):
        edited = text[:first] + f"= 0.{k + 1}" + text[first + len(marker) + 1:]
        if k % 5 == 4:  # now and then the text does not parse as the writer types: `= 0.` (PCR004)
            edited = text[:first] + "= 0. " + text[first + len(marker) + 1:]
        arrived.clear()
        cpu_start = _cpu(pid)
        start = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=k + 2),
            [types.TextDocumentContentChangeWholeDocument(text=edited)]))
        await asyncio.wait_for(arrived.wait(), 120)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu(pid) - cpu_start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, cpu


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used: the server's work, whatever the load."""
    import os
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--lines", type=int, default=2000)
    args = parser.parse_args()
    import os
    import tempfile
    from generate import generate_ruleset
    from pcrlang.lsp.analysis import Analysis

    text = generate_ruleset(args.lines)
    lines = text.count("\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "generated.pcr")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        times, cpu = asyncio.run(_measure(text, path, args.edits))
        alone = []
        for _ in range(5):
            start = time.perf_counter()
            Analysis(text, path)  # no incremental parser: everything parsed
            alone.append(time.perf_counter() - start)
    median = statistics.median(times)
    p90 = sorted(times)[max(0, int(round(0.9 * len(times))) - 1)]
    rows = [
        target(f"edit to diagnostics, median of {len(times)} ({lines} lines)", median, ms(median), "<= 100 ms",
               median <= 0.100),
        target("edit to diagnostics, 90th percentile", p90, ms(p90), "-", None),
        target("server CPU time per edit, median", statistics.median(cpu), ms(statistics.median(cpu)), "-", None),
        target("first analysis in-process (all parsed), best of 5", min(alone), ms(min(alone)), "-", None),
    ]
    print_table("pcr lsp: diagnostics after an edit", rows)
    write_results("lsp_latency", rows, {"lines": lines, "edits_s": times, "server_cpu_s": cpu, "analysis_s": alone,
                                        "load_average": os.getloadavg()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
