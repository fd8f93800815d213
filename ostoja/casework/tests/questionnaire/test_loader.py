"""The loader: every kind of problem in a definition file is refused with the file's name and
the place, and the form of a day is chosen by kind and validity."""

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from ostoja.casework.questionnaire import (
    FORMS_DIR,
    AnswerType,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireError,
    QuestionnaireNotFound,
    get_questionnaire,
    load_directory,
    load_file,
    load_questionnaires,
    questionnaire_for,
    questionnaires_list,
)

BY_DAY = Path(__file__).resolve().parent / "fixtures" / "by_day"

BASE: dict[str, Any] = {
    "code": "test",
    "version": "1",
    "title": "Formularz testowy",
    "legal_basis": "Akt testowy",
    "valid_from": date(2021, 11, 11),
    "valid_to": None,
    "kinds": {"pelny": ["I"], "odmowa": []},
    "parts": [
        {
            "code": "I",
            "title": "Część I",
            "segments": [
                {
                    "code": "I.A",
                    "title": "A",
                    "mandatory": True,
                    "questions": [
                        {"key": "I.A.1", "label": "Skład", "type": "registry", "source": "members"},
                        {"key": "I.A.2", "label": "Opis", "type": "long_text", "required": True},
                    ],
                },
                {
                    "code": "I.B",
                    "title": "B",
                    "uncertain": True,
                    "note": "Not confirmed.",
                    "questions": [
                        {
                            "key": "I.B.1",
                            "label": "Rodzaj",
                            "type": "choice",
                            "choices": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}],
                        },
                        {"key": "I.B.2", "label": "Kwota", "type": "decimal", "unit": "zł"},
                    ],
                },
            ],
        }
    ],
}


def write(directory: Path, data: object, name: str = "form.yaml") -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def form(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def segment_a(data: dict[str, Any]) -> dict[str, Any]:
    return data["parts"][0]["segments"][0]  # type: ignore[no-any-return]


def segment_b(data: dict[str, Any]) -> dict[str, Any]:
    return data["parts"][0]["segments"][1]  # type: ignore[no-any-return]


def question_b(data: dict[str, Any], n: int) -> dict[str, Any]:
    return segment_b(data)["questions"][n]  # type: ignore[no-any-return]


def test_the_base_fixture_loads(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, BASE))
    assert loaded.code == "test"
    assert loaded.version == "1"
    assert [q.key for q in loaded.questions_for("pelny")] == ["I.A.1", "I.A.2", "I.B.1", "I.B.2"]
    assert loaded.question("I.B.1").choices == (Choice("a", "A"), Choice("b", "B"))
    assert loaded.question("I.B.2").unit == "zł"
    assert loaded.question("I.A.1").source == "members"
    assert loaded.segment("I.B").uncertain
    assert loaded.note == ""


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


