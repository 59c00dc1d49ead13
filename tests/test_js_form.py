"""The data-entry page (`pcr form`) in headless Chromium, driven as a person would use it: typing
into the fields, ticking a cut-off, adding and removing rows of a table, switching the language.
Its total, breakdowns, verdicts and refusals must be the interpreter's; it makes no request but
for itself; hostile rule text stays text. Screenshots are kept in $PCRLANG_ARTIFACTS (or the test's
tmp_path). Needs chromium (skipped without it) and, for the Chinese page, a CJK font."""
from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from pcrlang.backends.js.form import form
from pcrlang.compiler import compile_file
from pcrlang.interpret import CalculationError, calculate, to_json_numbers
from pcrlang.semantics import errors

import test_period
import test_provenance
import test_rows
import test_transport
from cdp import Browser, Page
from helpers import RULESETS, ROOT, compile_body
from test_document_browser import artifacts
from test_js_calculator import HOSTILE

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
CEMENT = {"cement_output": "1000", "clinker_output": "800", "cao_content": "0.65", "mgo_content": "0.02",
          "coal": "100", "electricity": "90000", "quarry_diesel": "2"}


SCREENSHOTS = {"steel_bof", "lithium_ion_battery"}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def page_of(browser, compilation, directory: Path, lang: str = "en", name: str = "form", inputs=None) -> Page:
    path = directory / f"{name}.html"
    path.write_text(form(compilation.ruleset, compilation.fingerprint, lang), encoding="utf-8")
    url = path.as_uri() + ("#inputs=" + urllib.parse.quote(json.dumps(inputs)) if inputs is not None else "")
    return Page(browser, url)


def interpreter(compilation, inputs: dict, lang: str = "en"):
    errors.set_language(lang)
    try:
        return to_json_numbers(calculate(compilation.ruleset, inputs, compilation.fingerprint))
    except CalculationError as error:
        return error.as_dict()
    finally:
        errors.set_language("en")


def shown(page: Page) -> dict:
    """What the result panel shows: the state, the total, each breakdown by key, the refusal."""
    return page.evaluate("""(() => {
      const out = { state: document.body.dataset.state };
      const total = document.getElementById('total');
      if (total) out.total = Number(total.dataset.value);
      for (const s of document.querySelectorAll('[data-section]')) {
        const rows = {};
        for (const tr of s.querySelectorAll('tr[data-key]')) {
          rows[tr.dataset.key] = [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.dataset.value));
        }
        out[s.dataset.section] = rows;
        const pass = s.querySelector('p [data-pass]');
        if (pass) out[s.dataset.section + '_pass'] = pass.dataset.pass === 'true';
      }
      const refusal = document.querySelector('.refusal[data-code]');
      if (refusal) out.refusal = { code: refusal.dataset.code, message: refusal.querySelector('.message').textContent,
        clause: (refusal.querySelector('.clause') || {}).textContent || null };
      out.problems = [...document.querySelectorAll('.field.problem')].map((f) => f.dataset.input);
      return out;
    })()""")


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)


