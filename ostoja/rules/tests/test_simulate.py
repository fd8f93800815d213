"""The vectorised simulation agrees to the grosz with the per-household rules, and reads its
population file strictly."""

import datetime
import io
from decimal import Decimal

import pytest

from ostoja.rules.__main__ import main
from ostoja.rules.benefits import calculate
from ostoja.rules.errors import RulesInputError
from ostoja.rules.household import household_from_dict
from ostoja.rules.parameters import default_parameters
from ostoja.rules.population import household_of, random_rows, write_population
from ostoja.rules.simulate import COLUMNS, read_population, simulate

SAMPLE = 1000


def population_text(rows: list[list[str]]) -> str:
    return ",".join(COLUMNS) + "\n" + "\n".join(",".join(row) for row in rows) + "\n"


@pytest.mark.parametrize("benefit", ["zasilek_okresowy", "zasilek_staly"])
@pytest.mark.parametrize(
    "day", [datetime.date(2023, 12, 31), datetime.date(2024, 1, 1), datetime.date(2025, 3, 10)]
)
def test_agrees_with_the_per_household_rules(benefit: str, day: datetime.date) -> None:
    rows = list(random_rows(SAMPLE, seed=day.toordinal()))
    population = read_population(io.StringIO(population_text(rows)))
    vectorised = simulate(benefit, day, population, default_parameters())
    for row, grosze in zip(rows, vectorised, strict=True):
        result = calculate(benefit, household_from_dict(household_of(row, day)), day)
        expected = result.amount if result.eligible and result.amount is not None else Decimal(0)
        if benefit == "zasilek_okresowy" and result.eligible:
            expected = result.amount_max or Decimal(0)
        assert Decimal(int(grosze)) / 100 == expected, (row, result.to_json())


def test_the_command_prints_baseline_and_change_side_by_side() -> None:
    stream = io.StringIO()
    write_population(stream, 500)
    out, err = io.StringIO(), io.StringIO()
    status = main(
        [
            "simulate",
            "--date",
            "2025-03-10",
            "--set",
            "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie=900",
        ],
        stdin=io.StringIO(stream.getvalue()),
        stdout=out,
        stderr=err,
    )
    assert (status, err.getvalue()) == (0, "")
    text = out.getvalue()
    assert "500 gospodarstw" in text
    assert "zmiana: pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie = 900" in text
    eligible = next(line for line in text.splitlines() if line.startswith("gospodarstwa"))
    before, after = (int(value) for value in eligible.split()[-2:])
    assert after > before  # a higher criterion lets more households in


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "population.csv"),
        ("a,b\n", "population.csv"),
        (",".join(COLUMNS) + "\n1,2\n", "population.csv line 2"),
        (",".join(COLUMNS) + "\n1,0,1,1,40,K,\n", "population.csv line 2 members"),
        (",".join(COLUMNS) + "\n1,1,x,1,40,K,\n", "population.csv line 2 income"),
        (",".join(COLUMNS) + "\n1,1,-1,1,40,K,\n", "population.csv line 2 income"),
        (",".join(COLUMNS) + "\n1,1,1,1,old,K,\n", "population.csv line 2 applicant_age"),
        (",".join(COLUMNS) + "\n1,1,1,1,40,X,\n", "population.csv line 2 applicant_sex"),
        (",".join(COLUMNS) + "\n1,1,1,1,40,K,ill\n", "population.csv line 2 applicant_incapacity"),
    ],
)
def test_a_bad_population_file_names_the_line(text: str, field: str) -> None:
    with pytest.raises(RulesInputError) as error:
        read_population(io.StringIO(text))
    assert error.value.field == field


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["simulate", "--date", "2025-03-10", "--benefit", "becikowe"], "--benefit"),
        (["simulate", "--date", "2004-01-01"], "--date"),
        (["simulate", "--date", "2025-03-10", "--set", "nie.ma=1"], "--set"),
        (
            [
                "simulate",
                "--date",
                "2025-03-10",
                "--set",
                "pomoc_spoleczna.kryterium_dochodowe.osoba_w_rodzinie=dużo",
            ],
            "--set",
        ),
        (
            [
                "simulate",
                "--date",
                "2023-03-10",
                "--benefit",
                "zasilek_staly",
                "--set",
                "pomoc_spoleczna.zasilek_staly.mnoznik_kryterium=1.5",
            ],
            "--set",
        ),
    ],
)
def test_bad_simulation_arguments(argv: list[str], field: str) -> None:
    stream = io.StringIO()
    write_population(stream, 3)
    err = io.StringIO()
    status = main(argv, stdin=io.StringIO(stream.getvalue()), stdout=io.StringIO(), stderr=err)
    assert status == 2
    assert err.getvalue().startswith(f"error: {field}: ")


def test_a_parameter_missing_on_the_day_is_an_error_on_the_date() -> None:
    from ostoja.rules.parameters import ParameterSet

    full = default_parameters()
    without_minimum = ParameterSet(
        {
            name: parameter
            for name, parameter in full.parameters.items()
            if name != "pomoc_spoleczna.zasilek_staly.kwota_minimalna"
        }
    )
    stream = io.StringIO()
    write_population(stream, 3)
    people = read_population(io.StringIO(stream.getvalue()))
    with pytest.raises(RulesInputError) as error:
        simulate("zasilek_staly", datetime.date(2025, 3, 10), people, without_minimum)
    assert error.value.field == "--date"
