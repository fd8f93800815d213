"""The simulation runs the rules' own code: per household it gives what `calculate()` gives, for
every benefit, under the law as it is and with changed parameters; it reads its population
strictly and names the line, the id and the field of a household it cannot compute."""

import datetime
import io
import json
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostoja.rules import simulate as sim
from ostoja.rules.__main__ import main
from ostoja.rules.benefits import BENEFITS, calculate
from ostoja.rules.dates import FIRST_DAY
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import household_from_dict
from ostoja.rules.parameters import default_parameters
from ostoja.rules.population import (
    COLUMNS,
    household_of,
    random_households,
    random_rows,
    write_households,
    write_population,
)
from ostoja.rules.population import main as population_main
from ostoja.rules.result import Result

DAY = datetime.date(2025, 3, 10)
CRITERION = "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie"
SINGLE = "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca"
ROOT = Path(__file__).resolve().parents[3]


def jsonl(count: int, day: datetime.date = DAY, seed: int = 7) -> str:
    stream = io.StringIO()
    write_households(stream, count, day, seed)
    return stream.getvalue()


def csv_text(count: int, seed: int = 7) -> str:
    stream = io.StringIO()
    write_population(stream, count, seed)
    return stream.getvalue()


def expected(result: Result) -> tuple[bool, Decimal | None]:
    """What the simulation must report for a result, worked out from the Result itself: the
    full entitlement `amount_max` where there is a range, else `amount`."""
    amount = result.amount_max if result.amount_max is not None else result.amount
    return result.eligible, amount


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def table_row(text: str, benefit: str, label: str) -> list[str]:
    block = text.split(f"\n{benefit}", 1)[1].split("\n\n", 1)[0]
    line = next(line for line in block.splitlines() if line.startswith(label))
    return line[len(label) :].split()


# --- the same results as calculate() ----------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [datetime.date(2015, 6, 1), datetime.date(2023, 12, 31), datetime.date(2024, 1, 1), DAY],
)
def test_every_household_and_benefit_as_calculate_gives(day: datetime.date) -> None:
    changes = ((CRITERION, Decimal("900")), (SINGLE, Decimal("1100")))
    scenario = sim.Scenario(day, BENEFITS, changes, keep_outcomes=True)
    summary = sim.simulate(scenario, io.StringIO(jsonl(400, day, seed=day.toordinal())))
    changed = default_parameters().with_values(day, dict(changes))
    households = dict(random_households(400, day, seed=day.toordinal()))
    assert [household_id for household_id, _ in summary.outcomes] == list(households)
    for household_id, pairs in summary.outcomes:
        household = household_from_dict(households[household_id])
        for benefit, (before, after) in zip(BENEFITS, pairs, strict=True):
            law = calculate(benefit, household, day)
            what_if = calculate(benefit, household, day, changed)
            where = (household_id, benefit)
            assert (before.eligible, before.amount) == expected(law), where
            assert (after.eligible, after.amount) == expected(what_if), where


def computable_on(day: datetime.date) -> tuple[str, ...]:
    """The benefits whose parameters are known on `day` (values set for a time end)."""
    household = household_from_dict(
        {"members": [{"id": "a", "applicant": True, "birth_date": "1950-01-01", "sex": "K"}]}
    )
    benefits = []
    for benefit in BENEFITS:
        try:
            calculate(benefit, household, day)
        except RulesInputError as error:
            if error.field != "date":
                raise
            continue
        benefits.append(benefit)
    return tuple(benefits)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    day=st.dates(datetime.date(2015, 1, 1), datetime.date(2027, 12, 31)),
)
def test_drawn_populations_agree_with_calculate(seed: int, day: datetime.date) -> None:
    benefits = computable_on(day)
    scenario = sim.Scenario(day, benefits, keep_outcomes=True)
    summary = sim.simulate(scenario, io.StringIO(jsonl(20, day, seed)), workers=1)
    for (household_id, pairs), (_, data) in zip(
        summary.outcomes, random_households(20, day, seed), strict=True
    ):
        household = household_from_dict(data)
        for benefit, (before, after) in zip(benefits, pairs, strict=True):
            assert before == after  # no change asked for
            assert (before.eligible, before.amount) == expected(
                calculate(benefit, household, day)
            ), (household_id, benefit)