def _append_question(question: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        segment_b(data)["questions"].append(question)

    return mutate


def _append_segment(segment: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["parts"][0]["segments"].append(segment)

    return mutate


def _append_part(part: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["parts"].append(part)

    return mutate


SEG = ["parts", 0, "segments"]
QB = [*SEG, 1, "questions"]


def one_question(segment: str) -> list[dict[str, Any]]:
    return [{"key": f"{segment}.1", "label": "x", "type": "text"}]


BAD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("unknown form field", _set(["colour"], "red"), r"form: unknown field\(s\) colour"),
    ("form code", _set(["code"], "RWS 2021"), "'code' must be lower-case"),
    ("form code missing", _delete(["code"]), "'code' is missing"),
    ("version as a number", _set(["version"], 1), "'version' must be a string"),
    ("title not a string", _set(["title"], ["x"]), "'title' must be a string, not list"),
    ("legal basis missing", _delete(["legal_basis"]), "'legal_basis' is missing"),
    ("valid_from missing", _delete(["valid_from"]), "'valid_from' is missing"),
    ("valid_from not a date", _set(["valid_from"], "11.11.2021"), "'valid_from' must be a date"),
    ("valid_from a number", _set(["valid_from"], 2021), "'valid_from' must be a date"),
    ("valid_to before valid_from", _set(["valid_to"], date(2021, 1, 1)), "before 'valid_from'"),
    ("parts missing", _delete(["parts"]), "'parts' is missing"),
    ("parts empty", _set(["parts"], []), "'parts' is empty"),
    ("parts not a list", _set(["parts"], {"I": {}}), "'parts' must be a list"),
    ("part not a mapping", _set(["parts", 0], "I"), r"parts\[0\]: must be a mapping"),
    ("part code", _set(["parts", 0, "code"], "i"), "part code must be upper-case"),
    ("unknown part field", _set(["parts", 0, "pages"], 2), r"unknown field\(s\) pages"),
    (
        "repeated part",
        _append_part(
            {
                "code": "I",
                "title": "x",
                "segments": [{"code": "I.Z", "title": "z", "questions": one_question("I.Z")}],
            }
        ),
        "part 'I' repeats",
    ),
    (
        "uncertain part without a note",
        _set(["parts", 0, "uncertain"], True),
        "an uncertain part or segment needs a note",
    ),
    ("segments empty", _set([*SEG], []), "'segments' is empty"),
    ("segment code outside its part", _set([*SEG, 0, "code"], "II.A"), "segment code must be 'I."),
    ("segment code tail", _set([*SEG, 0, "code"], "I.a"), "segment code must be 'I."),
    (
        "repeated segment",
        _append_segment({"code": "I.B", "title": "again", "questions": one_question("I.B")}),
        "segment 'I.B' repeats",
    ),
    (
        "flag not a boolean",
        _set([*SEG, 1, "mandatory"], "yes"),
        "'mandatory' must be true or false",
    ),
    ("uncertain segment without a note", _delete([*SEG, 1, "note"]), "needs a note"),
    ("unknown segment field", _set([*SEG, 1, "hint"], "x"), r"unknown field\(s\) hint"),
    ("questions empty", _set([*SEG, 1, "questions"], []), "'questions' is empty"),
    (
        "mandatory segment without a required question",
        _set([*SEG, 1, "mandatory"], True),
        "a mandatory segment needs at least one required or registry question",
    ),
    ("question key missing", _delete([*QB, 0, "key"]), "'key' is missing"),
    (
        "question key outside its segment",
        _set([*QB, 0, "key"], "I.A.9"),
        "key must be 'I.B.<number>'",
    ),
    ("question key tail", _set([*QB, 0, "key"], "I.B.x"), "key must be 'I.B.<number>'"),
    (
        "repeated question key",
        _append_question({"key": "I.B.1", "label": "again", "type": "text"}),
        "question key 'I.B.1' repeats",
    ),
    ("unknown answer type", _set([*QB, 1, "type"], "money"), "unknown answer type 'money'"),
    ("label missing", _delete([*QB, 1, "label"]), "'label' is missing"),
    ("unknown question field", _set([*QB, 1, "max"], 5), r"unknown field\(s\) max"),
    ("choice type without choices", _delete([*QB, 0, "choices"]), "'choices' is missing"),
    ("choices not a list", _set([*QB, 0, "choices"], "a, b"), "'choices' must be a list"),
    (
        "choices on a text question",
        _append_question(
            {"key": "I.B.3", "label": "x", "type": "text", "choices": [{"code": "a", "label": "A"}]}
        ),
        "choices are only for choice and multi_choice",
    ),
    ("repeated choice code", _set([*QB, 0, "choices", 1, "code"], "a"), "choice codes repeat"),
    ("choice code", _set([*QB, 0, "choices", 1, "code"], "Tak!"), "choice code 'Tak!' must be"),
    ("choice code not text", _set([*QB, 0, "choices", 1, "code"], True), "'code' must be a string"),
    ("choice label missing", _delete([*QB, 0, "choices", 1, "label"]), "'label' is missing"),
    (
        "unit on a text question",
        _append_question({"key": "I.B.3", "label": "x", "type": "text", "unit": "zł"}),
        "a unit is only for integer and decimal",
    ),
    (
        "source on a text question",
        _append_question({"key": "I.B.3", "label": "x", "type": "text", "source": "members"}),
        "a source is only for the registry type",
    ),
    (
        "registry question without a source",
        _delete([*SEG, 0, "questions", 0, "source"]),
        "'source' is missing",
    ),
    (
        "required registry question",
        _set([*SEG, 0, "questions", 0, "required"], True),
        "a registry question is read-only and cannot be required",
    ),
    (
        "required question in an optional segment",
        _set([*QB, 1, "required"], True),
        "only questions of a mandatory segment can be required",
    ),
    (
        "decimal places on an integer",
        _append_question({"key": "I.B.3", "label": "x", "type": "integer", "decimal_places": 2}),
        "'decimal_places' is only for decimal",
    ),
    (
        "too many decimal places",
        _set([*QB, 1, "decimal_places"], 9),
        "'decimal_places' must be a whole number from 0 to 6",
    ),
    (
        "decimal places as a boolean",
        _set([*QB, 1, "decimal_places"], True),
        "'decimal_places' must be a whole number",
    ),
    ("kinds missing", _delete(["kinds"]), "'kinds' must map interview kinds"),
    ("kinds empty", _set(["kinds"], {}), "'kinds' must map interview kinds"),
    ("unknown kind", _set(["kinds", "wizyta"], ["I"]), "unknown interview kind 'wizyta'"),
    (
        "kind to an unknown part",
        _set(["kinds", "pelny"], ["I", "IX"]),
        r"kind 'pelny' refers to unknown part\(s\) IX",
    ),
    ("kind not a list", _set(["kinds", "pelny"], "I"), "kind 'pelny' must list part codes"),
    (
        "kind listing a part twice",
        _set(["kinds", "pelny"], ["I", "I"]),
        "kind 'pelny' lists a part twice",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "problem"), [(m, p) for _, m, p in BAD], ids=[n for n, _, _ in BAD]
)
def test_a_bad_definition_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], problem: str
) -> None:
    data = copy.deepcopy(BASE)
    mutate(data)
    path = write(tmp_path, data, "bad-form.yaml")
    with pytest.raises(QuestionnaireError, match=problem) as raised:
        load_file(path)
    assert str(raised.value).startswith("bad-form.yaml: ")


