"""The administration's screens: every view for the administrator, 403 for every other role."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostoja.accounts.models import Area, User
from ostoja.accounts.roles import Role
from ostoja.administration.views import accounts_count

pytestmark = pytest.mark.django_db

PASSWORD = "test-haslo-1234"


def _account(**fields: Any) -> User:
    """One more account (the administration may not import the registry's factories)."""
    fields.setdefault("role", Role.SOCIAL_WORKER)
    fields.setdefault("first_name", "Anna")
    fields.setdefault("last_name", fields["username"].capitalize())
    return User.objects.create_user(password=PASSWORD, **fields)


OTHER_ROLES = ["director", "social_worker", "benefits_clerk", "accountant", "iod", "roleless"]


def _urls(user: User, area: Area) -> list[tuple[str, str]]:
    """(method, url) of every administration view."""
    on_user = [
        "user_detail",
        "user_edit",
        "user_password_reset",
        "user_second_factor_reset",
        "user_sessions_end",
        "user_set_active",
    ]
    on_area = ["area_detail", "area_edit", "area_workers"]
    urls = [
        ("get", reverse("administration:user_list")),
        ("get", reverse("administration:user_create")),
    ]
    urls += [
        ("get", reverse("administration:area_list")),
        ("get", reverse("administration:area_create")),
    ]
    urls += [("get", reverse(f"administration:{name}", args=[user.pk])) for name in on_user]
    urls += [("post", reverse(f"administration:{name}", args=[user.pk])) for name in on_user]
    urls += [("get", reverse(f"administration:{name}", args=[area.pk])) for name in on_area]
    urls += [("post", reverse(f"administration:{name}", args=[area.pk])) for name in on_area]
    urls += [
        ("post", reverse("administration:user_create")),
        ("post", reverse("administration:area_create")),
    ]
    return urls


@pytest.mark.parametrize("role_fixture", OTHER_ROLES)
def test_every_other_role_gets_403_everywhere(
    request: pytest.FixtureRequest, login: Any, role_fixture: str, area_north: Area
) -> None:
    user = request.getfixturevalue(role_fixture)
    client = login(user)
    target = _account(username="cel")
    for method, url in _urls(target, area_north):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    target.refresh_from_db()
    assert target.is_active
    assert target.check_password(PASSWORD)


def test_anonymous_users_go_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("administration:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_shows_administration_only_to_the_administrator(
    login: Any, administrator: User, director: User
) -> None:
    url = reverse("administration:user_list")
    page = login(administrator).get(reverse("registry:home")).content.decode()
    assert f'href="{url}"' in page
    assert "/admin/" not in page
    page = login(director).get(reverse("registry:home")).content.decode()
    assert url not in page
    assert "/admin/" not in page


# --- the list of accounts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 konto"), (2, "2 konta"), (5, "5 kont"), (12, "12 kont"), (22, "22 konta")],
)
def test_the_count_of_accounts_has_the_polish_plural_form(count: int, expected: str) -> None:
    with translation.override("pl"):
        assert accounts_count(count) == expected


def test_the_list_counts_the_accounts_in_polish(login: Any, administrator: User) -> None:
    for number in range(4):
        _account(username=f"konto{number}")
    response = login(administrator).get(reverse("administration:user_list"))
    assert response.status_code == 200
    assert "5 kont" in response.content.decode()  # four and the administrator


def test_the_list_shows_the_columns(
    login: Any, administrator: User, social_worker: User, area_north: Area
) -> None:
    page = login(administrator).get(reverse("administration:user_list")).content.decode()
    assert social_worker.username in page
    assert "Rejon Północ" in page
    assert "Pracownik socjalny" in page
    assert "nieskonfigurowany" in page  # the second factor's badge has text
    assert "nigdy" in page  # never logged in


def test_the_list_shows_the_second_factor_of_each_account(
    login: Any, administrator: User, social_worker: User, director: User
) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon", confirmed=True)
    TOTPDevice.objects.create(user=director, name="telefon", confirmed=False)
    entries = login(administrator).get(reverse("administration:user_list")).context["entries"]
    labels = {entry["user"].username: entry["second_factor"]["label"] for entry in entries}
    assert labels["pracownik_polnoc"] == "skonfigurowany"
    assert labels["kierownik"] == "konfiguracja niedokończona"


def test_the_list_filters_by_role_active_and_name(
    login: Any, administrator: User, social_worker: User, director: User
) -> None:
    client = login(administrator)
    _account(username="dawna", last_name="Dawna", is_active=False)
    url = reverse("administration:user_list")

    def shown(**query: str) -> list[str]:
        return [entry["user"].username for entry in client.get(url, query).context["entries"]]

    assert shown(role=Role.DIRECTOR) == ["kierownik"]
    assert shown(active="nie") == ["dawna"]
    assert shown(active="tak", role=Role.SOCIAL_WORKER) == ["pracownik_polnoc"]
    assert shown(q="Kierow") == ["kierownik"]
    assert "1 konto" in client.get(url, {"active": "nie"}).content.decode()


