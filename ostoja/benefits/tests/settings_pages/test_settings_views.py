"""The benefits' settings pages with the test client: who may use them, the registers of
decisions, the authorisations and the decision templates, each form's errors in Polish under
the field they are about."""

import datetime
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from ostoja.accounts.models import User
from ostoja.benefits.catalogue import Act
from ostoja.benefits.documents.render import default_template_path
from ostoja.benefits.models import (
    Authorisation,
    DecisionKind,
    DecisionRegister,
    DocumentTemplate,
)
from ostoja.benefits.services import configuration, templates
from ostoja.benefits.tests.settings_pages.conftest import authorisation_for, docx_with
from ostoja.core.models import ActionRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_day")]

SETTINGS = reverse("benefits:settings")
REGISTER_NEW = reverse("benefits:settings_register_create")
AUTHORISATION_NEW = reverse("benefits:settings_authorisation_create")
TEMPLATE_NEW = reverse("benefits:settings_template_upload")
EXAMPLE = reverse("benefits:settings_register_example")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REQUIRED = "To pole jest wymagane."


def _html(response: Any) -> str:
    return str(response.content.decode())


def _error_of(html: str, field: str) -> str:
    """The text of the error shown under a field (`partials/field.html`)."""
    match = re.search(rf'id="id_{field}_errors"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert match, f"no error under {field}"
    return match.group(1).strip()


def _invalid(html: str, field: str) -> bool:
    """The control is marked invalid and tied to its error for screen readers."""
    control = re.search(rf'<[^>]*id="id_{field}"[^>]*>', html)
    assert control, f"no control {field}"
    tag = control.group(0)
    return 'aria-invalid="true"' in tag and f"id_{field}_errors" in tag


@pytest.fixture
def ups_register(director: User) -> DecisionRegister:
    return configuration.register_create(
        actor=director, name="Rejestr decyzji z pomocy społecznej", symbol="GOPS.8311", act="ups"
    )


# ---------------------------------------------------------------------------------------------
# Who may use the pages
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["administrator", "director"])
def test_the_administrator_and_the_director_keep_the_settings(
    login: Any, request: pytest.FixtureRequest, who: str
) -> None:
    user = request.getfixturevalue(who)
    response = login(user).get(SETTINGS)
    assert response.status_code == 200
    html = _html(response)
    for section in ('id="rejestry"', 'id="upowaznienia"', 'id="wzory"'):
        assert section in html
    # Part of the Administracja section; only the administrator has its other pages.
    assert response.context["nav"] == "administration"
    crumbs = response.context["breadcrumbs"]
    assert crumbs[0][0] == "Administracja"
    assert (crumbs[0][1] is not None) is (who == "administrator")
    # No register and no authorisation yet: the page says what to do next.
    assert "Nie ma jeszcze żadnego rejestru: bez niego nie można podpisać decyzji." in html
    assert response.context["acts_without_signer"] == [
        "ustawa o pomocy społecznej",
        "ustawa o świadczeniach rodzinnych",
    ]


def _guarded_urls(register: DecisionRegister, authorisation: Authorisation) -> list[str]:
    return [
        SETTINGS,
        REGISTER_NEW,
        EXAMPLE + "?symbol=GOPS&pattern={symbol}.{number}.{year}",
        reverse("benefits:settings_register_edit", args=[register.pk]),
        AUTHORISATION_NEW,
        reverse("benefits:settings_authorisation_revoke", args=[authorisation.pk]),
        TEMPLATE_NEW,
        reverse("benefits:settings_template_default", args=[DecisionKind.GRANT]),
    ]


