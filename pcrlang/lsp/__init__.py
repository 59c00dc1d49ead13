"""`pcr lsp`: the language server for editors, over standard input and output.

One module per feature: analysis (the compilation and the index of names), hover, completion,
symbols (the outline), words (keywords from the grammar); server wires them to the protocol
(diagnostics, definition, references, rename and formatting are there). Needs the `lsp` extra (pygls)."""
from __future__ import annotations

import sys


def command(args) -> int:
    try:
        from .server import server
    except ImportError as error:
        sys.stderr.write(f"pcr lsp needs pygls ({error.name} is not installed): pip install 'pcrlang[lsp]'\n")
        return 1
    server.start_io()
    return 0