def test_the_list_sorts_by_login_both_ways(login: Any, administrator: User) -> None:
    _account(username="aaa", last_name="Zet")
    _account(username="zzz", last_name="Ael")
    client = login(administrator)
    url = reverse("administration:user_list")
    by_name = client.get(url).context["entries"]
    assert [entry["user"].username for entry in by_name][:2] == ["zzz", "admin_it"]
    by_login = client.get(url, {"sortuj": "login"}).context["entries"]
    assert [entry["user"].username for entry in by_login] == ["aaa", "admin_it", "zzz"]
    descending = client.get(url, {"sortuj": "-login"}).context["entries"]
    assert [entry["user"].username for entry in descending] == ["zzz", "admin_it", "aaa"]


def test_the_list_sorts_by_role_name(
    login: Any, administrator: User, director: User, iod: User
) -> None:
    url = reverse("administration:user_list")
    entries = login(administrator).get(url, {"sortuj": "rola"}).context["entries"]
    # Administrator, Inspektor ochrony danych, Kierownik: the Polish names in order
    assert [entry["user"].username for entry in entries] == ["admin_it", "iod", "kierownik"]


def test_the_list_paginates(login: Any, administrator: User) -> None:
    for number in range(25):
        _account(username=f"osoba{number:02d}")
    client = login(administrator)
    response = client.get(reverse("administration:user_list"), {"strona": "2"})
    assert len(response.context["entries"]) == 6
    assert "26 kont" in response.content.decode()


def test_the_list_answers_htmx_with_the_results_only(
    login: Any, administrator: User, htmx_headers: dict[str, str]
) -> None:
    response = login(administrator).get(reverse("administration:user_list"), headers=htmx_headers)
    page = response.content.decode()
    assert "1 konto" in page
    assert "<nav" not in page


# --- creating and editing an account -------------------------------------------------------