@pytest.mark.parametrize("who", ["benefits_clerk", "social_worker", "accountant", "iod"])
def test_everyone_else_is_refused(
    login: Any,
    request: pytest.FixtureRequest,
    who: str,
    director: User,
    ups_register: DecisionRegister,
) -> None:
    authorisation = authorisation_for(
        director,
        recorded_by=director,
        number="OR.0052.1.2026",
        valid_from=datetime.date(2026, 1, 2),
    )
    client = login(request.getfixturevalue(who))
    for url in _guarded_urls(ups_register, authorisation):
        assert client.get(url).status_code == 403, url
    response = client.post(REGISTER_NEW, {"name": "Rejestr", "symbol": "X.1", "pattern": "x"})
    assert response.status_code == 403
    assert not DecisionRegister.objects.filter(symbol="X.1").exists()


def test_a_visitor_not_signed_in_goes_to_the_login_page(client: Client, settings: Any) -> None:
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# ---------------------------------------------------------------------------------------------
# Registers of decisions
# ---------------------------------------------------------------------------------------------


def _register_data(**values: Any) -> dict[str, Any]:
    data = {
        "name": "Rejestr decyzji z pomocy społecznej",
        "symbol": "GOPS.8311",
        "act": "ups",
        "pattern": "{symbol}.{number}.{year}",
        "active": "on",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_a_register_is_created_and_listed_with_its_first_number(
    login: Any, administrator: User
) -> None:
    client = login(administrator)
    response = client.post(REGISTER_NEW, _register_data())
    assert response.status_code == 302
    assert response["Location"] == f"{SETTINGS}#rejestry"
    register = DecisionRegister.objects.get(symbol="GOPS.8311")
    assert (register.act, register.active) == (Act.SOCIAL_ASSISTANCE, True)
    assert ActionRecord.objects.filter(action="benefits.registers_create").count() == 1
    html = _html(client.get(SETTINGS))
    # The first number of 2026 in the pattern {symbol}.{number}.{year}.
    assert "GOPS.8311.1.2026" in html
    assert "Rejestr decyzji z pomocy społecznej" in html


def test_the_register_form_shows_the_example_number(login: Any, director: User) -> None:
    html = _html(login(director).get(REGISTER_NEW))
    # The default pattern with an empty symbol: ".1.2026"; the output asks again as one types.
    assert 'id="przyklad-numeru"' in html
    assert reverse("benefits:settings_register_example") in html
    assert '<code class="fs-5">.1.2026</code>' in html


def test_the_example_follows_what_is_typed(login: Any, director: User) -> None:
    client = login(director)
    response = client.get(EXAMPLE, {"symbol": "GOPS.8311", "pattern": "{symbol}.{number}.{year}"})
    assert response.status_code == 200
    assert _html(response).strip() == '<code class="fs-5">GOPS.8311.1.2026</code>'
    response = client.get(EXAMPLE, {"symbol": "GOPS.8311", "pattern": "{symbol}/{number}"})
    assert "Wzór musi zawierać {year}: numeracja rozpoczyna się od nowa w każdym roku." in _html(
        response
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": ""}, "name", REQUIRED),
        ({"symbol": ""}, "symbol", REQUIRED),
        (
            {"pattern": "{symbol}.{number}"},
            "pattern",
            "Wzór musi zawierać {year}: numeracja rozpoczyna się od nowa w każdym roku.",
        ),
        ({"pattern": "{symbol}.{year}"}, "pattern", "Wzór musi zawierać {number}."),
        (
            {"pattern": "{symbol}.{number}.{year}.{month}"},
            "pattern",
            "We wzorze użyj tylko {symbol}, {number} i {year}.",
        ),
    ],
)
def test_register_errors_are_polish_and_under_their_field(
    login: Any, director: User, values: dict[str, Any], field: str, message: str
) -> None:
    response = login(director).post(REGISTER_NEW, _register_data(**values))
    assert response.status_code == 200
    html = _html(response)
    assert _error_of(html, field) == message
    assert _invalid(html, field)
    # Nothing typed is lost.
    assert 'value="Rejestr decyzji z pomocy społecznej"' in html or field == "name"
    assert not DecisionRegister.objects.exists()


