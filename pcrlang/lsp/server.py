"""The language server (pygls): each feature's logic lives in its own module of this package;
here it is wired to the protocol. Positions: the compiler counts characters from 1, the client
(by default) UTF-16 code units from 0; pygls's position codec converts between them."""
from __future__ import annotations

import asyncio
import os
import re
from typing import Optional
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from .. import __version__
from ..diagnostics import ERROR, WARNING, help_of, locale_language, message_of, title_of
from . import completion, hover, symbols
from .analysis import Analysis
from .incremental import IncrementalParser
from .words import KEYWORDS

SEVERITY = {ERROR: types.DiagnosticSeverity.Error, WARNING: types.DiagnosticSeverity.Warning}
SYMBOL_KIND = {
    "ruleset": types.SymbolKind.Module, "library": types.SymbolKind.Module, "import": types.SymbolKind.File,
    "boundary": types.SymbolKind.Namespace, "stage": types.SymbolKind.Namespace, "process": types.SymbolKind.Class,
    "exclusion": types.SymbolKind.Null, "input": types.SymbolKind.Variable, "rowsinput": types.SymbolKind.Struct,
    "column": types.SymbolKind.Field, "factor": types.SymbolKind.Constant, "datedfactor": types.SymbolKind.Constant,
    "table": types.SymbolKind.Array, "keyset": types.SymbolKind.Enum, "key": types.SymbolKind.EnumMember,
    "quantity": types.SymbolKind.Function, "emission": types.SymbolKind.Event, "removal": types.SymbolKind.Event,
    "offset": types.SymbolKind.Event, "example": types.SymbolKind.Method,
}
COMPLETION_KIND = {"unit": types.CompletionItemKind.Unit, "gas": types.CompletionItemKind.Value,
                   "keyword": types.CompletionItemKind.Keyword, "phase": types.CompletionItemKind.EnumMember,
                   "factor": types.CompletionItemKind.Constant, "quantity": types.CompletionItemKind.Function,
                   "key set": types.CompletionItemKind.Enum, "table": types.CompletionItemKind.Struct}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def path_of(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return os.path.normpath(unquote(parsed.path))
    return uri  # an unsaved buffer: imports resolve against the working directory


class PcrServer(LanguageServer):
    def __init__(self):
        super().__init__("pcrlang", __version__)
        self.analyses: dict[str, Analysis] = {}
        self.parsers: dict[str, IncrementalParser] = {}
        self.lang = locale_language()  # of the diagnostics: the client's `initialize` locale, else the process's

    def analyse(self, uri: str) -> Analysis:
        doc = self.workspace.get_text_document(uri)
        found = self.analyses.get(uri)
        if found is None or found.text != doc.source:
            parser = self.parsers.setdefault(uri, IncrementalParser())
            found = Analysis(doc.source, path_of(uri), parser=parser)
            self.analyses[uri] = found
        return found

    # positions ---------------------------------------------------------------------------------
    def to_range(self, uri_or_lines, span) -> types.Range:
        lines = uri_or_lines
        server = types.Range(types.Position(max(0, span.line - 1), max(0, span.column - 1)),
                             types.Position(max(0, span.end_line - 1), max(0, span.end_column - 1)))
        return self.workspace.position_codec.range_to_client_units(lines, server)

    def lines_of(self, analysis: Analysis, path: str) -> list[str]:
        text = analysis.texts.get(path, "")
        return text.splitlines(keepends=True) or [""]

    def location(self, uri: str, analysis: Analysis, span) -> types.Location:
        target = uri if span.file == analysis.path else from_fs_path(span.file)
        return types.Location(target, self.to_range(self.lines_of(analysis, span.file), span))

    def server_position(self, uri: str, position: types.Position) -> tuple[int, int]:
        doc = self.workspace.get_text_document(uri)
        p = self.workspace.position_codec.position_from_client_units(doc.lines, position)
        return p.line + 1, p.character + 1


server = PcrServer()


def publish(ls: PcrServer, uri: str) -> None:
    analysis = ls.analyse(uri)
    lines = ls.lines_of(analysis, analysis.path)
    imports = {resolved: node for node, resolved in analysis.imports}
    out = []
    for d in analysis.compilation.diagnostics:
        lang = ls.lang
        title, help_text = title_of(d.code, lang), help_of(d, lang)
        message = (f"{message_of(d, lang)}\n{title}；帮助：{help_text}" if lang == "zh"
                   else f"{message_of(d, lang)}\n{title}; help: {help_text}")
        if d.span.file == analysis.path:
            span = d.span
        else:  # in an imported file: shown on the import, naming the place
            node = imports.get(os.path.normpath(d.span.file))
            span = node.span if node is not None else d.span._replace(file=analysis.path, line=1, column=1,
                                                                      end_line=1, end_column=1)
            message = f"{d.span.file}:{d.span.line}:{d.span.column}: {message}"
        out.append(types.Diagnostic(
            range=ls.to_range(lines, span), message=message, code=d.code, source="pcrlang",
            severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Information)))
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=out))


