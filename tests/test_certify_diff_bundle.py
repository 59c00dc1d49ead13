"""`pcr diff` (the semantic difference of two rule versions and its impact) and `pcr bundle`
(a reproducible certification bundle and its --check)."""
from __future__ import annotations

import json
import shutil

import pytest

from pcrlang.certify import bundle
from pcrlang.certify import diff as diffs
from pcrlang.cli import main
from pcrlang.compiler import compile_file

from helpers import ROOT

CEMENT = ROOT / "tests" / "data" / "cement_v1.pcr"  # the superseded cement rule, frozen as a fixture
ADDED = '''
input kiln_gas: t in [0, 1e6] optional zh "窑用天然气" en "Natural gas in the kiln"
factor gas_ef: kgCO2/t = 2750 source "a test factor" zh "天然气因子" en "Gas factor"
emission kiln_natural_gas in production.kiln, gas CO2, fossil zh "窑用天然气" en "Natural gas burnt in the kiln" =
  kiln_gas * gas_ef
'''


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Cement 1.0.0 and a 1.1.0: the grid factor 0.5366 -> 0.5703, the cumulative cut-off 5 % -> 6 %,
    coal's bound 1e9 -> 2e9 t, a natural gas emission added, one title reworded."""
    tmp = tmp_path_factory.mktemp("versions")
    text = CEMENT.read_text(encoding="utf-8")
    new = (text.replace('version "1.0.0"', 'version "1.1.0"').replace("= 0.5366 source", "= 0.5703 source")
           .replace("total <= 5 % by emissions", "total <= 6 % by emissions")
           .replace("input coal: t in [0, 1e9]", "input coal: t in [0, 2e9]")
           .replace('en "Diesel used in the quarry"', 'en "Diesel burnt in the quarry"'))
    # the examples' expected values follow the new grid factor: 90 000 kWh x 0.0337 / 1 000 t = 3.033 more
    new = new.replace("expect total = 724.9060286", "expect total = 727.9390286")
    new = new.replace("expect stage production = 718.5334286", "expect stage production = 721.5664286")
    new = new.replace("expect gas CO2 = 724.9060286", "expect gas CO2 = 727.9390286")
    new = new.replace("expect kind fossil = 724.9060286", "expect kind fossil = 727.9390286")
    new = new.replace("expect total = 718.5334286", "expect total = 721.5664286")
    new = new.replace("expect total = 727.5054286", "expect total = 730.5384286")
    (tmp / "new.pcr").write_text(new + ADDED, encoding="utf-8")
    old_c, new_c = compile_file(str(CEMENT)), compile_file(str(tmp / "new.pcr"))
    assert new_c.ok, [d.message for d in new_c.diagnostics if d.is_error]
    return old_c, new_c, tmp / "new.pcr"


def test_diff_by_clause(versions):
    old, new, _ = versions
    changes = {(c["part"], c["name"]): c for c in diffs.semantic_diff(old.ruleset, new.ruleset)}
    grid = changes[("factors", "grid_2022")]
    assert grid["change"] == "changed" and grid["clause"] == {"old": "B.6", "new": "B.6"}
    assert grid["fields"] == [{"field": "value", "old": "0.5366 kgCO2/kWh", "new": "0.5703 kgCO2/kWh"}]
    assert changes[("cutoff", "cutoff")]["fields"] == [{"field": "total", "old": ["<= 5 % by emissions"],
                                                        "new": ["<= 6 % by emissions"]}]
    assert changes[("inputs", "coal")]["fields"] == [{"field": "bounds", "old": "[0, 1000000000]",
                                                      "new": "[0, 2000000000]"}]
    added = changes[("contributions", "kiln_natural_gas")]
    assert added["change"] == "added" and {"field": "formula", "old": None, "new": "kiln_gas * gas_ef"} in added["fields"]
    assert changes[("inputs", "kiln_gas")]["change"] == "added"
    assert changes[("factors", "gas_ef")]["fields"][1] == {"field": "value", "old": None, "new": "2750 kgCO2/t"}
    assert changes[("inputs", "quarry_diesel")]["change"] == "text"  # a reworded title: no semantic change
    assert ("formulas", "calcination") not in changes