def test_the_totals_add_up_the_households() -> None:
    scenario = sim.Scenario(DAY, BENEFITS, ((CRITERION, Decimal("900")),), keep_outcomes=True)
    summary = sim.simulate(scenario, io.StringIO(jsonl(300)), workers=1)
    for index, benefit in enumerate(BENEFITS):
        totals = summary.totals[benefit]
        pairs = [household[index] for _, household in summary.outcomes]
        for side in (0, 1):
            amounts = [p[side].amount for p in pairs if p[side].eligible]
            assert totals.eligible[side] == sum(1 for p in pairs if p[side].eligible)
            assert totals.grosze[side] == sum(int(a * 100) for a in amounts if a is not None)
        assert totals.changed == sum(p[0] != p[1] for p in pairs)
    assert summary.households == 300
    assert summary.households_changed == sum(
        any(before != after for before, after in pairs) for _, pairs in summary.outcomes
    )
    assert summary.totals["zasilek_okresowy"].changed > 0  # a higher criterion changes it
    assert summary.totals["zasilek_rodzinny"].changed == 0  # which family benefits do not use


def test_the_pool_of_processes_gives_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sim, "CHUNK", 40)
    scenario = sim.Scenario(DAY, BENEFITS, ((CRITERION, Decimal("900")),), keep_outcomes=True)
    text = jsonl(300)
    alone = sim.simulate(scenario, io.StringIO(text), workers=1)
    pooled = sim.simulate(scenario, io.StringIO(text), workers=2)
    assert (alone.workers, pooled.workers) == (1, 2)
    assert pooled.outcomes == alone.outcomes
    assert pooled.totals == alone.totals
    assert pooled.households_changed == alone.households_changed


def test_a_bad_household_in_the_pool_stops_the_run_with_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sim, "CHUNK", 10)
    lines = jsonl(100).splitlines()
    lines[57] = json.dumps({"id": "zły", "household": {"members": []}})
    with pytest.raises(RulesInputError) as error:
        sim.simulate(sim.Scenario(DAY), io.StringIO("\n".join(lines)), workers=2)
    assert error.value.field == "population line 58 (id zły) household.members"


def test_a_csv_row_and_its_household_give_the_same_result() -> None:
    rows = list(random_rows(200, seed=11))
    scenario = sim.Scenario(DAY, BENEFITS, keep_outcomes=True)
    from_csv = sim.simulate(scenario, io.StringIO(csv_text(200, seed=11)))
    households = "".join(
        json.dumps({"id": row[0], "household": household_of(row, DAY)}) + "\n" for row in rows
    )
    from_jsonl = sim.simulate(scenario, io.StringIO(households))
    assert from_csv.outcomes == from_jsonl.outcomes
    assert [household_id for household_id, _ in from_csv.outcomes] == [row[0] for row in rows]


def test_outcome_of_a_result() -> None:
    ranged = sim.outcome(Result(eligible=True, amount=Decimal(5), amount_max=Decimal(7)))
    plain = sim.outcome(Result(eligible=True, amount=Decimal("1.25")))
    none = sim.outcome(Result(eligible=True))
    refused = sim.outcome(Result(eligible=False, amount=Decimal(3)))
    assert (ranged.amount, ranged.field, ranged.grosze) == (Decimal(7), "amount_max", 700)
    assert (plain.field, plain.grosze) == ("amount", 125)
    assert (none.field, none.grosze, none.to_json()["amount"]) == (None, 0, None)
    assert refused.grosze == 0
    assert plain.to_json() == {"eligible": True, "field": "amount", "amount": "1.25"}


# --- the command ------------------------------------------------------------------------------


def test_the_command_prints_every_benefit_side_by_side(tmp_path: Path) -> None:
    out_file = tmp_path / "changed.jsonl"
    status, out, err = run(
        [
            "simulate",
            "--date",
            "2025-03-10",
            "--set",
            f"{CRITERION}=900",
            "--changed-out",
            str(out_file),
        ],
        jsonl(500),
    )
    assert (status, err) == (0, "")
    assert "500 gospodarstw" in out
    assert f"zmiana: {CRITERION} = 900" in out
    for benefit in BENEFITS:
        assert f"\n{benefit}" in out
    before, after = map(int, table_row(out, "zasilek_okresowy", "gospodarstwa uprawnione"))
    assert after > before  # a higher criterion lets more households in
    assert "zasilek_okresowy — suma kwot najwyższych (amount_max)" in out
    assert "zasilek_staly — suma kwot (amount)" in out
    assert table_row(out, "becikowe", "wypłata jednorazowa")
    assert table_row(out, "zasilek_staly", "koszt roczny (12 × miesięczny)")
    assert "koszt" not in out.split("\nkryterium", 1)[1].split("\n\n", 1)[0]
    records = [json.loads(line) for line in out_file.read_text().splitlines()]
    changed_okresowy = int(table_row(out, "zasilek_okresowy", "wyniki zmienione")[0])
    assert sum(r["benefit"] == "zasilek_okresowy" for r in records) == changed_okresowy
    households_changed = int(out.split("ze zmienionym wynikiem: ", 1)[1].split()[0])
    assert len({r["line"] for r in records}) == households_changed
    first = records[0]
    assert set(first) == {"line", "id", "benefit", "before", "after"}
    assert first["before"] != first["after"]
    assert first["id"] == str(first["line"])


