"""Every definition file under forms/ loads and passes the loader's checks, and the 2021 form
holds what the sources confirm about it."""

from datetime import date
from pathlib import Path

import pytest

from ostoja.casework.questionnaire import (
    FORMS_DIR,
    KIND_CODES,
    AnswerType,
    Questionnaire,
    get_questionnaire,
    load_file,
    load_questionnaires,
    questionnaire_for,
)


@pytest.mark.parametrize("path", sorted(FORMS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_form_file_loads(path: Path) -> None:
    loaded = load_file(path)
    assert load_questionnaires()[(loaded.code, loaded.version)] == loaded


def test_there_is_a_form_file() -> None:
    assert sorted(p.name for p in FORMS_DIR.glob("*.yaml")) == ["rws-2021.yaml"]


@pytest.fixture
def rws() -> Questionnaire:
    return get_questionnaire("rws-2021", "1")


def test_the_2021_form_takes_effect_in_november_2021(rws: Questionnaire) -> None:
    # Published on 14 May 2021; 11 November is 180 days later, 15 November six months later.
    assert rws.valid_from == date(2021, 11, 11)
    assert rws.valid_to is None
    assert "15 November 2021" in rws.note
    assert "Dz.U. 2021 poz. 893" in rws.legal_basis


@pytest.mark.parametrize("kind", KIND_CODES)
def test_the_2021_form_serves_every_kind_from_its_first_day(kind: str) -> None:
    assert questionnaire_for(kind, date(2021, 11, 11)).code == "rws-2021"
    assert questionnaire_for(kind, date(2026, 12, 2)).code == "rws-2021"


def test_part_one_has_segments_a_to_j_with_a_h_i_j_mandatory(rws: Questionnaire) -> None:
    part = rws.part("I")
    assert [s.code for s in part.segments] == [f"I.{letter}" for letter in "ABCDEFGHIJ"]
    assert [s.code for s in part.segments if s.mandatory] == ["I.A", "I.H", "I.I", "I.J"]


def test_segment_a_shows_the_household_from_the_registry(rws: Questionnaire) -> None:
    registry = [q for q in rws.segment("I.A").questions if q.type is AnswerType.REGISTRY]
    assert [q.source for q in registry] == ["members", "address", "incomes"]
    assert not any(q.required for q in registry)


@pytest.mark.parametrize("code", ["I.H", "I.I", "I.J"])
def test_needs_diagnosis_and_plan_are_required_long_texts(rws: Questionnaire, code: str) -> None:
    first = rws.segment(code).questions[0]
    assert first.type is AnswerType.LONG_TEXT
    assert first.required


def test_segment_c_is_the_analysis_of_living_conditions(rws: Questionnaire) -> None:
    assert "warunków bytowych" in rws.segment("I.C").title
    assert rws.question("I.C.2").unit == "m²"


def test_amounts_are_in_zloty_and_farms_in_hectares(rws: Questionnaire) -> None:
    assert rws.question("I.B.2").unit == "zł"
    assert rws.question("OM.A.1").unit == "zł"
    assert rws.question("OM.B.5").decimal_places == 4
    assert rws.question("OM.B.6").decimal_places == 4


def test_the_kinds_use_their_parts(rws: Questionnaire) -> None:
    assert dict(rws.kinds) == {
        "pelny": ("I", "OM", "OE"),
        "aktualizacja": ("IV", "OM", "OE"),
        "swiadczenia_rodzinne": ("SR",),
        "odmowa": (),
        "niemozliwy": (),
    }
    assert rws.questions_for("odmowa") == ()
    assert rws.questions_for("niemozliwy") == ()


def test_the_update_has_a_required_summary(rws: Questionnaire) -> None:
    required = [q.key for q in rws.questions_for("aktualizacja") if q.required]
    assert required == ["IV.A.2"]


def test_the_electronic_statement_has_the_three_confirmations_of_annex_2(
    rws: Questionnaire,
) -> None:
    statement = rws.segment("OE.A").questions
    assert [q.type for q in statement[:3]] == [AnswerType.YES_NO] * 3
    assert "fałszywych zeznań" in statement[2].label
    assert [q.type for q in statement[3:]] == [AnswerType.DATE, AnswerType.TEXT]


def test_the_property_statement_is_made_under_the_perjury_warning(rws: Questionnaire) -> None:
    warning = rws.question("OM.D.2")
    assert warning.type is AnswerType.YES_NO
    assert "odpowiedzialności karnej" in warning.label


def test_what_is_not_confirmed_is_marked_and_explained(rws: Questionnaire) -> None:
    # The family-benefits part's number in the 2021 form is not confirmed.
    assert rws.part("SR").uncertain
    for part in rws.parts:
        assert part.note, part.code
        for segment in part.segments:
            assert not segment.uncertain or segment.note, segment.code