def test_impact_on_the_old_suite(versions):
    old, new, _ = versions
    report = diffs.diff(old, new, random=20)
    i = report["impact"]
    assert not report["same_semantics"]
    # every case with electricity changes by 0.0337 kg/kWh x electricity / cement output, none falls
    assert i["most_changed"] and all(r["relative"] > 0 for r in i["most_changed"])
    assert i["total_change"]["min"] == 0 and i["total_change"]["max"] > 0
    rows = {r["id"]: r for r in diffs.impact((old.ruleset, old.fingerprint), (new.ruleset, new.fingerprint),
                                              [("example/1", {"cement_output": 1000, "clinker_output": 800,
                                                              "cao_content": 0.65, "mgo_content": 0.02, "coal": 100,
                                                              "electricity": 90000, "quarry_diesel": 2})])["most_changed"]}
    assert rows["example/1"]["change"] == pytest.approx(3.033, rel=1e-12)
    # coal at 1e9 + 1 000 t: refused by 1.0.0 (out of bounds), computed by 1.1.0
    assert any(r["id"] == "bounds/coal/upper/outside" and r["old"] == {"error": "out_of_bounds", "field": "coal"}
               for r in i["outcome_changed"])
    # 5 % exactly at the old threshold passes under both; just above 5 % now passes too
    assert any(r["id"] == "cutoff/total/1/above" and r["verdicts"] == {"cutoff": [False, True]}
               for r in i["verdicts_changed"])
    text = diffs.text(report)
    assert "[B.6] factors `grid_2022` changed" in text and "0.5366 kgCO2/kWh -> 0.5703 kgCO2/kWh" in text
    assert "impact on" in text


def test_pcr_diff_command(versions, capsys):
    _, _, path = versions
    assert main(["diff", str(CEMENT), str(path), "--random", "5"]) == 0
    out = capsys.readouterr().out
    assert "PCRLANG-CEMENT-001 1.0.0 -> PCRLANG-CEMENT-001 1.1.0" in out and "semantic changes" in out
    assert main(["diff", str(CEMENT), str(path), "--random", "5", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pcrlang_diff"] == 1 and data["impact"]["suite"]["cases"] > 0
    assert main(["diff", str(CEMENT), str(CEMENT), "--random", "2"]) == 0
    assert "same semantics" in capsys.readouterr().out


def test_bundle_is_reproducible_and_checks(tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    copper = ROOT / "rulesets" / "copper.pcr"
    assert main(["bundle", str(copper), "-o", str(first), "--random", "10"]) == 0
    assert main(["bundle", str(copper), "-o", str(second), "--random", "10"]) == 0
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    c = compile_file(str(copper))
    assert manifest["fingerprint"] == c.fingerprint and manifest["publication_fingerprint"] == c.publication_fingerprint
    assert manifest["entry"] == "sources/copper.pcr"
    assert set(manifest["files"]) == {"sources/copper.pcr", "sources/stdlib/cn_grid.pcr", "ir.json", "schema.json",
                                      "calculator.py", "suite/suite.json", "doc/zh/index.md", "doc/zh/boundary.svg",
                                      "doc/zh/standard.html", "doc/en/index.md", "doc/en/boundary.svg",
                                      "doc/en/standard.html"}
    capsys.readouterr()
    assert main(["bundle", "--check", str(first)]) == 0
    out = capsys.readouterr()
    assert "bundle OK" in out.out and "byte-identical" in out.err and "cases pass on the bundled calculator" in out.err
    # a changed document, a stray file, a changed source: each found
    broken = tmp_path / "broken"
    shutil.copytree(first, broken)
    (broken / "doc" / "en" / "index.md").write_text("edited by hand\n", encoding="utf-8")
    (broken / "notes.txt").write_text("a stray file\n", encoding="utf-8")
    assert main(["bundle", "--check", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "doc/en/index.md: its sha256 differs from the manifest's" in err
    assert "doc/en/index.md: rebuilt from the sources, it is not byte-identical" in err
    assert "notes.txt: not listed in the manifest" in err
    source = broken / "sources" / "copper.pcr"
    source.write_text(source.read_text(encoding="utf-8").replace("= 48.0 source", "= 48.1 source"), encoding="utf-8")
    assert main(["bundle", "--check", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "the sources have the fingerprint" in err or "does not compile" in err


def test_bundle_refuses_bad_arguments_with_a_message(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x", encoding="utf-8")
    assert main(["bundle", str(CEMENT), "-o", str(tmp_path / "full")]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert main(["bundle", "--check", str(tmp_path / "nothing")]) == 2
    assert "is it a bundle made by `pcr bundle`?" in capsys.readouterr().err
    assert main(["bundle"]) == 2
    assert "give RULESET -o DIR" in capsys.readouterr().err


def test_sources_keep_their_folders():
    c = compile_file(str(ROOT / "rulesets" / "lime.pcr"))
    texts, entry = bundle.sources_of(c)
    assert entry == "lime.pcr" and all(not p.startswith("..") for p in texts)
    assert set(texts) == {"lime.pcr", "stdlib/cn_grid.pcr", "stdlib/ipcc_fuels.pcr", "stdlib/carbonates.pcr",
                          "stdlib/freight.pcr"}