def test_the_pattern_is_checked_as_one_leaves_the_field(login: Any, director: User) -> None:
    response = login(director).post(
        REGISTER_NEW,
        _register_data(pattern="{symbol}.{number}"),
        headers={"X-Ostoja-Validate": "pattern", "HX-Request": "true"},
    )
    html = _html(response)
    # Only the field comes back, with its error; nothing is saved.
    assert 'id="pole-pattern"' in html
    assert 'id="pole-name"' not in html
    assert _error_of(html, "pattern") == (
        "Wzór musi zawierać {year}: numeracja rozpoczyna się od nowa w każdym roku."
    )
    assert not DecisionRegister.objects.exists()


def test_a_symbol_taken_and_an_act_served_are_refused_on_their_fields(
    login: Any, director: User, ups_register: DecisionRegister
) -> None:
    response = login(director).post(
        REGISTER_NEW, _register_data(name="Drugi rejestr", symbol="GOPS.8311")
    )
    html = _html(response)
    assert _error_of(html, "symbol") == "Inny rejestr ma już ten symbol."
    # The register in use for the act is named, so the user knows which one to end first.
    assert "GOPS.8311" in _error_of(html, "act")
    assert _invalid(html, "act")
    assert DecisionRegister.objects.count() == 1


def test_a_register_is_edited_with_its_version(
    login: Any, director: User, ups_register: DecisionRegister
) -> None:
    url = reverse("benefits:settings_register_edit", args=[ups_register.pk])
    client = login(director)
    form = client.get(url)
    assert form.context["form"]["version"].value() == ups_register.version
    assert "GOPS.8311.1.2026" in _html(form)
    response = client.post(
        url,
        _register_data(pattern="{symbol}/{year}/{number}", version=ups_register.version),
    )
    assert response.status_code == 302
    ups_register.refresh_from_db()
    assert ups_register.pattern == "{symbol}/{year}/{number}"
    assert "GOPS.8311/2026/1" in _html(client.get(SETTINGS))


def test_a_register_saved_meanwhile_is_not_overwritten(
    login: Any, director: User, administrator: User, ups_register: DecisionRegister
) -> None:
    url = reverse("benefits:settings_register_edit", args=[ups_register.pk])
    opened_with = ups_register.version
    configuration.register_update(
        actor=administrator,
        register=ups_register,
        base_version=opened_with,
        name="Rejestr decyzji – pomoc społeczna",
    )
    client = login(director)
    response = client.post(url, _register_data(symbol="GOPS.8312", version=opened_with))
    assert response.status_code == 200
    html = _html(response)
    assert "Ktoś inny zapisał ten rejestr po otwarciu formularza" in html
    assert response.context["conflict_current"].name == "Rejestr decyzji – pomoc społeczna"
    # What the director typed stays in the form; the version is the current one now.
    assert 'value="GOPS.8312"' in html
    assert response.context["form"].data["version"] == str(opened_with + 1)
    ups_register.refresh_from_db()
    assert ups_register.symbol == "GOPS.8311"
    # Saving again, having seen the other change, goes through.
    again = client.post(url, _register_data(symbol="GOPS.8312", version=opened_with + 1))
    assert again.status_code == 302
    ups_register.refresh_from_db()
    assert ups_register.symbol == "GOPS.8312"


def test_an_unknown_register_is_404(login: Any, director: User) -> None:
    url = reverse("benefits:settings_register_edit", args=[999_999])
    assert login(director).get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Authorisations
# ---------------------------------------------------------------------------------------------