def test_typing_the_example_gives_the_interpreter_s_result(browser, tmp_path):
    c = compile_file(str(ROOT / "tests" / "data" / "cement_v1.pcr"))
    page = page_of(browser, c, tmp_path)
    assert shown(page)["refusal"]["code"] == "missing_input"  # an empty form: the first required input
    for name, text in CEMENT.items():
        page.type_into(f"#in-{name}", text)
    inputs = {k: json.loads(v) for k, v in CEMENT.items()}
    expected = interpreter(c, inputs)
    seen = shown(page)
    assert seen["state"] == "result" and close(seen["total"], expected["total"])
    assert {k: v[0] for k, v in seen["by_stage"].items()} == pytest.approx(expected["by_stage"], rel=1e-12)
    assert {k: v[0] for k, v in seen["by_process"].items()} == pytest.approx(expected["by_process"], rel=1e-12)
    assert seen["by_gas"]["CO2"] == pytest.approx([expected["by_gas"]["CO2"]["mass_kg"], expected["by_gas"]["CO2"]["co2e_kg"]])
    assert set(seen["defaults_used"]) == {"coal_ncv"} and seen["cutoff_pass"] is True
    # the inputs the page sent are the JSON a file would hold
    assert json.loads(page.evaluate("document.getElementById('inputs-json').textContent")) == inputs
    # a cut-off: tick the box; the estimate's share is judged exactly as the interpreter judges it
    page.click("[data-cut='quarry_diesel']")
    cut = interpreter(c, dict(inputs, quarry_diesel={"cut_off": 2}))
    seen = shown(page)
    assert close(seen["total"], cut["total"]) and seen["cutoff_pass"] is cut["cutoff"]["pass"] is True
    assert seen["cutoff"]["quarry_diesel"] == pytest.approx([2.0])
    page.type_into("#in-quarry_diesel", "10")  # 10 t of 1 000 t is not below 1 %
    assert shown(page)["cutoff_pass"] is interpreter(c, dict(inputs, quarry_diesel={"cut_off": 10}))["cutoff"]["pass"] is False
    page.screenshot(artifacts(tmp_path) / "cement-form-en.png")
    assert page.requests() == [page.evaluate("location.href").split("#")[0]]  # nothing but the page itself


def test_refusals_show_the_code_the_message_and_the_clause_in_both_languages(browser, tmp_path):
    c = compile_file(str(ROOT / "tests" / "data" / "cement_v1.pcr"))
    inputs = {k: json.loads(v) for k, v in CEMENT.items()}
    page = page_of(browser, c, tmp_path, inputs=inputs)
    assert shown(page)["state"] == "result"
    for text, value in [("abc", "abc"), ("-1", -1), ("2e9", 2e9), ("1e400", None), ("1000000000000000000001", 10**21)]:
        page.type_into("#in-coal", text)
        seen = shown(page)["refusal"]
        expected = interpreter(c, dict(inputs, coal=value if value is not None else float("inf")))["error"]
        assert seen == {"code": expected["code"], "message": expected["message"], "clause": expected["clause"]}
        assert shown(page)["problems"] == ["coal"]
    page.click("[data-lang-switch='zh']")
    seen = shown(page)["refusal"]
    assert seen["message"] == interpreter(c, dict(inputs, coal=10**21), "zh")["error"]["message"]
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert page.evaluate("getComputedStyle(document.querySelector('h1 [lang=en]')).display") == "none"
    page.type_into("#in-coal", "100")
    assert shown(page)["state"] == "result"
    page.screenshot(artifacts(tmp_path) / "cement-form-zh.png")


def test_rows_can_be_added_filled_cut_off_and_removed(browser, tmp_path):
    c = compile_body(test_rows.BOM)
    page = page_of(browser, c, tmp_path, name="rows")
    page.type_into("#in-output", "100")
    page.type_into("#in-fuel", "1")
    cell = lambda k, column: f"[data-path='materials[{k}].{column}']"  # noqa: E731
    page.type_into(cell(0, "name"), "steel")
    page.type_into(cell(0, "mass"), "50")
    page.type_into(cell(0, "footprint"), "2")
    page.choose(cell(0, "data"), "primary")
    page.click("[data-input='materials'] button.add")
    page.type_into(cell(1, "name"), "aluminium")
    page.type_into(cell(1, "mass"), "5")
    page.type_into(cell(1, "footprint"), "8")
    expected = interpreter(c, {"output": 100, "fuel": 1, "materials": test_rows.TWO})
    seen = shown(page)
    assert close(seen["total"], expected["total"]) and expected["total"] == pytest.approx(1430)
    assert [k for k in seen["top"]] == list(dict.fromkeys(t["contribution"] for t in expected["top_contributors"]))
    # the same key twice: refused, naming the table's row
    page.type_into(cell(1, "name"), "steel")
    seen = shown(page)
    assert seen["refusal"]["code"] == "duplicate_row" and seen["problems"] == ["materials"]
    assert page.evaluate("document.querySelector('tr.problem').dataset.row") == "1"
    # a third row, cut off, then removed
    page.type_into(cell(1, "name"), "aluminium")
    page.click("[data-input='materials'] button.add")
    page.type_into(cell(2, "name"), "copper")
    page.type_into(cell(2, "mass"), "0.5")
    page.type_into(cell(2, "footprint"), "4")
    page.click(f"tr[data-row='2'] [data-cut='mass']")
    rows = test_rows.TWO + [{"name": "copper", "mass": {"cut_off": 0.5}, "footprint": 4}]
    expected = interpreter(c, {"output": 100, "fuel": 1, "materials": rows})
    seen = shown(page)
    assert close(seen["total"], expected["total"]) and seen["cutoff_pass"] is expected["cutoff"]["pass"]
    assert list(seen["cutoff"]) == ["materials[2].mass"]
    page.screenshot(artifacts(tmp_path) / "rows-form-en.png")
    page.click("tr[data-row='2'] button.remove")
    assert close(shown(page)["total"], 1430)


