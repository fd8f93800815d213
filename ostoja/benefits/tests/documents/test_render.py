"""The decision's context in Polish and its DOCX from the default and the centre's templates.

Every expected Polish form below is worked out by hand from the grammar or the provision named
next to it, not taken from the code's output.
"""

import io
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import UndefinedError

from ostoja.benefits.documents import make_defaults, render
from ostoja.benefits.models import Decision, DecisionKind, DocumentTemplate
from ostoja.benefits.tests.documents.conftest import MakeDecision
from ostoja.registry.tests.factories import PersonFactory

NBSP = "\xa0"
Texts = Callable[[bytes], list[str]]


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# ---------------------------------------------------------------------------------------------
# The context's Polish
# ---------------------------------------------------------------------------------------------


def test_the_place_and_date_are_the_centres_town_and_the_day_of_signing(
    decision_signed: Decision,
) -> None:
    context = render.decision_context(decision_signed)
    # The town follows the postcode of OSTOJA_CENTRE_ADDRESS ("ul. Rynek 1, 00-950 Dębowo");
    # the day of the month takes the month's name in the genitive: 1 kwietnia 2025 r.
    assert context["place_and_date"] == "Dębowo, dnia 1 kwietnia 2025 r."
    assert context["date"] == "1 kwietnia 2025 r."
    assert context["number"] == "GOPS.8311.2.2025"
    assert context["is_draft"] is False


def test_a_draft_has_no_number_and_no_signature_and_is_dated_the_day_it_is_printed(
    decision_draft: Decision,
) -> None:
    context = render.decision_context(decision_draft)
    assert context["number"] == "projekt"
    assert context["is_draft"] is True
    assert context["place_and_date"] == "Dębowo, dnia 1 kwietnia 2025 r."
    assert context["signature_lines"] == ["projekt – bez podpisu"]
    assert context["signer_name"] == ""


@override_settings(OSTOJA_CENTRE_ADDRESS="ul. Długa 5, 11-222 Stare Miasto")
def test_a_town_of_two_words_is_read_whole_from_the_address() -> None:
    assert render.centre_city() == "Stare Miasto"


def test_the_party_is_named_in_the_cases_the_sentences_need(decision_signed: Decision) -> None:
    context = render.decision_context(decision_signed)
    assert context["party_name"] == "Maria Lipowska"
    # Address block: the nominative with "Pani".
    assert context["party_addressee"] == "Pani Maria Lipowska"
    # "przyznaje się komu?": the dative. Pani is the same in the dative; Maria (a noun in -ia)
    # takes -ii; Lipowska declines as an adjective: -iej.
    assert context["party_dative"] == "Pani Marii Lipowskiej"
    # The genitive ("kogo?"): the same three forms for a woman.
    assert context["party_genitive"] == "Pani Marii Lipowskiej"
    assert context["party_name_certain"] is True
    assert context["party_address"] == "ul. Lipowa 3/2, 00-950 Dębowo"
    assert context["party_address_lines"] == ["ul. Lipowa 3/2", "00-950 Dębowo"]


def test_a_man_is_addressed_as_pan_in_his_cases(decision_make: MakeDecision) -> None:
    tomasz = PersonFactory(first_names="Tomasz", surname="Nowak", sex="M")
    context = render.decision_context(decision_make(DecisionKind.GRANT, party=tomasz))
    assert context["party_addressee"] == "Pan Tomasz Nowak"
    # Pan → Panu (dative), Pana (genitive); Tomasz and Nowak are hard-stem masculine nouns:
    # Tomaszowi/Nowakowi (dative, -owi), Tomasza/Nowaka (genitive, -a).
    assert context["party_dative"] == "Panu Tomaszowi Nowakowi"
    assert context["party_genitive"] == "Pana Tomasza Nowaka"


