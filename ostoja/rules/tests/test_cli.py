"""The command line: the contract of `calc`, `test`, `params` and `simulate`, and its errors."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ostoja.rules.__main__ import main

SINGLE_PENSIONER = {
    "members": [
        {
            "id": "a",
            "applicant": True,
            "birth_date": "1956-11-02",
            "sex": "K",
            "incomes": [{"kind": "emerytura", "amount": "900.00"}],
        }
    ]
}


PROGRAM = (sys.executable, "-m", "ostoja.rules")


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_calc_prints_the_result_as_json() -> None:
    status, out, err = run(
        ["calc", "--benefit", "zasilek_staly", "--date", "2025-03-10"], json.dumps(SINGLE_PENSIONER)
    )
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["eligible"] is True
    assert result["amount"] == "413.00"
    assert all({"code", "article", "text"} <= set(r) for r in result["reasons"])


@pytest.mark.parametrize(
    ("argv", "stdin", "field"),
    [
        (["calc", "--benefit", "zasilek_zly", "--date", "2025-03-10"], "{}", "benefit"),
        (["calc", "--benefit", "zasilek_staly", "--date", "2025-13-10"], "{}", "--date"),
        (["calc", "--benefit", "zasilek_staly", "--date", "2025-03-10"], "{", "stdin"),
        (
            ["calc", "--benefit", "zasilek_staly", "--date", "2004-04-30"],
            json.dumps(SINGLE_PENSIONER),
            "date",
        ),
        (
            ["calc", "--benefit", "fepz", "--date", "2010-01-01"],
            json.dumps(SINGLE_PENSIONER),
            "date",
        ),
        (
            ["calc", "--benefit", "zasilek_staly", "--date", "2025-03-10"],
            json.dumps({"members": [SINGLE_PENSIONER["members"][0] | {"applicant": False}]}),
            "household.members",
        ),
        (["calc", "--date", "2025-03-10"], "{}", "arguments"),
        (["frobnicate"], "", "arguments"),
        (["params", "--date", "1999-01-01"], "", "--date"),
        (["test", "no/such/file.yaml"], "", "no/such/file.yaml"),
    ],
)
def test_bad_input_is_one_line_and_status_2(argv: list[str], stdin: str, field: str) -> None:
    status, out, err = run(argv, stdin)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {field}: ")


def test_params_prints_every_parameter_in_force_with_its_reference() -> None:
    status, out, _ = run(["params", "--date", "2025-03-10"])
    assert status == 0
    lines = out.splitlines()
    criterion = next(
        line
        for line in lines
        if line.startswith("pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca =")
    )
    assert "1010" in criterion
    assert "Dz.U." in criterion
    assert all("(od " in line for line in lines)


def test_cases_report_failures_and_close_with_the_count(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        f"""
- name: Samotna emerytka ma prawo do zasiłku stałego 413 zł.
  benefit: zasilek_staly
  date: 2025-03-10
  household: {json.dumps(SINGLE_PENSIONER)}
  expected: {{eligible: true, amount: "413.00"}}
- name: Ten przypadek oczekuje złej kwoty.
  benefit: zasilek_staly
  date: 2025-03-10
  household: {json.dumps(SINGLE_PENSIONER)}
  expected: {{amount: 400}}
""",
        encoding="utf-8",
    )
    status, out, _ = run(["test", str(tmp_path)])
    assert status == 1
    lines = out.splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert "amount: expected 400, got 413.00" in lines[0]


def test_the_shipped_cases_pass() -> None:
    status, out, _ = run(["test", str(Path(__file__).parent.parent / "cases")])
    assert out.splitlines()[-1].endswith(" 0 failed"), out
    passed = int(out.splitlines()[-1].split()[0])
    assert passed >= 150
    assert status == 0


def test_the_module_runs_as_a_program() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ostoja.rules",
            "calc",
            "--benefit",
            "kryterium",
            "--date",
            "2025-03-10",
        ],
        input=json.dumps(SINGLE_PENSIONER),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert json.loads(completed.stdout)["criterion"] == "1010.00"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b'{"members": [], "members": []}', "written twice"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"members": [{"id": "a", "income": []}]}', "household.members[0].income: unknown"),
        (json.dumps(SINGLE_PENSIONER).replace('"900.00"', "900").encode(), "as a string"),
        (
            json.dumps(SINGLE_PENSIONER).replace("emerytura", "emerytura_x").encode(),
            "unknown income kind 'emerytura_x'",
        ),
        (json.dumps(SINGLE_PENSIONER).replace("true", '"false"').encode(), "true or false"),
        (
            json.dumps(SINGLE_PENSIONER).replace("1956-11-02", "2030-01-01").encode(),
            "is after the day 2025-03-10",
        ),
    ],
)
def test_the_program_refuses_bad_input_in_one_line_naming_the_field(
    stdin: bytes, message: str
) -> None:
    completed = subprocess.run(
        [*PROGRAM, "calc", "--benefit", "zasilek_staly", "--date", "2025-03-10"],
        input=stdin,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == b""
    error = completed.stderr.decode()
    assert error.count("\n") == 1
    assert error.startswith("error: ")
    assert message in error
