"""Every reason the cases produce renders from its template, and every template is the sentence
of some case: a template no case reaches is either dead or a rule without a worked example."""

from pathlib import Path

from ostoja.rules import texts
from ostoja.rules.benefits import calculate
from ostoja.rules.cases import case_files, load_cases

CASES = Path(__file__).parent.parent / "cases"
# Reasons given only under the alternative setting of an interpretive choice (docs/legal/
# choices.md); the cases follow the default, and the tests that flip each choice render these.
ONLY_UNDER_THE_ALTERNATIVE_CHOICE = frozenset(
    {
        "dochod.ujemny_przyjety_jako_zero",
        "zasilek_okresowy.roznica_ponizej_minimum",
        "zasilek_okresowy.udzial_ponad_limitem",
        "zasilek_staly.zbieg_uprawnien_czlonka_rodziny",
    }
)


def rendered_codes() -> set[str]:
    codes = set()
    for path in case_files([str(CASES)]):
        for case in load_cases(path):
            for reason in calculate(case.benefit, case.household, case.day).reasons:
                assert reason.text  # renders, or raises naming the missing fact
                codes.add(reason.code)
    return codes


def test_every_template_is_rendered_by_some_case() -> None:
    unused = set(texts.templates()) - rendered_codes() - ONLY_UNDER_THE_ALTERNATIVE_CHOICE
    assert not unused, f"templates no case renders: {sorted(unused)}"