def test_the_reference_period_is_picked_as_dates(browser, tmp_path):
    """Two date fields give the period: the factor in force is the interpreter's, a period that is
    not twelve months is refused naming the end field, the period is shown."""
    c = compile_body(test_period.BODY, test_period.PERIOD_HEADER)
    page = page_of(browser, c, tmp_path, name="period")
    assert page.evaluate("document.getElementById('in-period_start').type") == "date"
    page.type_into("#in-output", "1")
    page.type_into("#in-electricity", "1000")
    assert shown(page)["refusal"]["code"] == "missing_input"
    page.choose("#in-period_start", "2023-01-01")
    page.choose("#in-period_end", "2023-12-31")
    seen = shown(page)
    # 1 000 kWh x 0.5306 kg/kWh, the 2023 value (test_period's rule)
    assert seen["state"] == "result" and close(seen["total"], interpreter(c, test_period.inputs("2023-01-01", "2023-12-31"))["total"])
    assert seen["total"] == pytest.approx(530.6)
    assert page.evaluate("[document.getElementById('reference-period').dataset.start, "
                         "document.getElementById('reference-period').dataset.end]") == ["2023-01-01", "2023-12-31"]
    page.choose("#in-period_end", "2023-06-30")
    expected = interpreter(c, test_period.inputs("2023-01-01", "2023-06-30"))["error"]
    seen = shown(page)
    assert seen["refusal"] == {"code": "invalid_period", "message": expected["message"], "clause": expected["clause"]}
    assert seen["problems"] == ["period_end"]
    page.choose("#in-period_start", "2022-07-01")
    page.choose("#in-period_end", "2023-06-30")
    assert shown(page)["refusal"]["code"] == "no_factor_in_force"
    example = page_of(browser, c, tmp_path, name="period-example", inputs=test_period.inputs("2022-01-01", "2022-12-31"))
    assert shown(example)["total"] == pytest.approx(536.6)  # 1 000 kWh x 0.5366
    page.screenshot(artifacts(tmp_path) / "period-form-en.png")


def test_transport_legs_and_an_optional_table_left_out(browser, tmp_path):
    c = compile_body(test_transport.BODY.replace("input legs: rows", "input legs: rows optional"))
    page = page_of(browser, c, tmp_path, name="transport")
    assert page.evaluate("document.querySelectorAll('[data-table=legs] tbody tr').length") == 0
    page.type_into("#in-output", "10")
    seen = shown(page)
    assert seen["state"] == "result" and seen["total"] == 0 and list(seen["left_out"]) == []
    assert page.evaluate("document.querySelector('[data-section=left_out] li [lang=en]').textContent") == "Transport legs"
    page.click("[data-input='legs'] button.add")
    cell = lambda k, column: f"[data-path='legs[{k}].{column}']"  # noqa: E731
    for k, (mass, distance, mode) in enumerate([(100, 200, "road"), (100, 1000, "rail")]):
        if k:
            page.click("[data-input='legs'] button.add")
        page.type_into(cell(k, "material"), "ore")
        page.type_into(cell(k, "mass"), str(mass))
        page.type_into(cell(k, "distance"), str(distance))
        page.choose(cell(k, "mode"), mode)
    expected = interpreter(c, {"output": 10, "legs": test_transport.legs((100, 200, "road"), (100, 1000, "rail"))})
    seen = shown(page)
    # test_transport's hand calculation: (1 800 + 1 000) x 1.3 / 10 t = 364 kg CO2e/t; road 2 000 t·km, 234 kg
    assert close(seen["total"], expected["total"]) and seen["total"] == pytest.approx(364)
    assert seen["transport"]["road"] == pytest.approx([2000, 234]) and seen["transport"]["rail"] == pytest.approx([10000, 130])
    assert seen["transport"]["sea"] == [0, 0]
    assert float(page.evaluate("document.getElementById('primary-share').dataset.value")) == pytest.approx(
        expected["data"]["primary_data_share_percent"], rel=1e-12)
    page.screenshot(artifacts(tmp_path) / "transport-form-en.png")
    for _ in range(2):
        page.click("[data-input='legs'] tr[data-row='0'] button.remove")
    assert shown(page)["total"] == 0


