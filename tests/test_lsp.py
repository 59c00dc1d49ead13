"""`pcr lsp` driven by an LSP client (pygls's LanguageClient) over the standard input and output
of a `python -m pcrlang lsp` process, as an editor drives it."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LIB = """\
library "TEST-LIB" version "1.0.0" {
  title zh "测试库" en "A test library"
}
factor lib_ef: kgCO2/t = 2.5 source "A test source, table 1" zh "库因子" en "Library factor"
"""

RULE = """\
import "lib.pcr"
ruleset "TEST-LSP" version "1.0.0" {
  status draft
  title zh "测试" en "Test"
  gwp AR6
  declared_unit 1 t zh "1 吨" en "one tonne"
  production product
}

boundary gate_to_gate {
  stage production: production zh "生产" en "Production" {
    process kiln zh "窑" en "Kiln"
  }
}

input product: t in (0, 1e9] primary zh "产量" en "Output"
input coal: t in [0, 1e9] primary zh "燃煤" en "Coal burnt"

quantity burnt: t = coal

emission kiln_coal in production.kiln, gas CO2, fossil zh "燃煤" en "Coal" = burnt * lib_ef
"""


class Session:
    """A client connected to a running `pcr lsp`, collecting published diagnostics."""

    def __init__(self):
        self.client = LanguageClient("pcrlang-test", "1")
        self.diagnostics: dict[str, list] = {}
        self.published = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams):
            self.diagnostics[params.uri] = params.diagnostics
            self.published.set()

    async def start(self, root: str, locale: str | None = None):
        await self.client.start_io(sys.executable, "-m", "pcrlang", "lsp", cwd=ROOT)
        result = await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=from_fs_path(root), locale=locale))
        self.client.initialized(types.InitializedParams())
        return result

    async def open(self, path: str, text: str) -> list:
        uri = from_fs_path(path)
        self.published.clear()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="pcrlang", version=1, text=text)))
        await asyncio.wait_for(self.published.wait(), 60)
        return self.diagnostics[uri]

    async def change(self, path: str, text: str, version: int) -> list:
        uri = from_fs_path(path)
        self.published.clear()
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))
        await asyncio.wait_for(self.published.wait(), 60)
        return self.diagnostics[uri]

    async def stop(self):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def run(scenario):
    async def main():
        session = Session()
        try:
            await scenario(session)
        finally:
            await session.stop()
    asyncio.run(main())


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 1) -> types.Position:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return types.Position(line, index - (text.rfind("\n", 0, index) + 1))


@pytest.fixture
def files(tmp_path):
    (tmp_path / "lib.pcr").write_text(LIB, encoding="utf-8")
    rule = tmp_path / "rule.pcr"
    rule.write_text(RULE, encoding="utf-8")
    return tmp_path, str(rule)


def test_lsp_features_end_to_end(files):
    root, rule = files
    uri = from_fs_path(rule)
    doc = types.TextDocumentIdentifier(uri=uri)

    async def scenario(s: Session):
        init = await s.start(str(root))
        caps = init.capabilities
        assert caps.hover_provider and caps.definition_provider and caps.rename_provider
        assert caps.document_symbol_provider and caps.completion_provider and caps.document_formatting_provider

        # diagnostics: a clean file has none that are errors
        diagnostics = await s.open(rule, RULE)
        assert [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error] == []

        # as the writer types: a misspelt name, a wrong unit and a dimension error, all reported,
        # with the codes, spans and help of `pcr check`
        broken = RULE.replace("quantity burnt: t = coal", "quantity burnt: t = coal_x") \
                     .replace("input coal: t in", "input coal: tonnes in")
        diagnostics = await s.change(rule, broken, 2)
        (tmp := root / "broken.pcr").write_text(broken, encoding="utf-8")
        check = subprocess.run([sys.executable, "-m", "pcrlang", "check", "--format", "json", str(tmp)],
                               capture_output=True, text=True, cwd=ROOT)
        expected = json.loads(check.stdout)["files"][0]["diagnostics"]
        assert len(expected) >= 2
        got = [(d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.character + 1)
               for d in diagnostics]
        assert got == [(e["code"], e["span"]["line"], e["span"]["column"], e["span"]["end_column"]) for e in expected]
        for d, e in zip(diagnostics, expected):
            assert e["message"] in d.message and e["help"] in d.message
        assert {"PCR201", "PCR301"} <= {d.code for d in diagnostics}
        # the misspelt name: line 19 (1-based), from its first letter to its end (hand count)
        unknown = next(d for d in diagnostics if d.code == "PCR201")
        assert (unknown.range.start.line, unknown.range.start.character, unknown.range.end.character) == (18, 20, 26)

        # fixed again
        diagnostics = await s.change(rule, RULE, 3)
        assert not [d for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]

        # hover on a use of an imported factor: its kind, unit, dimension, value, source, texts
        h = await s.client.text_document_hover_async(types.HoverParams(doc, position_of(RULE, "lib_ef", 2)))
        text = h.contents.value
        assert "**factor** `lib_ef`" in text and "`kgCO2/t`" in text and "`2.5`" in text
        assert "A test source, table 1" in text and "库因子" in text and "lib.pcr" in text
        assert "clause: B." in text  # factors are numbered in annex B
        # hover on an input: its unit and its dimension
        h = await s.client.text_document_hover_async(types.HoverParams(doc, position_of(RULE, "coal", 1, 2)))
        assert "**input** `coal`" in h.contents.value and "`t`" in h.contents.value and "mass" in h.contents.value
        assert "clause: 6.1." in h.contents.value

        # definition: a quantity in this file, a factor across the import, the imported file itself
        d = await s.client.text_document_definition_async(types.DefinitionParams(doc, position_of(RULE, "burnt *", 1)))
        assert d.uri == uri and d.range.start == position_of(RULE, "burnt: t")
        d = await s.client.text_document_definition_async(types.DefinitionParams(doc, position_of(RULE, "lib_ef", 1)))
        assert d.uri == from_fs_path(str(root / "lib.pcr")) and d.range.start == position_of(LIB, "lib_ef")
        d = await s.client.text_document_definition_async(types.DefinitionParams(doc, position_of(RULE, "lib.pcr", 1)))
        assert d.uri == from_fs_path(str(root / "lib.pcr"))
        # a process after its stage
        d = await s.client.text_document_definition_async(types.DefinitionParams(doc, position_of(RULE, "kiln,", 1)))
        assert d.range.start == position_of(RULE, "kiln zh")

        # completion: names, units, gases, phases and keywords derived from the grammar
        c = await s.client.text_document_completion_async(types.CompletionParams(doc, position_of(RULE, "burnt * lib_ef", 8)))
        labels = {i.label for i in c.items}
        assert {"coal", "burnt", "lib_ef", "product", "quantity", "emission", "kgCO2e", "CO2", "production"} <= labels
        assert {"biogenic_carbon_content", "data_quality", "weighted"} <= labels  # keywords of the grammar
        c = await s.client.text_document_completion_async(types.CompletionParams(doc, position_of(RULE, "CO2, fossil")))
        labels = {i.label for i in c.items}
        assert "CO2" in labels and "CH4_fossil" in labels and "coal" not in labels  # after `gas`: gases only

        # rename: the declaration and every use, in this file
        edit = await s.client.text_document_rename_async(types.RenameParams(doc, position_of(RULE, "coal", 1, 2), "fuel"))
        edits = edit.changes[uri]
        starts = sorted((e.range.start.line, e.range.start.character) for e in edits)
        assert starts == [(p.line, p.character) for p in (position_of(RULE, "coal: t"), position_of(RULE, "= coal", 2))]
        assert all(e.new_text == "fuel" for e in edits)
        # renaming the imported factor edits the library too
        edit = await s.client.text_document_rename_async(types.RenameParams(doc, position_of(RULE, "lib_ef", 1), "ef"))
        assert set(edit.changes) == {uri, from_fs_path(str(root / "lib.pcr"))}

        # references: the declaration (when asked for) and the uses
        refs = await s.client.text_document_references_async(types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=False), text_document=doc,
            position=position_of(RULE, "coal: t")))
        assert [(r.range.start.line, r.range.start.character) for r in refs] == [
            (p.line, p.character) for p in (position_of(RULE, "= coal", 2),)]

        # outline
        outline = await s.client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
        names = [o.name for o in outline]
        assert names == ["lib.pcr", "TEST-LSP", "gate_to_gate", "product", "coal", "burnt", "kiln_coal"]
        boundary = outline[2]
        assert boundary.children[0].name == "production" and boundary.children[0].children[0].name == "kiln"

        # formatting: the same as `pcr fmt`
        from pcrlang.fmt import format_text
        messy = RULE.replace("input coal: t in", "input   coal :t  in")
        assert format_text(messy) == RULE
        await s.change(rule, messy, 4)
        f = await s.client.text_document_formatting_async(types.DocumentFormattingParams(
            doc, types.FormattingOptions(tab_size=2, insert_spaces=True)))
        assert f[0].new_text == RULE

    run(scenario)


def test_lsp_syntax_errors_every_one_and_an_error_in_an_import(files):
    root, rule = files

    async def scenario(s: Session):
        await s.start(str(root))
        broken = RULE.replace("input coal: t in", "input coal t in").replace("quantity burnt: t = coal", "quantity burnt: t = ")
        diagnostics = await s.open(rule, broken)
        assert [d.code for d in diagnostics if d.severity == types.DiagnosticSeverity.Error][:2] == ["PCR001", "PCR001"]
        (root / "lib.pcr").write_text(LIB.replace("kgCO2/t", "kgCO2/tonnes"), encoding="utf-8")
        s.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(from_fs_path(rule))))
        s.published.clear()
        diagnostics = await s.change(rule, RULE, 2)
        in_lib = [d for d in diagnostics if "lib.pcr:4:" in d.message]
        assert in_lib and in_lib[0].code == "PCR301" and in_lib[0].range.start.line == 0  # shown on the import

    run(scenario)


def test_lsp_diagnostics_in_the_clients_language(files):
    root, rule = files

    async def scenario(s: Session):
        await s.start(str(root), locale="zh-CN")
        diagnostics = await s.open(rule, RULE.replace("burnt * lib_ef", "burnt * lib_eff"))
        (d,) = [d for d in diagnostics if d.code == "PCR201"]
        assert d.message == "未知的名称 `lib_eff`\n未知的名称；帮助：是否想写 `lib_ef`？"

    run(scenario)


def test_pcr_lsp_without_pygls_says_how_to_install(tmp_path):
    # a site directory where `pygls` cannot be imported
    (tmp_path / "pygls").mkdir()
    (tmp_path / "pygls" / "__init__.py").write_text("raise ImportError('no pygls', name='pygls')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path) + os.pathsep + ROOT)
    run_ = subprocess.run([sys.executable, "-m", "pcrlang", "lsp"], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL)
    assert run_.returncode == 1 and "pcrlang[lsp]" in run_.stderr and "Traceback" not in run_.stderr
