"""The engine's core: reasons rendered from templates, the period and the parameters a result
states, ages under art. 112 k.c., strict JSON input and the case runner's assertions."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ostoja.rules import jsoninput, texts
from ostoja.rules.benefits import calculate
from ostoja.rules.cases import load_cases, run_case
from ostoja.rules.catalogues import INCOME_KINDS, load_income_kinds
from ostoja.rules.docs import format_value, render_parameter
from ostoja.rules.errors import MissingParameterError, RulesInputError
from ostoja.rules.household import Household, Income, Member, household_from_dict
from ostoja.rules.parameters import (
    DatedValue,
    Parameter,
    ParameterSet,
    default_parameters,
    load_parameter,
)
from ostoja.rules.period import default_base_year
from ostoja.rules.pomoc_spoleczna.dochod import wliczany
from ostoja.rules.result import ParameterUsed, Period, Reason, Result, reason
from ostoja.rules.wiek import dzien_osiagniecia, osiagnal, wiek

D = datetime.date


def pensioner(**overrides: Any) -> dict[str, Any]:
    applicant = {
        "id": "a",
        "applicant": True,
        "birth_date": "1950-05-05",
        "sex": "K",
        "incomes": [{"kind": "emerytura", "amount": "600.00"}],
    }
    return {"members": [applicant]} | overrides


# --- reasons and their templates ----------------------------------------------------------


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a.yaml").write_text(
        "t.kwota: 'Kwota {kwota:zl}, udział {udzial:procent} ({udzial:liczba}), {n:osoby}, "
        "{w:lat}, {m:miesiecy}, od {d:data}; dzieci: {ids:lista}; dochód {ok:jest|nie jest} "
        "niższy; {plain}.'\nt.zdanie: Zdanie.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(texts, "templates", lambda: texts.load_texts(tmp_path))
    return tmp_path


def test_a_reason_renders_its_template_with_polish_figures(templates: Path) -> None:
    fact = reason(
        "t.kwota",
        "art. 1",
        kwota=Decimal("1069.9"),
        udzial=Decimal("0.35"),
        n=3,
        w=65,
        m=12,
        d=D(2024, 1, 1),
        ids=("a", "b"),
        ok=False,
        plain="x",
    )
    assert fact.text == (
        "Kwota 1 069,90 zł, udział 35 % (0,35), 3 osoby, 65 lat, 12 miesięcy, od 1 stycznia "
        "2024 r.; dzieci: a, b; dochód nie jest niższy; x."
    )
    assert fact.to_json()["facts"] == {
        "kwota": "1069.9",
        "udzial": "0.35",
        "n": 3,
        "w": 65,
        "m": 12,
        "d": "2024-01-01",
        "ids": ["a", "b"],
        "ok": False,
        "plain": "x",
    }


def test_a_missing_fact_or_template_is_an_error(templates: Path) -> None:
    with pytest.raises(texts.TextsError, match="no fact 'kwota'"):
        _ = reason("t.kwota", "art. 1").text
    with pytest.raises(texts.TextsError, match="no template"):
        _ = reason("t.nieznany", "art. 1").text


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "- a\n"}, "a mapping"),
        ({"a.yaml": "x: 1\n"}, "a template is a string"),
        ({"a.yaml": "x: 'a'\n", "b.yaml": "x: 'b'\n"}, "written in another file"),
        ({"a.yaml": "x: 'a {kwota:euro}'\n"}, "unknown format spec"),
        ({"a.yaml": "x: 'a {0}'\n"}, "not a fact name"),
        ({"a.yaml": "x: 'a {kwota'\n"}, "x:"),
    ],
)
def test_bad_template_files_are_refused(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(texts.TextsError, match=message):
        texts.load_texts(tmp_path)


def test_an_empty_template_file_is_no_templates(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("", encoding="utf-8")
    assert texts.load_texts(tmp_path) == {}


def test_polish_words_for_counts() -> None:
    assert [texts.osoby(n) for n in (1, 2, 5, 12, 22)] == [
        "1 osoba",
        "2 osoby",
        "5 osób",
        "12 osób",
        "22 osoby",
    ]
    assert [texts.lat(n) for n in (1, 22, 65)] == ["1 rok", "22 lata", "65 lat"]
    assert [texts.miesiecy(n) for n in (1, 3, 12)] == ["1 miesiąc", "3 miesiące", "12 miesięcy"]
    assert texts.procent(Decimal("1.3")) == "130 %"
    assert texts.procent(Decimal("2.65")) == "265 %"


# --- results ------------------------------------------------------------------------------


def test_a_result_states_its_period_parameters_and_unverified(templates: Path) -> None:
    used = ParameterUsed("a.b", Decimal("823"), D(2025, 1, 1), D(2027, 12, 31), "Dz.U.", True)
    result = Result(
        eligible=True,
        amount=Decimal("413"),
        reasons=(Reason("t.zdanie", "art. 1"),),
        period=Period("miesiac", D(2025, 2, 1), D(2025, 2, 28), True),
        parameters_used=(used,),
    )
    data = result.to_json()
    assert data["period"] == {
        "kind": "miesiac",
        "start": "2025-02-01",
        "end": "2025-02-28",
        "default": True,
    }
    assert data["parameters_used"] == [
        {
            "name": "a.b",
            "value": "823",
            "start": "2025-01-01",
            "end": "2027-12-31",
            "reference": "Dz.U.",
            "unverified": True,
        }
    ]
    assert data["unverified"] is True
    assert Result(eligible=False).to_json()["unverified"] is False
    assert "period" not in Result(eligible=False).to_json()
    flagged = Result(eligible=False, reasons=(Reason("t.zdanie", "art. 1", unverified=True),))
    assert flagged.unverified


def test_calculate_says_which_month_and_which_parameters_it_used() -> None:
    household = household_from_dict(pensioner())
    result = calculate("kryterium", household, D(2025, 3, 10))
    assert result.period == Period("miesiac", D(2025, 2, 1), D(2025, 2, 28), True)
    used = {p.name: p for p in result.parameters_used}
    single = used["pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca"]
    assert (single.value, single.start) == (Decimal("1010.00"), D(2025, 1, 1))
    stated = household_from_dict(pensioner(income_month="2024-12"))
    december = calculate("kryterium", stated, D(2025, 3, 10)).period
    assert december == Period("miesiac", D(2024, 12, 1), D(2024, 12, 31), False)


def test_family_benefits_assess_the_base_year_before_the_benefit_period() -> None:
    household = household_from_dict(pensioner())
    # Period 2025/2026 runs from 1.11.2025: its base year is 2024; on 31.10.2025 it is 2023.
    assert calculate("zasilek_pielegnacyjny", household, D(2025, 11, 1)).period == Period(
        "rok_bazowy", D(2024, 1, 1), D(2024, 12, 31), True
    )
    assert calculate("zasilek_pielegnacyjny", household, D(2025, 10, 31)).period == Period(
        "rok_bazowy", D(2023, 1, 1), D(2023, 12, 31), True
    )
    stated = household_from_dict(pensioner(base_year=2022))
    period = calculate("zasilek_pielegnacyjny", stated, D(2025, 11, 1)).period
    assert period is not None
    assert (period.start, period.default) == (D(2022, 1, 1), False)


def test_the_first_month_of_the_benefit_period_decides_the_base_year() -> None:
    september = ParameterSet(
        {
            "swiadczenia_rodzinne.okres_zasilkowy.pierwszy_miesiac": Parameter(
                "swiadczenia_rodzinne.okres_zasilkowy.pierwszy_miesiac",
                "x",
                "liczba",
                (DatedValue(D(2004, 5, 1), Decimal(9), "x", None, False),),
            )
        }
    )
    assert default_base_year(D(2010, 9, 1), september.at(D(2010, 9, 1))) == 2009
    assert default_base_year(D(2010, 8, 31), september.at(D(2010, 8, 31))) == 2008


def test_a_member_born_after_the_day_is_an_input_error() -> None:
    household = household_from_dict(
        pensioner(members=[pensioner()["members"][0] | {"birth_date": "2026-01-01"}])
    )
    with pytest.raises(RulesInputError) as error:
        calculate("kryterium", household, D(2025, 12, 31))
    assert error.value.field == "household.members[0].birth_date"


def test_a_day_past_what_is_known_names_the_parameter_that_ends(tmp_path: Path) -> None:
    path = (
        tmp_path / "pomoc_spoleczna" / "kryterium_dochodowe" / "osoba_samotnie_gospodarujaca.yaml"
    )
    path.parent.mkdir(parents=True)
    path.write_text(
        "description: x\nunit: zł\nknown_until: 2027-12-31\nvalues:\n"
        "  2025-01-01: {value: '1010.00', reference: Dz.U. 2024 poz. 1044}\n",
        encoding="utf-8",
    )
    parameter = load_parameter(path, tmp_path)
    assert parameter.known_until == D(2027, 12, 31)
    assert parameter.end_of(parameter.values[0]) == D(2027, 12, 31)
    parameters = ParameterSet({parameter.name: parameter})
    household = household_from_dict(pensioner())
    assert calculate("kryterium", household, D(2027, 12, 31), parameters).eligible
    with pytest.raises(RulesInputError) as error:
        calculate("kryterium", household, D(2028, 1, 1), parameters)
    assert error.value.field == "date"
    assert "osoba_samotnie_gospodarujaca is known only until 2027-12-31" in str(error.value)
    assert MissingParameterError("a", D(2028, 1, 1)).explain() == "no value of a on 2028-01-01"


def test_known_until_before_the_last_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "description: x\nunit: zł\nknown_until: 2024-12-31\nvalues:\n"
        "  2025-01-01: {value: '1', reference: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="known_until is before"):
        load_parameter(path, tmp_path)


# --- ages (art. 112 k.c.) -----------------------------------------------------------------


def test_ages_follow_article_112_of_the_civil_code() -> None:
    assert dzien_osiagniecia(D(1953, 1, 31), 60, 1) == D(2013, 2, 28)  # no 31 February
    assert dzien_osiagniecia(D(1952, 2, 29), 60) == D(2012, 2, 29)  # a leap year has it
    assert dzien_osiagniecia(D(1953, 2, 28), 60, 11) == D(2014, 1, 28)
    assert osiagnal(D(1953, 1, 31), D(2013, 2, 28), 60, 1)
    assert not osiagnal(D(1953, 1, 31), D(2013, 2, 27), 60, 1)
    assert wiek(D(2008, 2, 29), D(2026, 2, 28)) == 18
    assert wiek(D(2000, 12, 31), D(2025, 12, 30)) == 24


# --- strict JSON --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"members": [], "members": []}', "written twice"),
        (b'{"a": 1.5}', "write amounts as strings"),
        (b'{"a": 1e400}', "write amounts as strings"),
        (b'{"a": NaN}', "write amounts as strings"),
        (b'{"a": 1234567}', "too long"),
        (b"[" * 9 + b"]" * 9, "nested deeper"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b'{"a": "\xff"}', "not UTF-8"),
        (b"{", "not valid JSON"),
        (b" " * (jsoninput.MAX_BYTES + 1), "larger than"),
    ],
)
def test_bad_json_is_refused_in_one_line(raw: bytes, message: str) -> None:
    with pytest.raises(RulesInputError, match=message) as error:
        jsoninput.read(io.BytesIO(raw))
    assert error.value.field == "stdin"
    assert "\n" not in str(error.value)


def test_good_json_is_read() -> None:
    assert jsoninput.read(io.BytesIO(json.dumps(pensioner(base_year=2024)).encode())) == pensioner(
        base_year=2024
    )


amounts = st.one_of(
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
)
leaves = st.one_of(amounts, st.dates().map(str), st.sampled_from(["K", "M", "emerytura", "a"]))
json_values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "members",
                    "id",
                    "birth_date",
                    "sex",
                    "applicant",
                    "incomes",
                    "kind",
                    "amount",
                    "tax",
                    "cares_for",
                    "supplements",
                    "base_year",
                    "income_month",
                    "relation",
                    "x",
                ]
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_the_parser_never_fails_otherwise_than_by_naming_a_field(raw: Any) -> None:
    try:
        household = household_from_dict(raw)
    except RulesInputError as error:
        problem = error
    else:
        assert household.size >= 1
        return
    assert problem.field
    assert "\n" not in str(problem)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_the_json_reader_never_fails_otherwise_than_by_naming_the_input(raw: bytes) -> None:
    fields = []
    try:
        jsoninput.read(io.BytesIO(raw))
    except RulesInputError as error:
        fields.append(error.field)
    assert fields in ([], ["stdin"])


# --- cases assert reasons, parameters and the period ------------------------------------


CASE = """
- name: Emerytka 600 zł
  benefit: kryterium
  date: "2025-03-10"
  household:
    members:
      - {id: a, applicant: true, birth_date: "1950-05-05", sex: K,
         incomes: [{kind: emerytura, amount: "600.00"}]}
  expected:
    eligible: true
    reasons: [%s]
    parameters_used: {%s}
    period: {%s}