def _account_post(**changes: str | list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": Role.SOCIAL_WORKER,
        "first_name": "Zofia",
        "last_name": "Wiśniewska",
        "username": "zwisniewska",
        "email": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_create_form_puts_the_role_first(login: Any, administrator: User) -> None:
    response = login(administrator).get(reverse("administration:user_create"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index('name="role"') < page.index('name="first_name"')
    assert "Rejony przypisuje się tylko pracownikom socjalnym" in page  # no role chosen yet


def test_creating_an_account_shows_the_password_once(
    login: Any, administrator: User, area_north: Area
) -> None:
    response = login(administrator).post(
        reverse("administration:user_create"), _account_post(areas=[str(area_north.pk)])
    )
    assert response.status_code == 200
    user = User.objects.get(username="zwisniewska")
    password = response.context["password"]
    assert user.check_password(password)
    assert password in response.content.decode()
    assert list(user.areas.all()) == [area_north]


def test_create_form_shows_errors_on_the_fields_and_keeps_what_was_typed(
    login: Any, administrator: User, social_worker: User
) -> None:
    response = login(administrator).post(
        reverse("administration:user_create"),
        _account_post(role="", username=social_worker.username, email="zly-adres", last_name=""),
    )
    form = response.context["form"]
    assert form.errors["role"] == ["Wybierz rolę pracownika."]
    assert form.errors["last_name"] == ["Wpisz nazwisko."]
    assert form.errors["email"] == ["Wpisz adres e-mail, np. anna.nowak@gops.pl."]
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'value="Zofia"' in page
    assert User.objects.filter(username=social_worker.username).count() == 1


def test_a_login_taken_is_an_error_on_the_login_field(
    login: Any, administrator: User, social_worker: User
) -> None:
    response = login(administrator).post(
        reverse("administration:user_create"), _account_post(username=social_worker.username)
    )
    assert list(response.context["form"].errors) == ["username"]
    assert 'id="id_username_errors"' in response.content.decode()


def test_areas_chosen_with_another_role_are_not_assigned(
    login: Any, administrator: User, area_north: Area
) -> None:
    login(administrator).post(
        reverse("administration:user_create"),
        _account_post(role=Role.DIRECTOR, areas=[str(area_north.pk)]),
    )
    assert User.objects.get(username="zwisniewska").areas.count() == 0


def test_choosing_the_role_shows_or_hides_the_areas(
    login: Any, administrator: User, area_north: Area, htmx_headers: dict[str, str]
) -> None:
    client = login(administrator)
    url = reverse("administration:user_create")
    shown = client.get(url, {"role": Role.SOCIAL_WORKER}, headers=htmx_headers).content.decode()
    assert "Rejon Północ" in shown
    assert 'id="obszary"' in shown
    hidden = client.get(url, {"role": Role.DIRECTOR}, headers=htmx_headers).content.decode()
    assert "Rejon Północ" not in hidden


def test_editing_an_account(
    login: Any, administrator: User, social_worker: User, area_south: Area
) -> None:
    client = login(administrator)
    url = reverse("administration:user_edit", args=[social_worker.pk])
    page = client.get(url).content.decode()
    assert f'value="{social_worker.username}"' in page
    response = client.post(
        url,
        _account_post(
            username=social_worker.username, last_name="Zielińska", areas=[str(area_south.pk)]
        ),
    )
    assert response.status_code == 302
    social_worker.refresh_from_db()
    assert social_worker.last_name == "Zielińska"
    assert list(social_worker.areas.all()) == [area_south]
    detail = client.get(response["Location"]).content.decode()
    assert "Zmiana konta pracownika" in detail  # the history
    assert "Konto zostało zapisane." in detail


def test_the_administrator_cannot_take_their_own_role_in_the_form(
    login: Any, administrator: User
) -> None:
    response = login(administrator).post(
        reverse("administration:user_edit", args=[administrator.pk]),
        _account_post(role=Role.DIRECTOR, username=administrator.username, last_name="Admin"),
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_an_unknown_account_is_404(login: Any, administrator: User) -> None:
    response = login(administrator).get(reverse("administration:user_detail", args=[99999]))
    assert response.status_code == 404


# --- actions on an account -----------------------------------------------------------------


def test_account_page_shows_the_facts_actions_and_history(
    login: Any, administrator: User, social_worker: User
) -> None:
    page = (
        login(administrator)
        .get(reverse("administration:user_detail", args=[social_worker.pk]))
        .content.decode()
    )
    assert "Rejon Północ" in page
    assert reverse("administration:user_password_reset", args=[social_worker.pk]) in page
    assert "Wyłącz konto" in page
    assert "Historia" in page


def test_own_account_page_offers_no_deactivation(login: Any, administrator: User) -> None:
    page = (
        login(administrator)
        .get(reverse("administration:user_detail", args=[administrator.pk]))
        .content.decode()
    )
    assert "Nie można wyłączyć własnego konta." in page
    assert reverse("administration:user_set_active", args=[administrator.pk]) not in page


def test_password_reset_asks_then_shows_the_new_password(
    login: Any, administrator: User, social_worker: User
) -> None:
    client = login(administrator)
    url = reverse("administration:user_password_reset", args=[social_worker.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    social_worker.refresh_from_db()
    assert social_worker.check_password("test-haslo-1234")  # nothing changed on GET
    response = client.post(url)
    social_worker.refresh_from_db()
    assert social_worker.check_password(response.context["password"])
    assert response.context["password"] in response.content.decode()


def test_second_factor_reset(login: Any, administrator: User, social_worker: User) -> None:
    TOTPDevice.objects.create(user=social_worker, name="telefon", confirmed=True)
    client = login(administrator)
    url = reverse("administration:user_second_factor_reset", args=[social_worker.pk])
    assert client.get(url).status_code == 200
    assert TOTPDevice.objects.filter(user=social_worker).exists()  # nothing changed on GET
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=social_worker).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Drugi składnik logowania został wyzerowany." in page
    assert "nieskonfigurowany" in page


def test_sessions_end(login: Any, administrator: User, social_worker: User) -> None:
    worker_client = Client()
    worker_client.force_login(social_worker)
    client = login(administrator)
    url = reverse("administration:user_sessions_end", args=[social_worker.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    worker_client.get(reverse("registry:home"))
    assert "_auth_user_id" not in worker_client.session


def test_deactivate_and_activate(login: Any, administrator: User, social_worker: User) -> None:
    client = login(administrator)
    url = reverse("administration:user_set_active", args=[social_worker.pk])
    assert "Wyłącz konto" in client.get(url).content.decode()
    assert client.post(url, {"active": "0"}).status_code == 302
    social_worker.refresh_from_db()
    assert not social_worker.is_active
    assert "Włącz konto" in client.get(url).content.decode()
    client.post(url, {"active": "1"})
    social_worker.refresh_from_db()
    assert social_worker.is_active


def test_deactivating_oneself_is_refused_with_a_message(login: Any, administrator: User) -> None:
    response = login(administrator).post(
        reverse("administration:user_set_active", args=[administrator.pk]), {"active": "0"}
    )
    assert response.status_code == 200
    assert "Nie można wyłączyć własnego konta." in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


def test_set_active_without_a_state_is_404(
    login: Any, administrator: User, social_worker: User
) -> None:
    url = reverse("administration:user_set_active", args=[social_worker.pk])
    assert login(administrator).post(url, {"active": "maybe"}).status_code == 404


# --- areas ---------------------------------------------------------------------------------


def test_area_list_counts_households_and_names_workers(
    login: Any, administrator: User, household_north: Any, social_worker: User, area_south: Area
) -> None:
    response = login(administrator).get(reverse("administration:area_list"))
    areas = {area.name: area for area in response.context["areas"]}
    assert areas["Rejon Północ"].household_count == 1
    assert areas["Rejon Południe"].household_count == 0
    page = response.content.decode()
    assert str(social_worker) in page
    assert "2 rejony" in page


def test_area_create_then_workers(login: Any, administrator: User, social_worker: User) -> None:
    client = login(administrator)
    response = client.post(
        reverse("administration:area_create"), {"name": "Rejon Wschód", "description": ""}
    )
    area = Area.objects.get(name="Rejon Wschód")
    assert response["Location"] == reverse("administration:area_workers", args=[area.pk])
    response = client.post(response["Location"], {"workers": [str(social_worker.pk)]})
    assert response.status_code == 302
    assert list(area.workers.all()) == [social_worker]
    detail = client.get(response["Location"]).content.decode()
    assert "Zmiana pracowników socjalnych rejonu" in detail


def test_area_form_shows_errors_on_the_field(
    login: Any, administrator: User, area_north: Area
) -> None:
    client = login(administrator)
    response = client.post(reverse("administration:area_create"), {"name": ""})
    assert response.context["form"].errors["name"] == ["Wpisz nazwę rejonu."]
    response = client.post(reverse("administration:area_create"), {"name": "Rejon Północ"})
    assert list(response.context["form"].errors) == ["name"]


def test_area_edit(login: Any, administrator: User, area_north: Area) -> None:
    client = login(administrator)
    url = reverse("administration:area_edit", args=[area_north.pk])
    assert 'value="Rejon Północ"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Północ", "description": "wsie"})
    assert response.status_code == 302
    area_north.refresh_from_db()
    assert area_north.name == "Północ"


def test_only_active_social_workers_are_offered(
    login: Any, administrator: User, social_worker: User, director: User, area_south: Area
) -> None:
    _account(username="dawny", first_name="Dawny", last_name="Pracownik", is_active=False)
    client = login(administrator)
    url = reverse("administration:area_workers", args=[area_south.pk])
    offered = list(client.get(url).context["form"].fields["workers"].queryset)
    assert offered == [social_worker]
    response = client.post(url, {"workers": [str(director.pk)]})
    assert "workers" in response.context["form"].errors
    assert area_south.workers.count() == 0


def test_an_unknown_area_is_404(login: Any, administrator: User) -> None:
    response = login(administrator).get(reverse("administration:area_detail", args=[99999]))
    assert response.status_code == 404


def test_a_login_with_spaces_is_refused_on_the_field(login: Any, administrator: User) -> None:
    response = login(administrator).post(
        reverse("administration:user_create"), _account_post(username="z wiśniewska")
    )
    assert response.context["form"].errors["username"] == [
        "Login może zawierać tylko litery, cyfry i znaki . @ + - _, bez spacji."
    ]
    assert not User.objects.filter(last_name="Wiśniewska").exists()


def test_offered_workers_show_their_other_areas(
    login: Any, administrator: User, social_worker: User, area_south: Area
) -> None:
    url = reverse("administration:area_workers", args=[area_south.pk])
    page = login(administrator).get(url).content.decode()
    assert f"{social_worker} (Rejon Północ)" in page


def test_the_filtered_list_exports_to_csv_and_xlsx(
    login: Any, administrator: User, social_worker: User, director: User
) -> None:
    client = login(administrator)
    url = reverse("administration:user_list")
    response = client.get(url, {"role": Role.SOCIAL_WORKER, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert len(lines) == 2  # the header and the one social worker
    assert "Nazwisko" in lines[0]
    assert "pracownik_polnoc" in lines[1]
    assert "Rejon Północ" in lines[1]
    assert "Pracownik socjalny" in lines[1]
    assert "nigdy" in lines[1]
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Disposition"].startswith('attachment; filename="konta-pracownikow-')
    assert xlsx.content[:2] == b"PK"


def test_another_role_for_a_social_worker_warns_of_the_areas_she_leaves(
    login: Any, administrator: User, social_worker: User, htmx_headers: dict[str, str]
) -> None:
    url = reverse("administration:user_edit", args=[social_worker.pk])
    page = (
        login(administrator)
        .get(url, {"role": Role.DIRECTOR}, headers=htmx_headers)
        .content.decode()
    )
    assert "zapisanie odepnie konto od jego rejonów: Rejon Północ" in page
