"""`pcr verify`: any calculator against a suite, over JSON lines or HTTP, robust to what the
calculator does; hand-written calculators outside pcrlang, one right and one deliberately wrong."""
from __future__ import annotations

import hashlib
import http.server
import json
import socket
import sys
import threading

import pytest

from pcrlang.backends.python import generate
from pcrlang.certify import report as reports
from pcrlang.certify import suite as suites
from pcrlang.certify.mutate import ModuleCalculator
from pcrlang.certify.protocol import Answer, parse
from pcrlang.certify.verify import verify
from pcrlang.cli import main
from pcrlang.compiler import compile_file

from helpers import ROOT, load_calculator

CEMENT = str(ROOT / "tests" / "data" / "cement_v1.pcr")  # the superseded cement rule, frozen as a fixture
DATA = ROOT / "tests" / "data" / "certify"
BY_HAND = f'"{sys.executable}" "{DATA / "cement_by_hand.py"}"'
FIELDS = "total,by_stage,by_process,by_gas,by_carbon_kind,error"  # what the hand-written calculator gives


@pytest.fixture(scope="module")
def cement(tmp_path_factory):
    """The cement rule, its suite (file), and its generated calculator (file)."""
    c = compile_file(CEMENT)
    tmp = tmp_path_factory.mktemp("cement")
    s = suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, random=20)
    path = suites.write(s, tmp / "suite")
    calc = tmp / "cement_calc.py"
    calc.write_text(generate(c.ruleset, c.fingerprint), encoding="utf-8")
    return c, s, path, calc


def pcr(capsys, *args) -> tuple:
    status = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return status, out.out, out.err


def test_the_generated_calculator_passes_its_suite(cement, capsys, tmp_path):
    c, s, path, calc = cement
    status, out, err = pcr(capsys, "verify", str(path), "--calculator", f'"{sys.executable}" "{calc}" --jsonl',
                           "-o", str(tmp_path), "--date", "2026-01-02T03:04:05Z")
    assert status == 0, out
    assert f"{len(s['cases'])}/{len(s['cases'])} cases passed" in out and "verdict: PASS" in out
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["verdict"] == "pass" and report["date"] == "2026-01-02T03:04:05Z"
    assert report["calculator"]["fingerprint"] == c.fingerprint and report["calculator"]["fingerprint_matches"]
    assert report["calculator"]["declared"]["calculator"]["sha256"].startswith("sha256:")
    assert report["summary"]["verdicts_compared"] > 0 and report["summary"]["verdicts_differing"] == 0
    assert report["suite"]["seed"] == 0 and report["suite"]["sha256"].startswith("sha256:")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(reports.SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(report))
    for lang, word in (("en", "PASS"), ("zh", "通过")):
        page = (tmp_path / f"report.{lang}.html").read_text(encoding="utf-8")
        assert word in page and c.fingerprint in page and "PCRLANG-CEMENT-001" in page
        assert "<script" not in page and "http://" not in page and "https://" not in page


def test_a_correct_hand_written_calculator_passes(cement, capsys):
    _, s, path, _ = cement
    status, out, _ = pcr(capsys, "verify", str(path), "--calculator", BY_HAND, "--fields", FIELDS)
    assert status == 0, out
    assert "verdict: PASS" in out


def test_a_wrong_hand_written_calculator_is_caught_with_the_clause(cement, capsys, tmp_path):
    _, s, path, _ = cement
    status, out, _ = pcr(capsys, "verify", str(path), "--calculator", BY_HAND + " --wrong-grid", "--fields", FIELDS,
                         "-o", str(tmp_path))
    assert status == 1 and "verdict: FAIL" in out
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    first = next(x for x in report["cases"] if x["id"] == "example/1")
    problems = {".".join(map(str, p["path"])): p for p in first["problems"]}
    grinding = problems["by_process.production.grinding"]
    # 90 000 kWh x 0.5366 / 1 000 t = 48.294, by hand with 0.5703: 51.327; clause 7.2.4 is `power`
    assert grinding["expected"] == pytest.approx(48.294, rel=1e-12)
    assert grinding["got"] == pytest.approx(51.327, rel=1e-12)
    assert grinding["clause"] == "5.2.2" and grinding["defined_by"] == ["7.2.4"]
    assert "differs by 3.033" in grinding["reason"]
    assert problems["total"]["clause"] == "7.2"
    assert "by_process.production.kiln" not in problems  # only what the wrong factor touches fails
    # cases where the electricity is zero still pass: the fault is pinned to the power clause
    passed = {x["id"] for x in report["cases"] if x["status"] == "pass"}
    assert "bounds/electricity/lower/at" in passed
    page = (tmp_path / "report.en.html").read_text(encoding="utf-8")
    assert "by_process.production.grinding" in page and "7.2.4" in page and "FAIL" in page
    assert "Purchased electricity" in page  # the clause's title from the rule


