"""Malformed case files are errors that name the case and the field; a date as text works."""

from pathlib import Path

import pytest

from ostoja.rules.cases import case_files, load_cases, run_case
from ostoja.rules.errors import RulesInputError

HOUSEHOLD = "{members: [{id: a, applicant: true, birth_date: '1956-11-02', sex: K}]}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "field_end"),
    [
        ("a: 1", "c.yaml"),
        ("- [unclosed", "c.yaml"),
        ("- just text", "c.yaml[0]"),
        (
            f"- {{benefit: kryterium, date: 2025-01-01, household: {HOUSEHOLD}, "
            "expected: {eligible: true}}",
            "c.yaml[0].name",
        ),
        (
            f"- {{name: N, benefit: kryterium, date: 'jutro', household: {HOUSEHOLD}, "
            "expected: {eligible: true}}",
            "c.yaml[0].date",
        ),
        (
            f"- {{name: N, benefit: kryterium, date: 2025-01-01, household: {HOUSEHOLD}, "
            "expected: {}}",
            "c.yaml[0].expected",
        ),
        (
            f"- {{name: N, benefit: kryterium, date: 2025-01-01, household: {HOUSEHOLD}, "
            "expected: {kwota: 1}}",
            "c.yaml[0].expected",
        ),
        (
            "- {name: N, benefit: kryterium, date: 2025-01-01, household: {members: []}, "
            "expected: {eligible: true}}",
            "c.yaml[0].household.members",
        ),
    ],
)
def test_malformed_cases_name_the_place(tmp_path: Path, text: str, field_end: str) -> None:
    with pytest.raises(RulesInputError) as error:
        load_cases(write(tmp_path, text))
    assert error.value.field.endswith(field_end)


def test_a_case_with_an_unknown_benefit_fails_with_the_error(tmp_path: Path) -> None:
    (case,) = load_cases(
        write(
            tmp_path,
            f"- {{name: N, benefit: nic, date: '2025-01-01', household: {HOUSEHOLD}, "
            "expected: {eligible: true}}",
        )
    )
    outcome = run_case(case)
    assert not outcome.passed
    assert outcome.differences[0].startswith("error: benefit: unknown benefit")


def test_booleans_compare_as_booleans_and_amounts_as_numbers(tmp_path: Path) -> None:
    (case,) = load_cases(
        write(
            tmp_path,
            f"- {{name: N, benefit: kryterium, date: 2025-01-01, household: {HOUSEHOLD}, "
            "expected: {eligible: 'true', criterion: 1010, income: 'x'}}",
        )
    )
    outcome = run_case(case)
    assert outcome.differences == (
        "eligible: expected true, got True",
        "income: expected x, got 0.00",
    )


def test_directories_are_searched_for_yaml(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yaml").write_text("[]")
    (tmp_path / "a.yaml").write_text("[]")
    (tmp_path / "notes.txt").write_text("")
    assert [p.name for p in case_files([str(tmp_path)])] == ["a.yaml", "b.yaml"]
    assert case_files([str(tmp_path / "a.yaml")]) == [tmp_path / "a.yaml"]
