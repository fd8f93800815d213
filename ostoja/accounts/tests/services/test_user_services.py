"""The services that change staff accounts: happy paths and every refusal."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts import security, services
from ostoja.accounts.models import User
from ostoja.accounts.roles import Role
from ostoja.core.actions import actions_about
from ostoja.core.models import ActionRecord

pytestmark = pytest.mark.django_db


def _data(**changes: Any) -> dict[str, Any]:
    data = {
        "first_name": "Zofia",
        "last_name": "Wiśniewska",
        "username": "zwisniewska",
        "email": "z.wisniewska@example.org",
        "role": Role.SOCIAL_WORKER,
        "is_active": True,
    }
    data.update(changes)
    return data


def _signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- user_create ---------------------------------------------------------------------------


def test_user_create_makes_a_social_worker_with_areas_and_a_one_time_password(
    administrator: User, area_north: Any, area_south: Any
) -> None:
    user, password = services.user_create(
        actor=administrator, data=_data(), areas=[area_south, area_north]
    )

    user.refresh_from_db()
    assert (user.username, user.role, user.is_staff, user.is_superuser) == (
        "zwisniewska",
        Role.SOCIAL_WORKER,
        False,
        False,
    )
    assert set(user.areas.all()) == {area_north, area_south}
    assert user.check_password(password)
    assert len(password) == 19
    assert password.count("-") == 3
    [entry] = actions_about(user)
    assert entry.label == "Utworzenie konta pracownika"
    assert entry.summary == (
        "zwisniewska, rola: Pracownik socjalny; rejony: Rejon Południe, Rejon Północ"
    )
    assert entry.actor == administrator
    # the areas' history names the new worker too
    assert [e.label for e in actions_about(area_north)] == ["Utworzenie konta pracownika"]
    assert user.history.latest().history_user == administrator


def test_two_created_accounts_get_different_passwords(administrator: User) -> None:
    _first, one = services.user_create(actor=administrator, data=_data())
    _second, two = services.user_create(actor=administrator, data=_data(username="inny"))
    assert one != two


def test_user_create_refuses_areas_for_another_role(administrator: User, area_north: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_create(
            actor=administrator, data=_data(role=Role.DIRECTOR), areas=[area_north]
        )
    assert "areas" in error.value.error_dict
    assert not User.objects.filter(username="zwisniewska").exists()
    assert ActionRecord.objects.count() == 0


def test_user_create_refuses_a_login_taken(administrator: User, social_worker: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=administrator, data=_data(username=social_worker.username))
    assert "username" in error.value.error_dict


def test_user_create_refuses_a_missing_role_and_a_bad_login(administrator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=administrator, data=_data(role="", username="z wiśniewska!"))
    assert set(error.value.error_dict) >= {"role", "username"}


def test_user_create_refuses_fields_it_may_not_change(administrator: User) -> None:
    with pytest.raises(TypeError):
        services.user_create(actor=administrator, data=_data(is_superuser=True))


def test_only_the_administrator_may_create_accounts(director: User) -> None:
    with pytest.raises(PermissionDenied):
        services.user_create(actor=director, data=_data())


def test_a_deactivated_administrator_may_do_nothing(administrator: User) -> None:
    administrator.is_active = False
    with pytest.raises(PermissionDenied):
        services.user_create(actor=administrator, data=_data())


# --- user_update ---------------------------------------------------------------------------


def test_user_update_changes_the_listed_fields_and_records_them(
    administrator: User, social_worker: User, area_north: Any, area_south: Any
) -> None:
    services.user_update(
        actor=administrator,
        user=social_worker,
        data={"last_name": "Zielińska", "email": "nowy@example.org"},
        areas=[area_south],
    )

    social_worker.refresh_from_db()
    assert social_worker.last_name == "Zielińska"
    assert list(social_worker.areas.all()) == [area_south]
    [entry] = actions_about(social_worker)
    assert entry.label == "Zmiana konta pracownika"
    assert entry.summary == (
        "pracownik_polnoc: nazwisko, adres e-mail; dodane rejony: Rejon Południe; "
        "odebrane rejony: Rejon Północ"
    )


def test_user_update_without_a_change_records_nothing(
    administrator: User, social_worker: User
) -> None:
    services.user_update(
        actor=administrator, user=social_worker, data={"last_name": social_worker.last_name}
    )
    assert ActionRecord.objects.count() == 0


def test_a_new_role_takes_a_social_worker_out_of_their_areas(
    administrator: User, social_worker: User, area_north: Any
) -> None:
    services.user_update(actor=administrator, user=social_worker, data={"role": Role.DIRECTOR})

    assert social_worker.areas.count() == 0
    [entry] = actions_about(area_north)
    assert entry.summary == (
        "pracownik_polnoc: stanowisko: Kierownik; dodane rejony: —; odebrane rejony: Rejon Północ"
    )


def test_user_update_refuses_areas_for_another_role(
    administrator: User, director: User, area_north: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_update(actor=administrator, user=director, data={}, areas=[area_north])
    assert "areas" in error.value.error_dict
    assert director.areas.count() == 0


def test_user_update_refuses_other_fields(administrator: User, director: User) -> None:
    with pytest.raises(TypeError):
        services.user_update(actor=administrator, user=director, data={"is_staff": True})


def test_the_administrator_cannot_take_their_own_role(administrator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_update(actor=administrator, user=administrator, data={"role": Role.DIRECTOR})
    assert "role" in error.value.error_dict
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_the_administrator_cannot_deactivate_themself_in_the_form(administrator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_update(actor=administrator, user=administrator, data={"is_active": False})
    assert "is_active" in error.value.error_dict


def test_the_administrator_may_edit_their_own_name(administrator: User) -> None:
    services.user_update(
        actor=administrator,
        user=administrator,
        data={"first_name": "Adam", "role": Role.ADMINISTRATOR, "is_active": True},
    )
    administrator.refresh_from_db()
    assert administrator.first_name == "Adam"


def test_only_the_administrator_may_update_accounts(director: User, social_worker: User) -> None:
    with pytest.raises(PermissionDenied):
        services.user_update(actor=director, user=social_worker, data={"last_name": "X"})


# --- password, second factor, sessions --------------------------------------------------------


def test_user_password_reset_sets_a_new_password_and_ends_sessions(
    administrator: User, social_worker: User, staff_password: str
) -> None:
    client = _signed_in_client(social_worker)

    password = services.user_password_reset(actor=administrator, user=social_worker)

    social_worker.refresh_from_db()
    assert social_worker.check_password(password)
    assert not social_worker.check_password(staff_password)
    client.get("/")  # the session's password hash no longer matches
    assert not _is_signed_in(client)
    [entry] = actions_about(social_worker)
    assert (entry.label, entry.summary) == (
        "Nadanie nowego hasła przez administratora",
        "pracownik_polnoc",
    )


def test_only_the_administrator_may_reset_passwords(iod: User, social_worker: User) -> None:
    with pytest.raises(PermissionDenied):
        services.user_password_reset(actor=iod, user=social_worker)


def test_user_sessions_end_signs_the_user_out(administrator: User, social_worker: User) -> None:
    client = _signed_in_client(social_worker)
    other = _signed_in_client(administrator)

    services.user_sessions_end(actor=administrator, user=social_worker)

    client.get("/")
    assert not _is_signed_in(client)
    other.get("/")
    assert _is_signed_in(other)
    [entry] = actions_about(social_worker)
    assert entry.label == "Wylogowanie ze wszystkich komputerów przez administratora"


def test_only_the_administrator_may_end_sessions(director: User, social_worker: User) -> None:
    with pytest.raises(PermissionDenied):
        services.user_sessions_end(actor=director, user=social_worker)


def test_user_second_factor_reset_removes_the_devices(
    administrator: User, social_worker: User
) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon", confirmed=True)
    StaticDevice.objects.create(user=social_worker, name="kody zapasowe")
    untouched = TOTPDevice.objects.create(user=administrator, name="telefon", confirmed=True)
    assert security.second_factor_status(social_worker) == "active"
    client = _signed_in_client(social_worker)

    services.user_second_factor_reset(actor=administrator, user=social_worker)

    assert security.second_factor_status(social_worker) == "none"
    assert not StaticDevice.objects.filter(user=social_worker).exists()
    assert TOTPDevice.objects.filter(pk=untouched.pk).exists()
    client.get("/")
    assert not _is_signed_in(client)
    [entry] = actions_about(social_worker)
    assert entry.label == "Wyzerowanie drugiego składnika logowania"
    assert entry.summary == (
        "pracownik_polnoc; nowy zostanie skonfigurowany przy następnym logowaniu"
    )


def test_only_the_administrator_may_reset_the_second_factor(
    accountant: User, social_worker: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.user_second_factor_reset(actor=accountant, user=social_worker)


# --- user_set_active -----------------------------------------------------------------------


def test_user_set_active_deactivates_and_activates(
    administrator: User, social_worker: User
) -> None:
    client = _signed_in_client(social_worker)

    services.user_set_active(actor=administrator, user=social_worker, active=False)
    social_worker.refresh_from_db()
    assert social_worker.is_active is False
    assert not social_worker.has_capability("signed_in")
    client.get("/")
    assert not _is_signed_in(client)

    services.user_set_active(actor=administrator, user=social_worker, active=True)
    social_worker.refresh_from_db()
    assert social_worker.is_active is True
    assert [entry.label for entry in actions_about(social_worker)] == [
        "Włączenie konta",
        "Wyłączenie konta",
    ]


def test_user_set_active_to_the_same_state_records_nothing(
    administrator: User, social_worker: User
) -> None:
    services.user_set_active(actor=administrator, user=social_worker, active=True)
    assert ActionRecord.objects.count() == 0


def test_the_administrator_cannot_deactivate_themself(administrator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_set_active(actor=administrator, user=administrator, active=False)
    assert error.value.messages == ["Nie można wyłączyć własnego konta."]
    administrator.refresh_from_db()
    assert administrator.is_active


def test_only_the_administrator_may_deactivate(director: User, social_worker: User) -> None:
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=director, user=social_worker, active=False)


def test_generated_passwords_use_the_unambiguous_alphabet() -> None:
    password = services.generate_password()
    groups = password.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(services.PASSWORD_ALPHABET)
    assert not set("0O1lI") & set(password)