def test_a_misbehaving_calculator_is_reported_case_by_case(cement, tmp_path):
    c, _, _, calc = cement
    s = suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, random=0)
    from pcrlang.certify.protocol import ProcessCalculator
    calculator = ProcessCalculator(f'"{sys.executable}" "{DATA / "misbehaving.py"}" "{calc}"')
    calculator.start()
    report = verify(s, calculator, timeout=0.5)
    reasons = {x["id"]: (x["status"], x.get("reason", ""), [p["reason"] for p in x["problems"]]) for x in report["cases"]}

    def mode(case):
        line = json.dumps(case["input"], ensure_ascii=False, separators=(",", ":"))
        return int(hashlib.sha256(line.encode()).hexdigest(), 16) % 20

    seen = set()
    for case in s["cases"]:
        status, reason, problems = reasons[case["id"]]
        m = mode(case)
        if m == 0:
            assert status == "error" and reason.startswith("crash: the calculator exited without answering"), reason
            assert "exit status 3" in reason
        elif m == 1:
            assert status == "error" and reason.startswith("timeout: no answer within 0.5 s")
        elif m == 2:
            assert status == "error" and reason.startswith("garbage: the answer is not one JSON value")
        elif m == 3 and case["expect"] == "result":
            assert status == "fail" and any("not a finite number" in p for p in problems)
        elif m == 4 and case["expect"] == "result":
            assert status == "fail" and "a string, not a number" in problems
        elif m == 5 and case["expect"] == "result":
            assert status == "fail" and "missing from the answer" in problems
        else:
            assert status == "pass", (case["id"], reason, problems)
            continue
        seen.add(m)
    assert seen == {0, 1, 2, 3, 4, 5}
    assert report["summary"]["verdict"] == "fail" and report["summary"]["not_run"] == 0
    reports.dumps(report)  # valid JSON: NaN from the calculator is reported as text


def test_answers_are_parsed_defensively():
    assert parse(b'{"total": NaN}').nonstandard == ("NaN",)
    assert parse(b"\xff").kind == "garbage"
    assert parse("[1, 2").reason.startswith("the answer is not one JSON value")
    case = {"id": "x", "expect": "result", "fields": [
        {"path": ["total"], "group": "total", "clause": "7.2", "value": 1.0, "tolerance": 0.001},
        {"path": ["cutoff", "pass"], "group": "cutoff", "clause": "5.3", "value": True},
        {"path": ["cutoff", "flows", 0, "input"], "group": "cutoff", "clause": "5.3", "value": "coal"}]}
    from pcrlang.certify.verify import compare
    groups = set(suites.GROUPS)
    good = {"total": 1.0005, "cutoff": {"pass": True, "flows": [{"input": "coal"}]}}
    assert compare(case, Answer("answer", good), groups) == []
    bad = {"total": True, "cutoff": {"pass": 1, "flows": []}}
    reasons = [p["reason"] for p in compare(case, Answer("answer", bad), groups)]
    assert reasons == ["a boolean, not a number", "the verdict differs (a number)", "missing from the answer"]
    assert [p["reason"] for p in compare(case, Answer("answer", [1]), groups)] == ["the answer is not a JSON object"]
    refused = compare(case, Answer("answer", {"error": {"code": "out_of_bounds", "message": "m"}}), groups)
    assert refused[0]["reason"] == "refused where the rule computes: m"
    assert compare(case, Answer("answer", bad), {"total"})[0]["path"] == ["total"]


class _Handler(http.server.BaseHTTPRequestHandler):
    calculator = None
    fail_every = 0

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.fail_every and int(hashlib.sha256(body).hexdigest(), 16) % self.fail_every == 0:
            self.send_error(500, "internal error")
            return
        value = json.loads(body)
        if isinstance(value, dict) and value.get("pcr") == "hello":
            answer = self.calculator.hello(self.calculator.SPEC)
        else:
            try:
                answer = self.calculator.calculate(value)
            except self.calculator.CalculationError as error:
                answer = error.as_dict()
        data = json.dumps(answer).encode()
        self.send_response(200 if "error" not in answer else 422)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(cement):
    """A small web service around the generated calculator: 127.0.0.1, an ephemeral port, stopped
    after the test (and by itself after a minute at most)."""
    c = cement[0]
    handler = type("Handler", (_Handler,), {"calculator": load_calculator(c)})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    timer = threading.Timer(60, httpd.shutdown)
    timer.daemon = True
    timer.start()
    yield httpd, handler
    timer.cancel()
    httpd.shutdown()
    httpd.server_close()


def test_a_web_service_is_verified_over_http(cement, server, capsys):
    _, s, path, _ = cement
    httpd, _ = server
    url = f"http://127.0.0.1:{httpd.server_address[1]}/calculate"
    status, out, _ = pcr(capsys, "verify", str(path), "--url", url)
    assert status == 0 and "verdict: PASS" in out, out