def test_each_benefit_is_listed_with_its_amount_in_words_period_and_payment(
    decision_signed: Decision,
) -> None:
    first, second = render.decision_context(decision_signed)["lines"]
    assert first["benefit"] == "zasiłek okresowy"
    assert first["person"] == "Maria Lipowska"
    assert first["amount"] == f"500,00{NBSP}zł"
    # 500 = "pięćset"; a number ending in 0 takes the genitive plural "złotych".
    assert first["amount_with_words"] == f"500,00{NBSP}zł (słownie: pięćset złotych 00/100)"
    assert first["monthly"] == "miesięcznie"  # the zasiłek okresowy is paid by month
    assert first["period"] == "od 1 marca 2025 r. do 31 sierpnia 2025 r."
    assert first["payment"] == "w kasie ośrodka"
    assert second["person"] == "Jan Lipowski"
    # 1229 = "jeden tysiąc dwieście dwadzieścia dziewięć" (decisions write "jeden" before
    # "tysiąc"); it ends in 9, so "złotych"; 50 grosze as 50/100.
    assert second["amount_with_words"] == (
        f"1{NBSP}229,50{NBSP}zł (słownie: jeden tysiąc dwieście dwadzieścia dziewięć złotych "
        "50/100)"
    )
    assert second["monthly"] == ""  # a zasiłek celowy is one-off
    assert second["period"] == "1 kwietnia 2025 r."  # one day: no "od … do"
    assert second["purpose"] == "zakup opału"
    # make_nrb(7): bank 10901014, account 0000000000000007, check digits by ISO 7064 (mod 97).
    assert second["payment"].startswith("na rachunek bankowy nr ")
    assert second["payment"].endswith(" 1090 1014 0000 0000 0000 0007")


def test_the_operative_part_is_split_into_its_points_by_line(decision_signed: Decision) -> None:
    points = render.decision_context(decision_signed)["operative_points"]
    assert len(points) == 2
    assert points[0].startswith("1. Przyznaje się Pani Marii Lipowskiej zasiłek okresowy")
    assert points[1] == (
        "2. Przyznaje się Pani Marii Lipowskiej zasiłek celowy z przeznaczeniem na: zakup opału."
    )


def test_the_signature_names_the_signer_the_position_and_the_authority(
    decision_signed: Decision,
) -> None:
    context = render.decision_context(decision_signed)
    # Art. 107 § 1 k.p.a.: the name, surname and position of the person authorised; the
    # authority in the genitive: "z upoważnienia" + Wójt → Wójta (masculine noun, -a).
    assert context["signer_authority"] == "z upoważnienia Wójta Gminy Dębowo"
    assert context["signer_name"] == "Krystyna Wiśniewska"
    assert context["signer_position"] == "Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie"
    assert context["signer_authorisation"] == (
        "upoważnienie nr OR.0052.7.2024 z dnia 2 stycznia 2024 r."
    )
    assert context["signature_lines"] == [
        "z upoważnienia Wójta Gminy Dębowo",
        "Krystyna Wiśniewska",
        "Kierownik Gminnego Ośrodka Pomocy Społecznej w Dębowie",
        "upoważnienie nr OR.0052.7.2024 z dnia 2 stycznia 2024 r.",
    ]


@pytest.mark.parametrize(
    ("granted_by", "genitive"),
    [
        ("Wójt Gminy Dębowo", "Wójta Gminy Dębowo"),
        ("Burmistrz Miasta i Gminy Dębowo", "Burmistrza Miasta i Gminy Dębowo"),
        ("Prezydent Miasta Dębowo", "Prezydenta Miasta Dębowo"),
        # Already in the genitive as typed: kept.
        ("Wójta Gminy Dębowo", "Wójta Gminy Dębowo"),
    ],
)
def test_the_authorising_office_is_put_in_the_genitive(granted_by: str, genitive: str) -> None:
    assert render.office_genitive(granted_by) == genitive


def test_the_distribution_list_leaves_its_heading_to_the_template(
    decision_signed: Decision,
) -> None:
    assert render.decision_context(decision_signed)["distribution"] == [
        "1. Pani Maria Lipowska – strona",
        "2. a/a",
    ]