def _authorisation_data(user: User, **values: Any) -> dict[str, Any]:
    data = {
        "user": user.pk,
        "number": "OR.0052.3.2026",
        "granted_by": "Wójt Gminy Dębowo",
        "granted_on": "2026-03-02",
        "valid_from": "2026-03-02",
        "valid_to": "",
        "social_assistance": "on",
        "position": "Specjalista do spraw świadczeń",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_only_staff_who_sign_can_be_chosen(
    login: Any, director: User, benefits_clerk: User, social_worker: User, accountant: User
) -> None:
    form = login(director).get(AUTHORISATION_NEW).context["form"]
    choices = set(form.fields["user"].queryset)
    assert {director, benefits_clerk, social_worker} <= choices
    assert accountant not in choices


def test_an_authorisation_is_recorded(
    login: Any, administrator: User, benefits_clerk: User
) -> None:
    client = login(administrator)
    response = client.post(AUTHORISATION_NEW, _authorisation_data(benefits_clerk))
    assert response.status_code == 302
    assert response["Location"] == f"{SETTINGS}#upowaznienia"
    recorded = Authorisation.objects.get(user=benefits_clerk)
    assert (recorded.number, recorded.valid_to, recorded.recorded_by) == (
        "OR.0052.3.2026",
        None,
        administrator,
    )
    html = _html(client.get(SETTINGS))
    assert "OR.0052.3.2026" in html
    assert "do odwołania" in html


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"number": ""}, "number", REQUIRED),
        ({"granted_on": ""}, "granted_on", REQUIRED),
        ({"granted_on": "2026-03-17"}, "granted_on", "Ta data nie może być z przyszłości."),
        (
            {"valid_from": "2026-03-01"},
            "valid_from",
            "Upoważnienie nie może obowiązywać przed dniem jego udzielenia (02.03.2026).",
        ),
        (
            {"valid_to": "2026-03-01"},
            "valid_to",
            "Data końcowa nie może być wcześniejsza niż początkowa. Popraw daty.",
        ),
        (
            {"social_assistance": None},
            "social_assistance",
            "Zaznacz co najmniej jedną ustawę, której dotyczy upoważnienie.",
        ),
    ],
)
def test_authorisation_errors_are_polish_and_under_their_field(
    login: Any,
    director: User,
    benefits_clerk: User,
    values: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = login(director).post(
        AUTHORISATION_NEW, _authorisation_data(benefits_clerk, **values)
    )
    assert response.status_code == 200
    html = _html(response)
    assert message in _error_of(html, field)
    assert _invalid(html, field)
    assert not Authorisation.objects.exists()


def test_an_accountant_cannot_be_authorised(login: Any, director: User, accountant: User) -> None:
    response = login(director).post(AUTHORISATION_NEW, _authorisation_data(accountant))
    html = _html(response)
    assert "Wybierz poprawną wartość" in _error_of(html, "user")
    assert not Authorisation.objects.exists()


def test_the_list_says_which_authorisations_hold_and_for_how_long(
    login: Any, director: User, benefits_clerk: User, social_worker: User
) -> None:
    # Valid until 31 March 2026: from 16 March that is 15 days.
    authorisation_for(
        benefits_clerk,
        recorded_by=director,
        number="OR.0052.1.2026",
        valid_from=datetime.date(2026, 1, 2),
        valid_to=datetime.date(2026, 3, 31),
        family_benefits=True,
    )
    authorisation_for(
        social_worker,
        recorded_by=director,
        number="OR.0052.7.2025",
        valid_from=datetime.date(2025, 1, 2),
        valid_to=datetime.date(2025, 12, 31),
    )
    authorisation_for(
        director,
        recorded_by=director,
        number="OR.0052.2.2026",
        valid_from=datetime.date(2026, 1, 2),
        revoked_on=datetime.date(2026, 3, 1),
    )
    response = login(director).get(SETTINGS)
    rows = {row.authorisation.number: row for row in response.context["authorisations"]}
    assert (rows["OR.0052.1.2026"].standing, rows["OR.0052.1.2026"].days_left) == ("valid", 15)
    assert rows["OR.0052.7.2025"].standing == "expired"
    assert rows["OR.0052.2.2026"].standing == "revoked"
    # The valid one first.
    assert response.context["authorisations"][0].authorisation.number == "OR.0052.1.2026"
    # The clerk's covers both acts: someone can sign under each today.
    assert response.context["acts_without_signer"] == []
    html = _html(response)
    assert "Pozostało dni ważności: 15" in html
    # A revoked authorisation cannot be revoked again: no button for it.
    revoke = reverse(
        "benefits:settings_authorisation_revoke", args=[rows["OR.0052.2.2026"].authorisation.pk]
    )
    assert revoke not in html


def test_an_authorisation_is_revoked_from_a_day(
    login: Any, director: User, benefits_clerk: User
) -> None:
    authorisation = authorisation_for(
        benefits_clerk,
        recorded_by=director,
        number="OR.0052.1.2026",
        valid_from=datetime.date(2026, 1, 2),
    )
    url = reverse("benefits:settings_authorisation_revoke", args=[authorisation.pk])
    client = login(director)
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["revoked_on"].value() == datetime.date(2026, 3, 16)
    response = client.post(url, {"revoked_on": "2026-03-20"})
    assert response.status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.revoked_on == datetime.date(2026, 3, 20)
    # Asked again, the service says it was already revoked, under the date field.
    again = client.post(url, {"revoked_on": "2026-03-25"})
    assert _error_of(_html(again), "revoked_on") == (
        "To upoważnienie zostało już cofnięte z dniem 20.03.2026."
    )


def test_a_revocation_before_the_grant_is_refused_on_its_field(
    login: Any, director: User, benefits_clerk: User
) -> None:
    authorisation = authorisation_for(
        benefits_clerk,
        recorded_by=director,
        number="OR.0052.1.2026",
        valid_from=datetime.date(2026, 1, 2),
    )
    url = reverse("benefits:settings_authorisation_revoke", args=[authorisation.pk])
    html = _html(login(director).post(url, {"revoked_on": "2025-12-31"}))
    assert _error_of(html, "revoked_on") == (
        "Nie można cofnąć upoważnienia z dniem wcześniejszym niż dzień jego udzielenia."
    )
    assert _invalid(html, "revoked_on")
    authorisation.refresh_from_db()
    assert authorisation.revoked_on is None


# ---------------------------------------------------------------------------------------------
# Decision templates
# ---------------------------------------------------------------------------------------------


def _upload(data: bytes, name: str = "przyznanie.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)


def _template_data(data: bytes, **values: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": DecisionKind.GRANT,
        "act": Act.SOCIAL_ASSISTANCE,
        "name": "Przyznanie – wzór 2026",
        "upload": _upload(data),
    }
    fields.update(values)
    return fields


GOOD_TEMPLATE = ("{{ place_and_date }}", "Decyzja nr {{ number }}", "{{ party_addressee }}")


def test_every_kind_starts_with_the_default_template(login: Any, director: User) -> None:
    response = login(director).get(SETTINGS)
    rows = response.context["template_rows"]
    # Nine kinds of decision (the relief on an undue benefit the ninth) under each of the two
    # acts.
    assert len(rows) == 18
    assert all(row.template is None for row in rows)
    html = _html(response)
    assert reverse("benefits:settings_template_default", args=["przyznanie"]) in html
    # The fields a template may use, with what each holds.
    assert "<code>party_dative</code>" in html


def test_the_upload_form_lists_the_fields_and_takes_the_kind_from_the_link(
    login: Any, director: User
) -> None:
    response = login(director).get(TEMPLATE_NEW, {"rodzaj": "zmiana", "ustawa": "usr"})
    form = response.context["form"]
    assert (form["kind"].value(), form["act"].value()) == ("zmiana", "usr")
    html = _html(response)
    assert "<code>signer_authority</code>" in html
    assert 'enctype="multipart/form-data"' in html


def test_a_template_is_uploaded_and_used(login: Any, director: User) -> None:
    client = login(director)
    data = docx_with(*GOOD_TEMPLATE)
    response = client.post(TEMPLATE_NEW, _template_data(data))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == f"{SETTINGS}#wzory"
    template = DocumentTemplate.objects.get(active=True)
    assert (template.kind, template.act, template.name) == (
        "przyznanie",
        "ups",
        "Przyznanie – wzór 2026",
    )
    rows = client.get(SETTINGS).context["template_rows"]
    in_use = [row for row in rows if row.template is not None]
    assert [(row.kind, row.act) for row in in_use] == [("przyznanie", "ups")]
    # The template in use downloads as it was uploaded.
    download = client.get(reverse("benefits:settings_template_download", args=[template.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == DOCX_TYPE
    assert "attachment" in download["Content-Disposition"]
    assert "przyznanie-wzor-2026.docx" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == data


def test_a_template_with_an_unknown_field_is_refused_with_its_name(
    login: Any, director: User
) -> None:
    data = docx_with("Decyzja nr {{ number }}", "Dla {{ nieznane_pole }}")
    response = login(director).post(TEMPLATE_NEW, _template_data(data))
    assert response.status_code == 200
    html = _html(response)
    error = _error_of(html, "upload")
    assert "nieznane_pole" in error
    assert _invalid(html, "upload")
    assert "nieznane_pole" in " ".join(response.context["form"].errors["upload"])
    assert not DocumentTemplate.objects.exists()


def test_upload_errors_are_polish_and_under_their_field(login: Any, director: User) -> None:
    response = login(director).post(
        TEMPLATE_NEW, {"kind": DecisionKind.GRANT, "act": Act.SOCIAL_ASSISTANCE, "name": ""}
    )
    html = _html(response)
    assert _error_of(html, "name") == REQUIRED
    assert _error_of(html, "upload") == REQUIRED
    assert _invalid(html, "upload")


def test_a_file_that_is_not_a_docx_is_refused_on_the_file_field(login: Any, director: User) -> None:
    response = login(director).post(
        TEMPLATE_NEW, _template_data(b"%PDF-1.4 not a template", upload=_upload(b"%PDF-1.4"))
    )
    html = _html(response)
    assert "DOCX" in _error_of(html, "upload")
    assert not DocumentTemplate.objects.exists()


def test_the_default_template_downloads_to_be_edited(login: Any, director: User) -> None:
    response = login(director).get(
        reverse("benefits:settings_template_default", args=[DecisionKind.SUSPENSION])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert "wzor-domyslny-zawieszenie.docx" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body == default_template_path("zawieszenie").read_bytes()


def test_an_unknown_kind_has_no_default(login: Any, director: User) -> None:
    url = reverse("benefits:settings_template_default", args=["nieznany"])
    assert login(director).get(url).status_code == 404


def test_a_withdrawn_template_gives_way_to_the_default(login: Any, director: User) -> None:
    template = templates.template_upload(
        actor=director,
        kind=DecisionKind.REFUSAL,
        act=Act.FAMILY_BENEFITS,
        name="Odmowa – wzór ośrodka",
        upload=docx_with(*GOOD_TEMPLATE),
    )
    url = reverse("benefits:settings_template_deactivate", args=[template.pk])
    client = login(director)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Odmowa – wzór ośrodka" in _html(confirm)
    response = client.post(url)
    assert response.status_code == 302
    template.refresh_from_db()
    assert not template.active
    rows = client.get(SETTINGS).context["template_rows"]
    assert all(row.template is None for row in rows)
    # Asked again: the service's refusal is shown on the page.
    again = client.post(url)
    assert again.status_code == 200
    assert again.context["error"]


def test_an_authorisation_of_someone_who_no_longer_signs_does_not_count(
    login: Any, director: User, benefits_clerk: User
) -> None:
    authorisation_for(
        benefits_clerk,
        recorded_by=director,
        number="OR.0052.1.2026",
        valid_from=datetime.date(2026, 1, 2),
        family_benefits=True,
    )
    client = login(director)
    assert client.get(SETTINGS).context["acts_without_signer"] == []
    benefits_clerk.is_active = False
    benefits_clerk.save()
    # Still valid on paper, but its holder's account is closed: nobody can sign today.
    response = client.get(SETTINGS)
    assert response.context["authorisations"][0].standing == "valid"
    assert response.context["acts_without_signer"] == [
        "ustawa o pomocy społecznej",
        "ustawa o świadczeniach rodzinnych",
    ]