def test_a_kind_without_parts_may_be_written_empty(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, form(kinds={"pelny": ["I"], "niemozliwy": None})))
    assert loaded.kinds["niemozliwy"] == ()
    assert loaded.parts_for("niemozliwy") == ()


def test_dates_may_be_written_as_text(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, form(valid_from="2021-11-11", valid_to="2030-12-31")))
    assert loaded.valid_from == date(2021, 11, 11)
    assert loaded.valid_to == date(2030, 12, 31)


def test_a_date_with_a_time_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "timed.yaml"
    path.write_text(
        write(tmp_path, BASE)
        .read_text(encoding="utf-8")
        .replace("valid_from: 2021-11-11", "valid_from: 2021-11-11 08:00:00"),
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError, match="'valid_from' must be a date without a time"):
        load_file(path)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"^list\.yaml: form: must be a mapping"):
        load_file(write(tmp_path, ["code", "test"], "list.yaml"))


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"^empty\.yaml: form: must be a mapping"):
        load_file(path)


def test_broken_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("code: [test\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"^broken\.yaml: cannot be read"):
        load_file(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"^absent\.yaml: cannot be read"):
        load_file(tmp_path / "absent.yaml")


def test_the_same_code_and_version_in_two_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path, BASE, "a.yaml")
    write(tmp_path, form(valid_from=date(2030, 1, 1)), "b.yaml")
    with pytest.raises(QuestionnaireError, match=r"^b\.yaml: test version 1 repeats"):
        load_directory(tmp_path)


def test_two_forms_starting_on_the_same_day_for_a_kind_are_refused(tmp_path: Path) -> None:
    write(tmp_path, BASE, "a.yaml")
    write(tmp_path, form(version="2"), "b.yaml")
    with pytest.raises(QuestionnaireError, match="both start on 2021-11-11 for odmowa, pelny"):
        load_directory(tmp_path)


def test_forms_starting_on_the_same_day_for_different_kinds_are_accepted(tmp_path: Path) -> None:
    write(tmp_path, BASE, "a.yaml")
    write(tmp_path, form(code="other", kinds={"aktualizacja": ["I"]}), "b.yaml")
    assert set(load_directory(tmp_path)) == {("test", "1"), ("other", "1")}


def test_only_yaml_files_are_read(tmp_path: Path) -> None:
    write(tmp_path, BASE, "form.yaml")
    (tmp_path / "notes.txt").write_text("not a form", encoding="utf-8")
    assert list(load_directory(tmp_path)) == [("test", "1")]


# ---------------------------------------------------------------------------------------------
# The form of a day
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "code"),
    [
        ("pelny", date(2016, 9, 1), "test-2016"),
        ("pelny", date(2021, 11, 10), "test-2016"),
        ("pelny", date(2021, 11, 11), "test-2021"),
        ("pelny", date(2030, 1, 1), "test-2021"),
        ("aktualizacja", date(2021, 11, 10), "test-2016"),
        ("odmowa", date(2021, 11, 11), "test-2021"),
    ],
)
def test_the_form_valid_on_the_day_for_the_kind_is_chosen(kind: str, day: date, code: str) -> None:
    assert questionnaire_for(kind, day, directory=BY_DAY).code == code