def test_a_justification_may_be_omitted_only_when_the_request_is_granted_in_full(
    decision_make: MakeDecision,
) -> None:
    # Art. 107 § 4 k.p.a.: the justification may be omitted when the decision grants the
    # request in full.
    omitted = decision_make(
        DecisionKind.GRANT,
        grants_request_in_full=True,
        justification_facts="",
        justification_law="",
    )
    context = render.decision_context(omitted)
    assert context["justification_may_be_omitted"] is True
    assert context["show_justification"] is False


def test_a_justification_written_is_shown_even_where_it_could_be_omitted(
    decision_make: MakeDecision,
) -> None:
    context = render.decision_context(
        decision_make(DecisionKind.GRANT, grants_request_in_full=True)
    )
    assert context["justification_may_be_omitted"] is True
    assert context["show_justification"] is True
    assert context["justification_facts"] == [
        "W dniu 3 marca 2025 r. Pani Maria Lipowska złożyła wniosek o przyznanie pomocy.",
        "W dniu 10 marca 2025 r. przeprowadzono rodzinny wywiad środowiskowy.",
    ]


def test_a_refusal_always_shows_its_justification(decision_make: MakeDecision) -> None:
    # A refusal grants nothing, so art. 107 § 4 cannot apply even if the flag was set.
    refusal = decision_make(
        DecisionKind.REFUSAL,
        grants_request_in_full=True,
        justification_facts="",
        justification_law="",
        lines=False,
    )
    context = render.decision_context(refusal)
    assert context["justification_may_be_omitted"] is False
    assert context["show_justification"] is True


def test_the_clause_of_immediate_enforceability_is_printed_only_when_set(
    decision_make: MakeDecision,
) -> None:
    plain = render.decision_context(decision_make(DecisionKind.GRANT))
    assert plain["enforceability_clause"] == ""
    enforced = render.decision_context(
        decision_make(
            DecisionKind.GRANT,
            immediately_enforceable=True,
            enforceability_reason="ze względu na wyjątkowo ważny interes strony.",
        )
    )
    # Art. 108 § 1 k.p.a. names "wyjątkowo ważny interes strony" among the reasons.
    assert enforced["enforceability_clause"] == (
        "Decyzji nadaje się rygor natychmiastowej wykonalności (art. 108 § 1 k.p.a.) – ze "
        "względu na wyjątkowo ważny interes strony."
    )


def test_a_change_names_the_decision_it_changes(decision_make: MakeDecision) -> None:
    context = render.decision_context(decision_make(DecisionKind.CHANGE))
    assert context["changes_number"] == "GOPS.8311.1.2025"
    assert context["subject"] == "w sprawie zmiany decyzji nr GOPS.8311.1.2025"


def test_fields_document_every_name_of_the_context(decision_signed: Decision) -> None:
    assert set(render.decision_context(decision_signed)) == set(render.FIELDS)


@given(st.text())
def test_paragraphs_are_trimmed_non_empty_lines_without_characters_xml_refuses(
    text: str,
) -> None:
    for paragraph in render.paragraphs(text):
        assert paragraph
        assert paragraph == paragraph.strip()
        assert "\n" not in paragraph
        assert not any(ord(char) < 32 and char != "\t" for char in paragraph)


@given(st.text())
def test_cleaning_a_text_twice_changes_nothing_more(text: str) -> None:
    once = render.clean_text(text)
    assert render.clean_text(once) == once


# ---------------------------------------------------------------------------------------------
# The default DOCX of every kind
# ---------------------------------------------------------------------------------------------