def test_the_primary_data_share_is_shown(browser, tmp_path):
    c = compile_body(test_provenance.RULE)
    page = page_of(browser, c, tmp_path, name="provenance", inputs=test_provenance.INPUTS)
    # test_provenance's hand calculation: 7 000 of 14 205 kg CO2e primary
    assert float(page.evaluate("document.getElementById('primary-share').dataset.value")) == pytest.approx(7000 / 14205 * 100)


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_every_shipped_ruleset_s_form_computes_its_examples(browser, tmp_path, path):
    """Each worked example, loaded from the page's own list, gives the interpreter's figures."""
    c = compile_file(str(path))
    page = page_of(browser, c, tmp_path, lang="zh")
    from pcrlang.core.spec import givens
    from pcrlang.semantics.runtime import example_inputs
    for k, example in enumerate(c.ruleset.examples):
        page.choose("#examples", str(k))
        expected = interpreter(c, example_inputs(givens(example.givens)))
        seen = shown(page)
        if "error" in expected:
            assert seen["refusal"]["code"] == expected["error"]["code"]
            continue
        assert close(seen["total"], expected["total"]), example.title
        assert {s: v[0] for s, v in seen["by_stage"].items()} == pytest.approx(expected["by_stage"], rel=1e-12, abs=1e-300)
        assert seen.get("cutoff_pass", True) is expected["cutoff"]["pass"]
        if expected["data_quality"] is not None:
            assert seen["data_quality_pass"] is expected["data_quality"]["pass"]
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    if path.stem in SCREENSHOTS:  # rules with allocation, electricity, data quality
        page.screenshot(artifacts(tmp_path) / f"{path.stem}-form-zh.png")


def test_the_page_is_self_contained_and_hostile_text_stays_text(browser, tmp_path):
    c = compile_body(HOSTILE)
    html_text = form(c.ruleset, c.fingerprint, "en")
    assert len(re.findall(r"<script", html_text)) == 1 and html_text.count("</script>") == 1
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-", html_text)
    assert not re.search(r"\b(?:src|href)=", html_text)  # no resource to load
    page = page_of(browser, c, tmp_path, name="hostile", inputs={"output": 1, "x": 2})
    assert shown(page)["state"] == "result" and shown(page)["total"] == pytest.approx(2)
    label = page.evaluate("document.querySelector('[data-input=x] label [lang=zh]').textContent")
    assert label == next(i for i in c.ruleset.inputs if i.name == "x").text.zh
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("typeof window.alert") == "function" and page.requests() == [Path(tmp_path / "hostile.html").as_uri()]


def test_form_command(tmp_path):
    from pcrlang.cli import main
    out = tmp_path / "form.html"
    assert main(["form", str(ROOT / "tests" / "data" / "cement_v1.pcr"), "-o", str(out), "--lang", "en"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en" data-lang="en">' in text
    c = compile_file(str(ROOT / "tests" / "data" / "cement_v1.pcr"))
    assert text == form(c.ruleset, c.fingerprint, "en")  # deterministic
