"""Registers of decisions and authorisations to sign them."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ostoja.benefits.catalogue import Act
from ostoja.benefits.models import DecisionRegister
from ostoja.benefits.services import configuration as services
from ostoja.benefits.services import decisions as decision_services
from ostoja.benefits.tests.decisions import factories
from ostoja.core.locking import ConflictError
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db

UPS, USR = Act.SOCIAL_ASSISTANCE, Act.FAMILY_BENEFITS


def _errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


# ---------------------------------------------------------------------------------------------
# Registers
# ---------------------------------------------------------------------------------------------


def test_the_administrator_creates_a_register(administrator: Any) -> None:
    register = services.register_create(
        actor=administrator, name="Pomoc społeczna", symbol=" GOPS.8311 ", act=UPS
    )
    assert register.symbol == "GOPS.8311"
    record = ActionRecord.objects.get(action=services.REGISTER_CREATE)
    # The first number of 2025 under the default pattern {symbol}.{number}.{year}.
    assert record.details["example"] == "GOPS.8311.1.2025"


def test_a_clerk_may_not_create_a_register(clerk: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.register_create(actor=clerk, name="Rejestr", symbol="GOPS.8311", act=UPS)


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("{symbol}/{year}", "{number}"),
        ("{symbol}.{number}", "{year}"),
        ("{symbol}.{number}.{year}.{case}", "{symbol}, {number}"),
    ],
)
def test_a_pattern_that_cannot_number_decisions_is_refused(
    administrator: Any, pattern: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.register_create(
            actor=administrator, name="Rejestr", symbol="GOPS.8311", act=UPS, pattern=pattern
        )
    assert fragment in _errors(raised)["pattern"][0]


def test_a_pattern_whose_numbers_would_not_fit_is_refused(administrator: Any) -> None:
    # A 40-character symbol written twice: 40 + 1 + 40 + 1 + 6 digits + 1 + 4 = 93 > 80.
    with pytest.raises(ValidationError) as raised:
        services.register_create(
            actor=administrator,
            name="Rejestr",
            symbol="GOPS." + "8" * 35,
            act=UPS,
            pattern="{symbol}/{symbol}/{number}/{year}",
        )
    assert "80" in _errors(raised)["pattern"][0]


def test_a_symbol_is_used_once_and_an_act_has_one_register_in_use(administrator: Any) -> None:
    services.register_create(actor=administrator, name="Pomoc", symbol="GOPS.8311", act=UPS)
    with pytest.raises(ValidationError) as raised:
        services.register_create(actor=administrator, name="Druga", symbol="GOPS.8311", act=USR)
    assert "symbol" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        services.register_create(actor=administrator, name="Druga", symbol="GOPS.8312", act=UPS)
    assert "Pomoc (GOPS.8311)" in _errors(raised)["act"][0]
    # A register no longer in use does not stand in the way.
    services.register_create(
        actor=administrator, name="Dawny", symbol="GOPS.8310", act=UPS, active=False
    )


def test_a_register_is_updated_from_the_version_the_form_shows(administrator: Any) -> None:
    register = services.register_create(
        actor=administrator, name="Pomoc", symbol="GOPS.8311", act=UPS
    )
    services.register_update(
        actor=administrator, register=register, base_version=1, pattern="{symbol}-{number}/{year}"
    )
    register.refresh_from_db()
    assert register.format_number(number=7, year=2025) == "GOPS.8311-7/2025"
    assert register.version == 2
    stale = DecisionRegister.objects.get(pk=register.pk)
    with pytest.raises(ConflictError):
        services.register_update(actor=administrator, register=stale, base_version=1, name="X")


def test_the_register_of_the_act_comes_before_the_one_for_both(db: None) -> None:
    both = factories.register(symbol="GOPS.831", act="")
    assert services.register_for(UPS) == both
    own = factories.register(symbol="GOPS.8311", act=UPS)
    assert services.register_for(UPS) == own
    assert services.register_for(USR) == both


# ---------------------------------------------------------------------------------------------
# Authorisations
# ---------------------------------------------------------------------------------------------


def _grant(actor: Any, user: Any, **values: Any) -> Any:
    arguments: dict[str, Any] = {
        "number": "OR.0052.3.2025",
        "granted_by": "Wójt Gminy Dębowo",
        "granted_on": datetime.date(2025, 1, 2),
        "valid_from": datetime.date(2025, 1, 2),
        "valid_to": None,
        "social_assistance": True,
        "family_benefits": False,
        "position": "Kierownik GOPS w Dębowie",
        **values,
    }
    return services.authorisation_create(actor=actor, user=user, **arguments)


def test_an_authorisation_is_recorded_as_the_letter_says(administrator: Any, director: Any) -> None:
    authorisation = _grant(administrator, director)
    assert authorisation.recorded_by == administrator
    assert ActionRecord.objects.filter(action=services.AUTHORISATION_CREATE).count() == 1


def test_an_authorisation_is_refused_where_the_letter_does_not_allow_it(
    administrator: Any, director: Any, accountant: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        _grant(administrator, director, valid_from=datetime.date(2025, 1, 1))
    assert "02.01.2025" in _errors(raised)["valid_from"][0]
    with pytest.raises(ValidationError) as raised:
        _grant(administrator, director, granted_on=datetime.date(2025, 4, 2))
    assert "granted_on" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        _grant(administrator, director, valid_to=datetime.date(2025, 1, 1))
    assert "valid_to" in _errors(raised)
    with pytest.raises(ValidationError) as raised:
        _grant(administrator, director, social_assistance=False)
    assert "__all__" in _errors(raised)
    # Accounting does not sign decisions: an authorisation for it is a mistake.
    with pytest.raises(ValidationError) as raised:
        _grant(administrator, accountant)
    assert "user" in _errors(raised)


def test_valid_authorisation_counts_both_ends_and_the_act(director: Any) -> None:
    authorisation = factories.authorisation(
        director,
        recorded_by=director,
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
        family_benefits=False,
    )
    assert services.valid_authorisation(director, UPS, datetime.date(2025, 1, 1)) == authorisation
    assert services.valid_authorisation(director, UPS, datetime.date(2025, 6, 30)) == authorisation
    assert services.valid_authorisation(director, UPS, datetime.date(2024, 12, 31)) is None
    assert services.valid_authorisation(director, UPS, datetime.date(2025, 7, 1)) is None
    assert services.valid_authorisation(director, USR, datetime.date(2025, 3, 1)) is None


def test_a_revoked_authorisation_holds_until_the_day_before(
    administrator: Any, director: Any
) -> None:
    authorisation = factories.authorisation(director, recorded_by=director)
    services.authorisation_revoke(
        actor=administrator, authorisation=authorisation, revoked_on=datetime.date(2025, 3, 15)
    )
    assert services.valid_authorisation(director, UPS, datetime.date(2025, 3, 14)) is not None
    assert services.valid_authorisation(director, UPS, datetime.date(2025, 3, 15)) is None
    with pytest.raises(ValidationError) as raised:
        services.authorisation_revoke(
            actor=administrator, authorisation=authorisation, revoked_on=datetime.date(2025, 4, 1)
        )
    assert "15.03.2025" in _errors(raised)["revoked_on"][0]


def test_a_revocation_does_not_reach_back_past_a_signature(
    administrator: Any,
    clerk: Any,
    signer: Any,
    household: Any,
    grant_values: Any,
    ups_register: Any,
) -> None:
    decision = factories.for_signature(actor=clerk, household=household, **grant_values)
    decision_services.decision_sign(actor=signer, decision=decision, base_version=decision.version)
    authorisation = signer.authorisations.get()
    # Signed on 1 April 2025: revoked at the earliest from 2 April.
    with pytest.raises(ValidationError) as raised:
        services.authorisation_revoke(
            actor=administrator, authorisation=authorisation, revoked_on=datetime.date(2025, 4, 1)
        )
    assert "01.04.2025" in _errors(raised)["revoked_on"][0]
    services.authorisation_revoke(
        actor=administrator, authorisation=authorisation, revoked_on=datetime.date(2025, 4, 2)
    )