# The subject under "DECYZJA", by kind, as the default templates write it.
SUBJECTS = {
    DecisionKind.GRANT: "w sprawie przyznania świadczenia",
    DecisionKind.REFUSAL: "w sprawie odmowy przyznania świadczenia",
    DecisionKind.CHANGE: "w sprawie zmiany decyzji nr GOPS.8311.1.2025",
    DecisionKind.REVOCATION: "w sprawie uchylenia decyzji nr GOPS.8311.1.2025",
    DecisionKind.SUSPENSION: (
        "w sprawie wstrzymania wypłaty świadczenia przyznanego decyzją nr GOPS.8311.1.2025"
    ),
    DecisionKind.RESUMPTION: (
        "w sprawie wznowienia wypłaty świadczenia przyznanego decyzją nr GOPS.8311.1.2025"
    ),
    DecisionKind.DISCONTINUANCE: "w sprawie umorzenia postępowania",
    DecisionKind.UNDUE: "w sprawie nienależnie pobranego świadczenia",
    DecisionKind.RELIEF: (
        "w sprawie ulgi w zwrocie nienależnie pobranego świadczenia ustalonego decyzją nr "
        "GOPS.8311.1.2025"
    ),
}


@pytest.mark.parametrize("kind", list(DecisionKind))
def test_the_default_docx_of_each_kind_reads_back_as_a_decision_in_order(
    kind: DecisionKind, decision_make: MakeDecision, decision_docx_texts: Texts
) -> None:
    decision = decision_make(kind, sequence=2)
    texts = decision_docx_texts(render.render_docx(decision))
    expected_in_order = [
        "Gminny Ośrodek Pomocy Społecznej w Dębowie",
        "ul. Rynek 1, 00-950 Dębowo",
        "Dębowo, dnia 1 kwietnia 2025 r.",
        "GOPS.8311.2.2025",
        "Pani Maria Lipowska",
        "ul. Lipowa 3/2",
        "00-950 Dębowo",
        "DECYZJA",
        SUBJECTS[kind],
        render.decision_context(decision)["legal_basis"],
        "orzekam",
        "2. Przyznaje się Pani Marii Lipowskiej zasiłek celowy z przeznaczeniem na: zakup opału.",
        "UZASADNIENIE",
        "Dochód rodziny nie przekracza kryterium dochodowego (art. 8 ust. 1).",
        "POUCZENIE",
        "z upoważnienia Wójta Gminy Dębowo",
        "Krystyna Wiśniewska",
        "Otrzymują:",
        "2. a/a",
    ]
    positions = [texts.index(text) for text in expected_in_order]
    assert positions == sorted(positions)
    # No template command is left in the document.
    assert not [text for text in texts if "{%" in text or "{{" in text]


def test_a_draft_docx_is_marked_projekt_in_its_header_and_is_not_signed(
    decision_draft: Decision, decision_docx_texts: Texts
) -> None:
    data = render.render_docx(decision_draft)
    document = docx.Document(io.BytesIO(data))
    assert document.sections[0].header.paragraphs[0].text == "PROJEKT – decyzja niepodpisana"
    texts = decision_docx_texts(data)
    assert "projekt" in texts
    assert "projekt – bez podpisu" in texts
    assert "Krystyna Wiśniewska" not in texts


def test_a_signed_docx_has_no_draft_mark(decision_signed: Decision) -> None:
    document = docx.Document(io.BytesIO(render.render_docx(decision_signed)))
    assert document.sections[0].header.paragraphs[0].text == ""


def test_an_omitted_justification_leaves_no_heading(
    decision_make: MakeDecision, decision_docx_texts: Texts
) -> None:
    decision = decision_make(
        DecisionKind.GRANT,
        grants_request_in_full=True,
        justification_facts="",
        justification_law="",
    )
    texts = decision_docx_texts(render.render_docx(decision))
    assert "UZASADNIENIE" not in texts
    assert "POUCZENIE" in texts


def test_the_enforceability_clause_appears_in_the_docx_when_set(
    decision_make: MakeDecision, decision_docx_texts: Texts
) -> None:
    decision = decision_make(DecisionKind.GRANT, immediately_enforceable=True)
    texts = decision_docx_texts(render.render_docx(decision))
    assert "Decyzji nadaje się rygor natychmiastowej wykonalności (art. 108 § 1 k.p.a.)." in texts