def test_the_yearly_cost_is_twelve_months() -> None:
    status, out, _ = run(
        ["simulate", "--date", "2025-03-10", "--benefit", "zasilek_staly"], jsonl(200)
    )
    assert status == 0
    monthly = table_row(out, "zasilek_staly", "koszt miesięczny")
    yearly = table_row(out, "zasilek_staly", "koszt roczny (12 × miesięczny)")

    def zl(words: list[str]) -> Decimal:
        return Decimal("".join(words[:-1]).replace(",", "."))

    assert zl(yearly[: len(yearly) // 2]) == 12 * zl(monthly[: len(monthly) // 2])
    assert "\nzasilek_okresowy" not in out  # --benefit restricts the run


def test_without_a_change_both_columns_agree_and_nothing_changes() -> None:
    status, out, _ = run(["simulate", "--date", "2025-03-10", "--format", "jsonl"], jsonl(50))
    assert status == 0
    assert "gospodarstwa ze zmienionym wynikiem: 0" in out
    before, after = table_row(out, "fepz", "gospodarstwa uprawnione")
    assert before == after


def test_the_csv_population_is_read_by_its_header() -> None:
    status, out, err = run(
        ["simulate", "--date", "2025-03-10", "--benefit", "zasilek_okresowy"], csv_text(30)
    )
    assert (status, err) == (0, "")
    assert "30 gospodarstw" in out


def test_a_line_without_an_id_is_named_by_its_number() -> None:
    line = json.loads(jsonl(1))
    del line["id"]
    scenario = sim.Scenario(DAY, ("kryterium",), keep_outcomes=True)
    summary = sim.simulate(scenario, io.StringIO("\n" + json.dumps(line) + "\n\n"))
    assert [household_id for household_id, _ in summary.outcomes] == ["2"]


def born_tomorrow() -> str:
    data = json.loads(jsonl(1))
    data["household"]["members"][0]["birth_date"] = "2025-03-11"
    data["id"] = "h9"
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "population"),
        ("\n\n", "population"),
        ("{nie json\n", "population line 1"),
        ("[1, 2]\n", "population line 1"),
        ('{"id": "1", "id": "2"}\n', "population line 1"),
        ('{"id": "1", "household": {"members": [], "farm_hectares": 1.5}}\n', "population line 1"),
        ('{"id": "1", "household": {}, "extra": 1}\n', "population line 1 extra"),
        ('{"id": 1, "household": {}}\n', "population line 1 id"),
        ('{"id": ""}\n', "population line 1 id"),
        ('{"id": "7"}\n', "population line 1 (id 7) household"),
        (
            '{"id": "7", "household": {"members": "a"}}\n',
            "population line 1 (id 7) household.members",
        ),
        (
            '{"household": {"members": [{"id": "a", "sex": "K", "applicant": true}]}}\n',
            "population line 1 (id 1) household.members[0].birth_date",
        ),
        (born_tomorrow() + "\n", "population line 1 (id h9) household.members[0].birth_date"),
        ("a,b\n", "population line 1"),
        (",".join(COLUMNS) + "\n1,2\n", "population line 2"),
        (",".join(COLUMNS) + "\n1,0,1,1,40,K,\n", "population line 2 (id 1) members"),
        (",".join(COLUMNS) + "\n1,51,1,1,40,K,\n", "population line 2 (id 1) members"),
        (",".join(COLUMNS) + "\n1,1,x,x,40,K,\n", "population line 2 (id 1) income"),
        (",".join(COLUMNS) + "\n1,1,-1,1,40,K,\n", "population line 2 (id 1) income"),
        (",".join(COLUMNS) + "\n1,2,1,2,40,K,\n", "population line 2 (id 1) applicant_income"),
        (",".join(COLUMNS) + "\n1,1,2,1,40,K,\n", "population line 2 (id 1) applicant_income"),
        (",".join(COLUMNS) + "\n1,1,1,1,old,K,\n", "population line 2 (id 1) applicant_age"),
        (",".join(COLUMNS) + "\n1,1,1,1,121,K,\n", "population line 2 (id 1) applicant_age"),
        (",".join(COLUMNS) + "\n1,1,1,1,40,X,\n", "population line 2 (id 1) applicant_sex"),
        (
            ",".join(COLUMNS) + "\n1,1,1,1,40,K,ill\n",
            "population line 2 (id 1) applicant_incapacity",
        ),
    ],
)
def test_a_bad_line_is_one_error_naming_it(text: str, field: str) -> None:
    status, out, err = run(["simulate", "--date", "2025-03-10"], text)
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {field}: "), err
    assert err.count("\n") == 1