@server.feature(types.INITIALIZE)
def initialize(ls: PcrServer, params: types.InitializeParams):
    """Diagnostics in Chinese when the client's locale is Chinese (`zh-CN`, `zh-TW`, ...)."""
    if params.locale:
        ls.lang = "zh" if params.locale.lower().startswith("zh") else "en"


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PcrServer, params: types.DidOpenTextDocumentParams):
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: PcrServer, params: types.DidChangeTextDocumentParams):
    # Edits that arrive while one is analysed are coalesced: the server lets the messages already
    # read run first, and an edit that a later one replaced publishes nothing (the later one does).
    uri, version = params.text_document.uri, params.text_document.version
    await asyncio.sleep(0)
    if version is not None and ls.workspace.get_text_document(uri).version not in (None, version):
        return
    publish(ls, uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PcrServer, params: types.DidSaveTextDocumentParams):
    ls.analyses.clear()  # an imported file may have changed on disk
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PcrServer, params: types.DidCloseTextDocumentParams):
    ls.analyses.pop(params.text_document.uri, None)
    ls.parsers.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PcrServer, params: types.HoverParams) -> Optional[types.Hover]:
    uri = params.text_document.uri
    analysis = ls.analyse(uri)
    line, column = ls.server_position(uri, params.position)
    occurrence = analysis.occurrence_at(line, column)
    if occurrence is None:
        return None
    symbol = analysis.symbol_of(occurrence)
    if symbol is None:
        return None
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, hover.hover_markdown(analysis, symbol)),
                       range=ls.to_range(ls.lines_of(analysis, analysis.path), occurrence.span))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: PcrServer, params: types.DefinitionParams):
    uri = params.text_document.uri
    analysis = ls.analyse(uri)
    line, column = ls.server_position(uri, params.position)
    occurrence = analysis.occurrence_at(line, column)
    if occurrence is not None:
        symbol = analysis.symbol_of(occurrence)
        if symbol is not None:
            return ls.location(uri, analysis, symbol.name_span)
    imported = analysis.import_at(line, column)
    if imported is not None and os.path.isfile(imported):
        return types.Location(from_fs_path(imported), types.Range(types.Position(0, 0), types.Position(0, 0)))
    return None


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[".", ":", " "]))
def on_completion(ls: PcrServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    line, column = ls.server_position(uri, params.position)
    line_text = doc.lines[line - 1][:column - 1] if line - 1 < len(doc.lines) else ""
    analysis = ls.analyses.get(uri) or ls.analyse(uri)  # the last analysis: completion must be fast
    items = [types.CompletionItem(label=label, kind=COMPLETION_KIND.get(kind, types.CompletionItemKind.Variable),
                                  detail=detail)
             for label, kind, detail in completion.candidates(analysis, line_text)]
    return types.CompletionList(is_incomplete=False, items=items)


def _symbol_at(ls: PcrServer, uri: str, position: types.Position):
    analysis = ls.analyse(uri)
    line, column = ls.server_position(uri, position)
    occurrence = analysis.occurrence_at(line, column)
    symbol = analysis.symbol_of(occurrence) if occurrence is not None else None
    return analysis, occurrence, symbol


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def on_prepare_rename(ls: PcrServer, params: types.PrepareRenameParams):
    analysis, occurrence, symbol = _symbol_at(ls, params.text_document.uri, params.position)
    if symbol is None:
        return None
    return ls.to_range(ls.lines_of(analysis, analysis.path), occurrence.span)


@server.feature(types.TEXT_DOCUMENT_RENAME)
def on_rename(ls: PcrServer, params: types.RenameParams) -> Optional[types.WorkspaceEdit]:
    uri = params.text_document.uri
    analysis, occurrence, symbol = _symbol_at(ls, uri, params.position)
    if symbol is None:
        return None
    new = params.new_name
    if not NAME.match(new):
        raise JsonRpcInvalidParams(f"`{new}` is not a name: a letter or _ then letters, digits or _")
    if new in analysis.symbols and new != symbol.name:
        raise JsonRpcInvalidParams(f"`{new}` is already declared")
    changes: dict[str, list[types.TextEdit]] = {}
    for o in analysis.references(symbol):
        target = uri if o.span.file == analysis.path else from_fs_path(o.span.file)
        changes.setdefault(target, []).append(
            types.TextEdit(ls.to_range(ls.lines_of(analysis, o.span.file), o.span), new))
    return types.WorkspaceEdit(changes=changes)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def on_references(ls: PcrServer, params: types.ReferenceParams) -> list[types.Location]:
    uri = params.text_document.uri
    analysis, occurrence, symbol = _symbol_at(ls, uri, params.position)
    if symbol is None:
        return []
    return [ls.location(uri, analysis, o.span) for o in analysis.references(symbol)
            if params.context.include_declaration or o.span != symbol.name_span]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_document_symbol(ls: PcrServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    analysis = ls.analyse(params.text_document.uri)
    lines = ls.lines_of(analysis, analysis.path)

    def convert(entry) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=entry["name"] or "(unnamed)", detail=entry["kind"],
            kind=SYMBOL_KIND.get(entry["kind"], types.SymbolKind.Object),
            range=ls.to_range(lines, entry["span"]), selection_range=ls.to_range(lines, entry["selection"]),
            children=[convert(c) for c in entry["children"]])
    return [convert(e) for e in symbols.outline(analysis.module, analysis.path, [node for node, _ in analysis.imports])]


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def on_formatting(ls: PcrServer, params: types.DocumentFormattingParams):
    from ..fmt import NotFormatted, format_text
    doc = ls.workspace.get_text_document(params.text_document.uri)
    try:
        new = format_text(doc.source, path_of(params.text_document.uri))
    except NotFormatted:
        return None  # the diagnostics already show the syntax errors
    if new == doc.source:
        return []
    end = types.Position(len(doc.lines), 0)
    return [types.TextEdit(types.Range(types.Position(0, 0), end), new)]


__all__ = ["server", "KEYWORDS"]