def test_text_with_xml_characters_and_control_characters_makes_a_valid_docx(
    decision_make: MakeDecision, decision_docx_texts: Texts
) -> None:
    decision = decision_make(
        DecisionKind.GRANT, operative="Przyznaje się <b>pomoc</b> & wsparcie\x07 „rodzinie”."
    )
    texts = decision_docx_texts(render.render_docx(decision))
    # Autoescape writes the characters as text; the bell, which XML cannot hold, is dropped.
    assert "Przyznaje się <b>pomoc</b> & wsparcie „rodzinie”." in texts


def test_the_centres_active_template_is_used_over_the_default(
    decision_signed: Decision, decision_admin: Any, decision_docx_texts: Texts
) -> None:
    from ostoja.benefits.services.templates import template_upload

    template_upload(
        actor=decision_admin,
        kind=DecisionKind.GRANT,
        act="ups",
        name="Nasz wzór",
        upload=_docx(["Decyzja nr {{ number }} dla {{ party_dative }}"]),
    )
    texts = decision_docx_texts(render.render_docx(decision_signed))
    assert texts == ["Decyzja nr GOPS.8311.2.2025 dla Pani Marii Lipowskiej"]


def test_a_template_of_another_kind_or_act_is_not_used(
    decision_signed: Decision, decision_admin: Any, decision_docx_texts: Texts
) -> None:
    from ostoja.benefits.services.templates import template_upload

    for kind, act in ((DecisionKind.REFUSAL, "ups"), (DecisionKind.GRANT, "usr")):
        template_upload(
            actor=decision_admin, kind=kind, act=act, name="Inny", upload=_docx(["{{ number }}"])
        )
    assert "DECYZJA" in decision_docx_texts(render.render_docx(decision_signed))


def test_a_field_the_context_lacks_is_an_error_not_a_gap(decision_signed: Decision) -> None:
    context = render.decision_context(decision_signed)
    with pytest.raises(UndefinedError, match="party_nme"):
        render.render_template(_docx(["{{ party_nme }}"]), context)
    with pytest.raises(UndefinedError, match="amout"):
        render.render_template(
            _docx(["{%p for line in lines %}", "{{ line.amout }}", "{%p endfor %}"]), context
        )


def test_render_docx_takes_a_given_template(
    decision_signed: Decision, decision_docx_texts: Texts
) -> None:
    template = DocumentTemplate(kind=DecisionKind.GRANT, act="ups", name="x", sha256="0" * 64)
    template.file.save("x.docx", ContentFile(_docx(["Wzór: {{ date }}"])), save=False)
    texts = decision_docx_texts(render.render_docx(decision_signed, template=template))
    assert texts == ["Wzór: 1 kwietnia 2025 r."]


# ---------------------------------------------------------------------------------------------
# The default files themselves
# ---------------------------------------------------------------------------------------------


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_building_the_defaults_twice_gives_the_same_bytes() -> None:
    assert make_defaults.build_all() == make_defaults.build_all()


def test_the_committed_defaults_are_what_the_script_builds() -> None:
    """Run `.venv/bin/python -m ostoja.benefits.documents.make_defaults` after changing it."""
    for kind, data in make_defaults.build_all().items():
        committed = render.default_template_path(kind).read_bytes()
        assert _members(committed) == _members(data), kind


def test_every_kind_has_a_default_that_uses_styles_for_its_layout() -> None:
    for kind in DecisionKind:
        document = docx.Document(str(render.default_template_path(kind)))
        styles = {paragraph.style.name for paragraph in document.paragraphs if paragraph.style}
        assert {"Decyzja – tytuł", "Decyzja – nagłówek części", "Decyzja – tekst"} <= styles
        section = document.sections[0]
        assert section.page_width is not None
        assert section.page_height is not None
        # A4: 210 × 297 mm.
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
