from decimal import Decimal

from ostoja.rules.result import Result, grosze, zl


def test_grosze_round_half_up() -> None:
    assert grosze(Decimal("484.505")) == Decimal("484.51")
    assert grosze(Decimal("484.504")) == Decimal("484.50")


def test_amounts_in_sentences_are_polish() -> None:
    assert zl(Decimal("1069.9")) == "1 069,90 zł"
    assert zl(Decimal("5")) == "5,00 zł"


def test_json_has_two_decimals_and_leaves_out_what_is_absent() -> None:
    result = Result(
        eligible=True,
        amount=Decimal("413"),
        criterion=Decimal("1010"),
    )
    assert result.to_json() == {
        "eligible": True,
        "amount": "413.00",
        "criterion": "1010.00",
        "reasons": [],
        "parameters_used": [],
        "unverified": False,
    }