def test_a_line_that_is_not_an_object() -> None:
    status, _, err = run(["simulate", "--date", "2025-03-10", "--format", "jsonl"], "[1]\n")
    assert status == 2
    assert err.startswith("error: population line 1: expected {")


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--benefit", "nie_ma"], "benefit"),
        (["--date", "2004-01-01"], "--date"),
        (["--date", "2010-06-01"], "--date"),  # fepz is not computed before its programme
        (["--date", "2010-06-01", "--set", f"{CRITERION}=900"], "--date"),
        (["--set", "nie.ma=1"], "--set"),
        (["--set", f"{CRITERION}=dużo"], "--set"),
        (["--set", f"{CRITERION}=NaN"], "--set"),
        (
            ["--date", "2023-03-10", "--set", "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium=1"],
            "--set",
        ),
        (["--format", "xml"], "arguments"),
        (["--changed-out", "/nonexistent-folder/changed.jsonl"], "--changed-out"),
    ],
)
def test_bad_simulation_arguments(argv: list[str], field: str) -> None:
    day = argv[argv.index("--date") + 1] if "--date" in argv else "2025-03-10"
    arguments = ["simulate", *([] if "--date" in argv else ["--date", day]), *argv]
    status, _, err = run(arguments, jsonl(3, max(datetime.date.fromisoformat(day), FIRST_DAY)))
    assert status == 2
    assert err.startswith(f"error: {field}: "), err


def test_the_module_runs_from_the_shell_without_a_traceback() -> None:
    bad = jsonl(5).splitlines()
    bad[3] = bad[3].replace('"sex": "', '"sex": "X')
    done = subprocess.run(
        [sys.executable, "-m", "ostoja.rules", "simulate", "--date", "2025-03-10"],
        input="\n".join(bad),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: population line 4 (id 4) household.members[0].sex")
    assert "Traceback" not in done.stderr


# --- the synthetic populations ----------------------------------------------------------------


def test_synthetic_households_are_varied_valid_and_born_before_the_day() -> None:
    seen: Counter[str] = Counter()
    ids = []
    for household_id, data in random_households(3000, DAY, seed=3):
        ids.append(household_id)
        household = household_from_dict(data)
        seen[f"size {household.size}"] += 1
        if household.farm_hectares:
            seen["farm"] += 1
        for member in household.members:
            assert member.birth_date <= DAY
            age = member.age_on(DAY)
            seen["newborn" if age == 0 else "child" if age < 18 else "adult"] += 1
            seen["elderly applicant"] += member.applicant and age >= 75
            seen[f"disability {member.disability}"] += 1
            seen["carer"] += bool(member.cares_for)
            seen["alimony paid"] += member.alimony_paid > 0
            seen["in education"] += bool(member.in_education)
            seen[f"relation {member.relation}"] += 1
            seen[f"incapacity {member.incapacity}"] += 1
            seen["annual income"] += member.annual_income > 0
            seen["benefits received"] += bool(member.benefits_received)
            for income in member.incomes:
                seen[f"income {income.kind}"] += 1
    assert len(set(ids)) == len(ids) == 3000
    for size in range(1, 7):
        assert seen[f"size {size}"], size
    for kind in (
        "wynagrodzenie",
        "emerytura",
        "renta",
        "zasilek_dla_bezrobotnych",
        "alimenty",
        "swiadczenie_wychowawcze",
        "zasilek_celowy",
        "stypendium_szkolne",
    ):
        assert seen[f"income {kind}"], kind
    for what in (
        "newborn",
        "child",
        "elderly applicant",
        "disability certificate",
        "disability moderate",
        "disability significant",
        "carer",
        "alimony paid",
        "in education",
        "relation malzonek",
        "relation rodzic",
        "incapacity total",
        "incapacity age",
        "farm",
        "benefits received",
    ):
        assert seen[what], what


def test_the_population_command_writes_jsonl_and_csv() -> None:
    out = io.StringIO()
    population_main(["--households", "4", "--date", "2024-01-01", "--seed", "5"], stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["1", "2", "3", "4"]
    assert lines == [
        {"id": i, "household": h} for i, h in random_households(4, datetime.date(2024, 1, 1), 5)
    ]
    out = io.StringIO()
    population_main(["--households", "3", "--format", "csv"], stdout=out)
    assert out.getvalue().splitlines()[0] == ",".join(COLUMNS)
    assert len(out.getvalue().splitlines()) == 4


def test_a_generated_population_file_simulates(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ostoja.rules.population", "--households", "30"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    status, out, err = run(["simulate", "--date", "2025-03-10"], done.stdout)
    assert (status, err) == (0, "")
    assert "30 gospodarstw" in out