@pytest.mark.parametrize(
    ("kind", "day"),
    [
        # Before the older form took effect.
        ("pelny", date(2016, 8, 31)),
        # The older form ended and the newer one does not define the update.
        ("aktualizacja", date(2021, 11, 11)),
        # No form defines it on that day.
        ("odmowa", date(2021, 11, 10)),
        ("swiadczenia_rodzinne", date(2024, 1, 1)),
    ],
)
def test_no_form_for_the_kind_on_the_day_raises(kind: str, day: date) -> None:
    with pytest.raises(QuestionnaireNotFound, match=f"no questionnaire for '{kind}' valid on"):
        questionnaire_for(kind, day, directory=BY_DAY)


def test_of_two_forms_in_force_the_later_one_is_chosen(tmp_path: Path) -> None:
    write(tmp_path, form(code="old", valid_from=date(2016, 1, 1)), "old.yaml")
    write(tmp_path, form(code="new", valid_from=date(2021, 11, 11)), "new.yaml")
    assert questionnaire_for("pelny", date(2020, 1, 1), directory=tmp_path).code == "old"
    assert questionnaire_for("pelny", date(2022, 1, 1), directory=tmp_path).code == "new"


def test_get_questionnaire_by_code_and_version() -> None:
    found = get_questionnaire("test-2016", "1", directory=BY_DAY)
    assert found.title == "Formularz testowy (starszy)"
    with pytest.raises(QuestionnaireNotFound, match="no questionnaire test-2016 version 2"):
        get_questionnaire("test-2016", "2", directory=BY_DAY)
    with pytest.raises(LookupError):
        get_questionnaire("rws-2016", "1")


def test_the_list_of_forms_is_newest_first() -> None:
    assert [f.code for f in questionnaires_list(BY_DAY)] == ["test-2021", "test-2016"]


def test_the_forms_are_read_once() -> None:
    assert load_questionnaires() is load_questionnaires()
    assert load_questionnaires(BY_DAY) is load_questionnaires(BY_DAY)
    assert load_questionnaires(FORMS_DIR) == load_questionnaires()


# ---------------------------------------------------------------------------------------------
# The dataclasses
# ---------------------------------------------------------------------------------------------


def test_lookups_of_a_form() -> None:
    older = get_questionnaire("test-2016", "1", directory=BY_DAY)
    assert older.part("IV").title == "Część IV"
    assert older.segment("IV.A").questions[0].key == "IV.A.1"
    assert older.segment_of("IV.A.1").code == "IV.A"
    assert older.has_question("I.A.1")
    assert not older.has_question("I.A.2")
    assert [p.code for p in older.parts_for("aktualizacja")] == ["IV"]
    assert [s.code for s in older.segments_for("pelny")] == ["I.A"]
    assert older.part("I").questions == older.questions_for("pelny")
    for lookup, missing in [
        (older.part, "IX"),
        (older.segment, "I.Z"),
        (older.segment_of, "I.Z.1"),
        (older.question, "I.Z.1"),
        (older.parts_for, "wizyta"),
    ]:
        with pytest.raises(KeyError):
            lookup(missing)


def test_validity_on_a_day() -> None:
    older = get_questionnaire("test-2016", "1", directory=BY_DAY)
    assert not older.is_valid_on(date(2016, 8, 31))
    assert older.is_valid_on(date(2016, 9, 1))
    assert older.is_valid_on(date(2021, 11, 10))
    assert not older.is_valid_on(date(2021, 11, 11))


def test_the_label_names_the_version() -> None:
    with translation.override("pl"):
        label = get_questionnaire("test-2016", "1", directory=BY_DAY).label
    assert label == "Formularz testowy (starszy) (wersja 1)"


def test_kinds_cannot_be_changed_after_loading() -> None:
    made = Questionnaire(
        code="x",
        version="1",
        title="x",
        legal_basis="x",
        valid_from=date(2021, 1, 1),
        valid_to=None,
        parts=(),
        kinds={"pelny": ["I"]},  # type: ignore[dict-item]
    )
    assert made.kinds["pelny"] == ("I",)
    with pytest.raises(TypeError):
        made.kinds["odmowa"] = ()  # type: ignore[index]
    empty = Questionnaire(
        code="x", version="1", title="x", legal_basis="x", valid_from=date(2021, 1, 1),
        valid_to=None, parts=(),
    )  # fmt: skip
    assert dict(empty.kinds) == {}


def test_an_unknown_choice_code_shows_as_it_is() -> None:
    question = Question("X.A.1", "x", AnswerType.CHOICE, choices=(Choice("a", "A"),))
    assert question.choice_label("a") == "A"
    assert question.choice_label("zz") == "zz"
