import pytest

from ostoja.payments.bankfiles import TitleTemplateError, check_title_template, render_title
from ostoja.payments.bankfiles.titles import placeholders

TEMPLATE = (
    "{benefit} za {month}|Dec. {decision}|Świadczenie z pomocy społecznej|"
    "wolne od egzekucji art.833 KPC"
)
VALUES = {"benefit": "Zasiłek stały", "month": "03/2025", "decision": "OPS.8310.12.2025"}


def test_the_example_title_of_the_specification() -> None:
    assert render_title(TEMPLATE, VALUES) == (
        "Zasiłek stały za 03/2025",
        "Dec. OPS.8310.12.2025",
        "Świadczenie z pomocy społecznej",
        "wolne od egzekucji art.833 KPC",
    )


def test_a_prefix_code_goes_before_the_first_line() -> None:
    assert render_title("{benefit}|Dec. {decision}", VALUES, prefix=" SR ") == (
        "SR Zasiłek stały",
        "Dec. OPS.8310.12.2025",
    )


def test_an_empty_prefix_changes_nothing() -> None:
    assert render_title("{benefit}", VALUES, prefix="") == ("Zasiłek stały",)


def test_a_value_cannot_add_a_line() -> None:
    assert render_title("{benefit}", {"benefit": "A|B"}) == ("A B",)


def test_empty_lines_are_left_out_and_white_space_tidied() -> None:
    assert render_title("  {benefit}  ||  za  {month} |", VALUES) == (
        "Zasiłek stały",
        "za 03/2025",
    )


def test_doubled_braces_are_braces() -> None:
    assert render_title("{{{benefit}}}", VALUES) == ("{Zasiłek stały}",)


def test_an_unknown_placeholder_is_named() -> None:
    with pytest.raises(TitleTemplateError) as error:
        render_title("{benefit} za {miesiac}", VALUES)
    assert error.value.placeholder == "miesiac"
    assert "{miesiac}" in error.value.message


@pytest.mark.parametrize(
    "template",
    ["{benefit", "benefit}", "{benefit.__class__}", "{benefit[0]}", "{benefit!r}", "{}", "{1}"],
)
def test_a_malformed_template_is_an_error(template: str) -> None:
    # Attribute access, indexes and conversions of str.format are not placeholders here.
    with pytest.raises(TitleTemplateError):
        render_title(template, VALUES)


def test_the_settings_form_check_accepts_a_good_template() -> None:
    assert check_title_template(TEMPLATE, VALUES) == {"benefit", "month", "decision"}


def test_the_settings_form_check_names_an_unknown_placeholder() -> None:
    with pytest.raises(TitleTemplateError) as error:
        check_title_template("{benefit} {decyzja}", ["benefit", "decision"])
    assert error.value.placeholder == "decyzja"


def test_the_settings_form_check_refuses_more_than_four_lines() -> None:
    with pytest.raises(TitleTemplateError):
        check_title_template("a|b|c|d|e", [])
    assert check_title_template("a|b|c|d", []) == frozenset()


def test_the_settings_form_check_refuses_an_empty_template() -> None:
    with pytest.raises(TitleTemplateError):
        check_title_template(" | ", [])


def test_title_template_error_is_a_value_error() -> None:
    assert issubclass(TitleTemplateError, ValueError)


def test_placeholders() -> None:
    assert placeholders("{a} {{b}} {c}") == {"a", "c"}
