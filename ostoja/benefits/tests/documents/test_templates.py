"""The upload of a centre's own DOCX template: what is refused and why, what is accepted, and
how an accepted template replaces the one in use.

The messages are checked for what they must name (the paragraph, its text, the field), not for
their wording, which the translation catalogue may still change.
"""

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ostoja.benefits.documents import render
from ostoja.benefits.documents.templates import check_template, paragraph_at
from ostoja.benefits.models import Decision, DecisionKind, DocumentTemplate
from ostoja.benefits.services.templates import (
    TEMPLATE_DEACTIVATE,
    TEMPLATE_UPLOAD,
    template_deactivate,
    template_upload,
)
from ostoja.core.models import ActionRecord

GRANT, UPS = DecisionKind.GRANT, "ups"
Texts = Callable[[bytes], list[str]]


def _docx(paragraphs: list[str], *, header: str | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _split_runs(text: str, pieces: int = 3) -> bytes:
    """A paragraph whose text Word stored in several runs (as it does after edits)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    size = max(len(text) // pieces, 1)
    for start in range(0, len(text), size):
        paragraph.add_run(text[start : start + size])
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _refused(data: bytes, kind: str = GRANT) -> str:
    problems = check_template(data, kind=kind, act=UPS)
    assert len(problems) == 1, problems
    return problems[0]


# ---------------------------------------------------------------------------------------------
# What is refused
# ---------------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_not_a_docx(decision_today: Any) -> None:
    assert "DOCX" in _refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")


def test_a_zip_without_a_word_document_is_not_a_docx(decision_today: Any) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("content.xml", "<office:document/>")  # an OpenDocument text, say
    assert "DOCX" in _refused(archive.getvalue())


def test_a_block_never_closed_is_refused_at_the_paragraph_that_opens_it(
    decision_today: Any,
) -> None:
    message = _refused(_docx(["{{ number }}", "{% if is_draft %}PROJEKT", "koniec", "stopka"]))
    # The second paragraph opens the "if" that nothing closes.
    assert re.search(r"\b2\b", message)
    assert "{% if is_draft %}PROJEKT" in message
    assert "endif" in message


def test_a_syntax_error_names_its_paragraph_and_shows_its_text(decision_today: Any) -> None:
    message = _refused(_docx(["Decyzja", "{{ number }}", "Dla {{ party_dative | }}", "koniec"]))
    # The third paragraph: "|" must be followed by a filter's name.
    assert re.search(r"\b3\b", message)
    assert "Dla {{ party_dative | }}" in message


def test_a_line_that_does_not_start_a_paragraph_belongs_to_the_one_above() -> None:
    lines = [
        '<w:body xmlns:w="…">',
        "<w:p><w:r><w:t>pierwszy</w:t></w:r></w:p>",
        "<w:p><w:pPr/><w:r><w:t>drugi {% if",
        "is_draft %}</w:t></w:r></w:p>",
    ]
    assert paragraph_at(lines, 4) == (2, "drugi {% if is_draft %}")
    assert paragraph_at(lines, 2) == (1, "pierwszy")
    assert paragraph_at(lines, 1) == (1, "")


def test_a_tag_split_across_runs_is_read_whole(decision_today: Any) -> None:
    # Word keeps "{{ party_nme }}" as three runs; docxtpl joins them before Jinja reads it.
    message = _refused(_split_runs("{{ party_nme }}"))
    assert "party_nme" in message


def test_a_closing_tag_without_its_opening_is_refused(decision_today: Any) -> None:
    message = _refused(_docx(["{{ number }}", "{% endif %}"]))
    assert re.search(r"\b2\b", message)
    assert "endif" in message


def test_a_syntax_error_in_the_header_says_it_is_in_a_header(decision_today: Any) -> None:
    from django.utils.translation import gettext

    message = _refused(_docx(["{{ number }}"], header="{% if is_draft %}PROJEKT"))
    assert gettext("a header") in message
    assert "{% if is_draft %}PROJEKT" in message


def test_an_unknown_field_is_refused_by_its_name_with_the_field_meant(
    decision_today: Any,
) -> None:
    message = _refused(_docx(["Dla {{ party_nme }}"]))
    assert "party_nme" in message
    assert "party_name" in message  # the closest field


def test_a_misspelt_attribute_of_a_benefit_is_refused_at_the_sample_rendering(
    decision_today: Any,
) -> None:
    message = _refused(_docx(["{%p for line in lines %}", "{{ line.amout }}", "{%p endfor %}"]))
    assert "amout" in message


def test_a_field_misspelt_only_in_the_drafts_branch_is_found_too(decision_today: Any) -> None:
    # The sample is rendered signed and as a draft: both branches run.
    message = _refused(_docx(["{%p if is_draft %}", "{{ lines.0.nope }}", "{%p endif %}"]))
    assert "nope" in message


def test_what_the_sandbox_forbids_is_refused(decision_today: Any) -> None:
    assert _refused(_docx(["{{ lines.__class__.__mro__ }}"]))


# ---------------------------------------------------------------------------------------------
# What is accepted
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(DecisionKind))
@pytest.mark.parametrize("act", ["ups", "usr"])
def test_the_default_templates_pass_the_check(decision_today: Any, kind: str, act: str) -> None:
    data = render.default_template_path(kind).read_bytes()
    assert check_template(data, kind=kind, act=act) == []


def test_the_check_runs_without_a_database() -> None:
    # No `db` fixture: pytest-django refuses any query, so the sample decision must be built
    # in memory and the check must read nothing.
    data = _docx(["{{ number }} {{ party_dative }} {{ lines.0.amount_with_words }}"])
    assert check_template(data, kind=GRANT, act=UPS) == []


# ---------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------


def test_an_accepted_upload_is_stored_under_its_checksum_and_in_use(
    decision_today: Any, decision_admin: Any
) -> None:
    data = _docx(["Decyzja {{ number }}"])
    upload = SimpleUploadedFile("wzor.docx", data)
    template = template_upload(
        actor=decision_admin, kind=GRANT, act=UPS, name=" Wzór ", upload=upload
    )
    digest = hashlib.sha256(data).hexdigest()
    assert template.sha256 == digest
    assert template.file.name == f"benefits/templates/{digest}.docx"
    assert template.active
    assert template.name == "Wzór"
    with template.file.open("rb") as stored:
        assert stored.read() == data
    record = ActionRecord.objects.get(action=TEMPLATE_UPLOAD)
    assert record.actor == decision_admin


def test_an_upload_replaces_the_template_in_use_for_the_kind_and_act(
    decision_today: Any, decision_admin: Any
) -> None:
    first = template_upload(
        actor=decision_admin, kind=GRANT, act=UPS, name="Pierwszy", upload=_docx(["{{ number }}"])
    )
    other_act = template_upload(
        actor=decision_admin, kind=GRANT, act="usr", name="Inny", upload=_docx(["{{ date }}"])
    )
    second = template_upload(
        actor=decision_admin, kind=GRANT, act=UPS, name="Drugi", upload=_docx(["{{ date }}"])
    )
    first.refresh_from_db()
    other_act.refresh_from_db()
    assert not first.active
    assert second.active
    assert other_act.active  # another act keeps its own
    assert list(DocumentTemplate.objects.filter(kind=GRANT, act=UPS, active=True)) == [second]
    assert ActionRecord.objects.filter(action=TEMPLATE_UPLOAD).count() == 3


def test_the_same_file_uploaded_again_reuses_the_stored_file(
    decision_today: Any, decision_admin: Any
) -> None:
    data = _docx(["{{ number }}"])
    first = template_upload(actor=decision_admin, kind=GRANT, act=UPS, name="A", upload=data)
    second = template_upload(actor=decision_admin, kind=GRANT, act=UPS, name="B", upload=data)
    assert first.file.name == second.file.name


def test_a_refused_upload_says_why_and_changes_nothing(
    decision_today: Any, decision_admin: Any
) -> None:
    kept = template_upload(
        actor=decision_admin, kind=GRANT, act=UPS, name="Dobry", upload=_docx(["{{ number }}"])
    )
    with pytest.raises(ValidationError) as refused:
        template_upload(
            actor=decision_admin, kind=GRANT, act=UPS, name="Zły", upload=_docx(["{{ numer }}"])
        )
    assert "numer" in " ".join(refused.value.message_dict["upload"])
    kept.refresh_from_db()
    assert kept.active
    assert DocumentTemplate.objects.count() == 1


def test_an_unknown_kind_and_an_empty_name_are_refused(
    decision_today: Any, decision_admin: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        template_upload(
            actor=decision_admin, kind="darowizna", act=UPS, name=" ", upload=_docx(["x"])
        )
    assert set(refused.value.message_dict) == {"kind", "name"}


def test_only_the_benefits_administration_uploads_templates(
    decision_today: Any, benefits_clerk: Any
) -> None:
    with pytest.raises(PermissionDenied):
        template_upload(
            actor=benefits_clerk, kind=GRANT, act=UPS, name="Wzór", upload=_docx(["{{ number }}"])
        )
    assert not DocumentTemplate.objects.exists()


def test_a_withdrawn_template_gives_way_to_the_default(
    decision_signed: Decision, decision_admin: Any, decision_docx_texts: Texts
) -> None:
    template = template_upload(
        actor=decision_admin, kind=GRANT, act=UPS, name="Nasz", upload=_docx(["Nasz {{ number }}"])
    )
    assert decision_docx_texts(render.render_docx(decision_signed)) == ["Nasz GOPS.8311.2.2025"]
    template_deactivate(actor=decision_admin, template=template)
    template.refresh_from_db()
    assert not template.active
    assert "DECYZJA" in decision_docx_texts(render.render_docx(decision_signed))
    assert ActionRecord.objects.filter(action=TEMPLATE_DEACTIVATE).count() == 1
    with pytest.raises(ValidationError):
        template_deactivate(actor=decision_admin, template=template)


def test_only_the_benefits_administration_withdraws_templates(
    decision_today: Any, decision_admin: Any, benefits_clerk: Any
) -> None:
    template = template_upload(
        actor=decision_admin, kind=GRANT, act=UPS, name="Nasz", upload=_docx(["{{ number }}"])
    )
    with pytest.raises(PermissionDenied):
        template_deactivate(actor=benefits_clerk, template=template)
    template.refresh_from_db()
    assert template.active