"""


def outcome(tmp_path: Path, reasons: str, used: str, period: str) -> tuple[str, ...]:
    path = tmp_path / "c.yaml"
    path.write_text(CASE % (reasons, used, period), encoding="utf-8")
    (case,) = load_cases(path)
    return run_case(case).differences


def test_a_case_passes_when_reasons_parameters_and_period_agree(tmp_path: Path) -> None:
    assert (
        outcome(
            tmp_path,
            "kryterium.w_kryterium, '!kryterium.powyzej_kryterium'",
            "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca: '1010.00'",
            "kind: miesiac, start: '2025-02-01'",
        )
        == ()
    )


def test_a_case_reports_what_differs(tmp_path: Path) -> None:
    differences = outcome(
        tmp_path,
        "kryterium.powyzej_kryterium, '!kryterium.w_kryterium'",
        "pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca: '1000', x.y: 1",
        "start: '2025-03-01'",
    )
    assert differences[0].startswith("reasons: expected kryterium.powyzej_kryterium, got ")
    assert differences[1].startswith("reasons: kryterium.w_kryterium should not be given")
    assert differences[2] == (
        "parameters_used: pomoc_spoleczna.kryterium_dochodowe.osoba_samotnie_gospodarujaca "
        "expected 1000, got 1010.00"
    )
    assert differences[3] == "parameters_used: x.y was not used"
    assert differences[4] == "period.start: expected 2025-03-01, got 2025-02-01"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ("  note: x\n", "note"),
        ("", "expected.reasons"),
    ],
)
def test_case_files_are_read_strictly(tmp_path: Path, extra: str, field: str) -> None:
    text = CASE % ("1", "", "") + extra if extra else CASE % ("1", "", "")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesInputError) as error:
        load_cases(path)
    assert error.value.field.endswith(field)


@pytest.mark.parametrize(
    ("used", "period", "field"),
    [("[]", "", "expected.parameters_used"), ("", "when: x", "expected.period")],
)
def test_case_assertions_have_their_shapes(
    tmp_path: Path, used: str, period: str, field: str
) -> None:
    text = (CASE % ("a", "", period)).replace(
        "parameters_used: {}", f"parameters_used: {used or '{}'}"
    )
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesInputError) as error:
        load_cases(path)
    assert error.value.field.endswith(field)


def test_the_shipped_templates_load() -> None:
    texts.templates.cache_clear()
    assert all(isinstance(template, str) for template in texts.templates().values())


def test_a_bad_income_kinds_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kinds.yaml"
    path.write_text("- wynagrodzenie\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a mapping of income kind ids"):
        load_income_kinds(path)
    assert "stypendium_szkolne" in INCOME_KINDS


def test_the_doc_shows_flags_counts_and_how_long_values_are_known() -> None:
    flag = Parameter(
        "pomoc_spoleczna.x",
        "Flaga",
        "flaga",
        (
            DatedValue(D(2004, 5, 1), Decimal(1), "art. 8", None, False),
            DatedValue(D(2019, 1, 1), Decimal(0), "art. 8", None, False),
        ),
        known_until=D(2027, 12, 31),
    )
    text = render_parameter(flag)
    assert "| 2004-05-01 | 2018-12-31 | tak |" in text
    assert "| 2019-01-01 | 2027-12-31 | nie |" in text
    assert "Wartości znane do 2027-12-31." in text
    assert format_value(Decimal(11), "liczba") == "11"


def test_whether_a_kind_counts_is_read_from_the_dated_flags() -> None:
    params = default_parameters().at(D(2025, 3, 1))
    assert wliczany("wynagrodzenie", params)
    assert not wliczany("swiadczenie_wychowawcze", params)
    assert not wliczany("swiadczenie_uzupelniajace", params)
    assert wliczany("swiadczenie_uzupelniajace", params, pieniezne=False)


def test_a_household_built_in_python_is_held_to_the_catalogue_too() -> None:
    built = Household(
        members=(Member("a", D(1950, 1, 1), "K", applicant=True, incomes=(Income("dochod", ZL),)),)
    )
    with pytest.raises(RulesInputError) as error:
        calculate("kryterium", built, D(2025, 3, 10))
    assert error.value.field == "household.members[0].incomes[0].kind"


ZL = Decimal("100.00")


def test_a_period_that_cannot_be_found_is_an_error_on_the_date() -> None:
    household = household_from_dict(pensioner())
    with pytest.raises(RulesInputError) as error:
        calculate("zasilek_pielegnacyjny", household, D(2025, 3, 10), ParameterSet({}))
    assert error.value.field == "date"
    assert "okres_zasilkowy.pierwszy_miesiac" in str(error.value)