def test_http_500_fails_the_cases_it_answers(cement, server, tmp_path, capsys):
    _, s, path, _ = cement
    httpd, handler = server
    handler.fail_every = 7
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    status, out, _ = pcr(capsys, "verify", str(path), "--url", url, "-o", str(tmp_path))
    assert status == 1
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    errors = [x for x in report["cases"] if x["status"] == "error"]
    assert errors and all(x["reason"].startswith("http: HTTP 500") for x in errors)
    assert report["summary"]["passed"] == len(report["cases"]) - len(errors)


def test_a_refused_connection_is_a_clear_message(cement, capsys):
    _, _, path, _ = cement
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    status, _, err = pcr(capsys, "verify", str(path), "--url", f"http://127.0.0.1:{port}/")
    assert status == 2 and "cannot connect" in err and "is the service running" in err
    status, _, err = pcr(capsys, "verify", str(path), "--url", "ftp://example.org/")
    assert status == 2 and "is not an http:// or https:// URL" in err


def test_a_missing_command_is_a_clear_message(cement, capsys):
    _, _, path, _ = cement
    status, _, err = pcr(capsys, "verify", str(path), "--calculator", "no-such-calculator-program --jsonl")
    assert status == 2 and "no program `no-such-calculator-program`" in err
    status, _, err = pcr(capsys, "verify", str(path))
    assert status == 2 and "--calculator" in err and "--url" in err
    status, _, err = pcr(capsys, "verify", str(path), "--calculator", "x", "--fields", "totals")
    assert status == 2 and "unknown field group(s) totals" in err


def test_a_malformed_suite_or_one_for_another_version_is_refused(cement, capsys, tmp_path):
    _, s, path, calc = cement
    command = f'"{sys.executable}" "{calc}" --jsonl'
    bad = tmp_path / "bad.json"
    bad.write_text('{"pcrlang_suite": 1, "cases": 3}', encoding="utf-8")
    status, _, err = pcr(capsys, "verify", str(bad), "--calculator", command)
    assert status == 2 and "is not a valid suite" in err and "`cases` must be a list" in err
    changed = tmp_path / "cement_v2.pcr"
    changed.write_text(open(CEMENT, encoding="utf-8").read().replace("total <= 5 % by emissions", "total <= 6 % by emissions")
                       .replace('version "1.0.0"', 'version "1.1.0"'), encoding="utf-8")
    status, _, err = pcr(capsys, "verify", str(path), "--calculator", command, "--ruleset", str(changed))
    assert status == 2 and "another version of the rule" in err and "1.1.0" in err
    # the other version's calculator declares its fingerprint: the verification fails on it
    other = compile_file(str(changed))
    other_calc = tmp_path / "other.py"
    other_calc.write_text(generate(other.ruleset, other.fingerprint), encoding="utf-8")
    status, out, _ = pcr(capsys, "verify", str(path), "--calculator", f'"{sys.executable}" "{other_calc}" --jsonl',
                         "--fields", "error")
    assert status == 1 and f"declares the rule fingerprint {other.fingerprint}" in out


def test_generated_calculators_agree_with_the_interpreter_on_every_case_of_every_suite(shipped_suites):
    """Every figure within 1e-9, and every verdict (cut-off, grades, data quality, bounds) and
    refusal code exactly, on every case of every shipped ruleset's suite."""
    for name, (c, s) in shipped_suites.items():
        report = verify(s, ModuleCalculator(load_calculator(c, f"calc_{name}")))
        failures = [(x["id"], x.get("reason"), x["problems"][:2]) for x in report["cases"] if x["status"] != "pass"]
        assert not failures, (name, failures[:3])
        assert report["summary"]["verdicts_compared"] > 0 and report["summary"]["verdicts_differing"] == 0


def test_ruleset_text_never_becomes_markup_in_the_report(tmp_path):
    """Titles and clause names from the rule, and whatever the calculator prints, are escaped."""
    from helpers import compile_body
    c = compile_body((DATA.parent / "hostile_body.pcr").read_text(encoding="utf-8"))
    s = suites.build(c.ruleset, c.fingerprint, c.publication_fingerprint, random=2)

    class Hostile:
        def describe(self):
            return {"protocol": "jsonl", "command": "<script>alert('command')</script>"}

        def ask(self, value, timeout):
            return Answer("answer", {"pcr": "hello", "calculator": {"name": "<img src=x onerror=alert(1)>"},
                                     "ruleset": {"fingerprint": "<b>fp</b>"}} if value == {"pcr": "hello", "protocol": 1}
                          else {"total": "<script>alert('got')</script>"})

        def stop(self):
            pass

    report = verify(s, Hostile())
    assert report["summary"]["verdict"] == "fail"
    for path in reports.write(report, tmp_path)[1:]:
        page = path.read_text(encoding="utf-8")
        assert "<script" not in page and "<img" not in page and "<b>fp" not in page
        assert "&lt;script&gt;alert(&#x27;got&#x27;)&lt;/script&gt;" in page
