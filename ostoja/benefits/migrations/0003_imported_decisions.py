"""Decisions issued before Ostoja, recorded from the paper file; the indexes of the register.

The guard of a signed decision (0002) also keeps such a decision as recorded: whether it was
imported and who signed the original are part of its content."""

from django.conf import settings
from django.db import migrations, models

GUARD_WITH_IMPORT = """
CREATE OR REPLACE FUNCTION benefits_decision_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.state IN ('projekt', 'do_podpisu', 'odrzucony') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'an issued decision (%) cannot be deleted', OLD.id;
    END IF;
    IF NEW.state IN ('projekt', 'do_podpisu', 'odrzucony')
        OR (NEW.kind, NEW.act, NEW.party_id, NEW.household_id, NEW.application_id,
            NEW.assessment_id, NEW.changes_id, NEW.register_id, NEW.year, NEW.sequence,
            NEW.number, NEW.effective_from, NEW.legal_basis, NEW.operative,
            NEW.justification_facts, NEW.justification_law, NEW.appeal_instruction,
            NEW.distribution, NEW.immediately_enforceable, NEW.enforceability_reason,
            NEW.grants_request_in_full, NEW.drafted_by_id, NEW.signed_by_id,
            NEW.authorisation_id, NEW.signed_at, NEW.issued_on, NEW.document,
            NEW.document_sha256, NEW.imported, NEW.signatory)
        IS DISTINCT FROM
           (OLD.kind, OLD.act, OLD.party_id, OLD.household_id, OLD.application_id,
            OLD.assessment_id, OLD.changes_id, OLD.register_id, OLD.year, OLD.sequence,
            OLD.number, OLD.effective_from, OLD.legal_basis, OLD.operative,
            OLD.justification_facts, OLD.justification_law, OLD.appeal_instruction,
            OLD.distribution, OLD.immediately_enforceable, OLD.enforceability_reason,
            OLD.grants_request_in_full, OLD.drafted_by_id, OLD.signed_by_id,
            OLD.authorisation_id, OLD.signed_at, OLD.issued_on, OLD.document,
            OLD.document_sha256, OLD.imported, OLD.signatory)
    THEN
        RAISE EXCEPTION 'decision % is signed: its content cannot change', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

GUARD_BEFORE = """
CREATE OR REPLACE FUNCTION benefits_decision_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.state IN ('projekt', 'do_podpisu', 'odrzucony') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'an issued decision (%) cannot be deleted', OLD.id;
    END IF;
    IF NEW.state IN ('projekt', 'do_podpisu', 'odrzucony')
        OR (NEW.kind, NEW.act, NEW.party_id, NEW.household_id, NEW.application_id,
            NEW.assessment_id, NEW.changes_id, NEW.register_id, NEW.year, NEW.sequence,
            NEW.number, NEW.effective_from, NEW.legal_basis, NEW.operative,
            NEW.justification_facts, NEW.justification_law, NEW.appeal_instruction,
            NEW.distribution, NEW.immediately_enforceable, NEW.enforceability_reason,
            NEW.grants_request_in_full, NEW.drafted_by_id, NEW.signed_by_id,
            NEW.authorisation_id, NEW.signed_at, NEW.issued_on, NEW.document,
            NEW.document_sha256)
        IS DISTINCT FROM
           (OLD.kind, OLD.act, OLD.party_id, OLD.household_id, OLD.application_id,
            OLD.assessment_id, OLD.changes_id, OLD.register_id, OLD.year, OLD.sequence,
            OLD.number, OLD.effective_from, OLD.legal_basis, OLD.operative,
            OLD.justification_facts, OLD.justification_law, OLD.appeal_instruction,
            OLD.distribution, OLD.immediately_enforceable, OLD.enforceability_reason,
            OLD.grants_request_in_full, OLD.drafted_by_id, OLD.signed_by_id,
            OLD.authorisation_id, OLD.signed_at, OLD.issued_on, OLD.document,
            OLD.document_sha256)
    THEN
        RAISE EXCEPTION 'decision % is signed: its content cannot change', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_WITH_IMPORT, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_BEFORE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0002_database_invariants"),
        ("registry", "0007_income_kind_counting_from_the_rules"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="decision",
            name="decision_issued_is_signed_and_numbered",
        ),
        migrations.AddField(
            model_name="decision",
            name="imported",
            field=models.BooleanField(default=False, verbose_name="issued before Ostoja"),
        ),
        migrations.AddField(
            model_name="decision",
            name="signatory",
            field=models.CharField(
                blank=True,
                help_text="The name and the position of the person who signed the original.",
                max_length=200,
                verbose_name="signed by (as on the original)",
            ),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="imported",
            field=models.BooleanField(default=False, verbose_name="issued before Ostoja"),
        ),
        migrations.AddField(
            model_name="historicaldecision",
            name="signatory",
            field=models.CharField(
                blank=True,
                help_text="The name and the position of the person who signed the original.",
                max_length=200,
                verbose_name="signed by (as on the original)",
            ),
        ),
        migrations.AddIndex(
            model_name="decisionline",
            index=models.Index(fields=["benefit", "decision"], name="decisionline_benefit_idx"),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("state__in", ["projekt", "do_podpisu"]),
                    ("state", "odrzucony"),
                    models.Q(
                        ("imported", False),
                        ("sequence__isnull", False),
                        ("signed_by__isnull", False),
                        ("authorisation__isnull", False),
                        ("issued_on__isnull", False),
                    ),
                    models.Q(
                        ("imported", True),
                        models.Q(("number", ""), _negated=True),
                        models.Q(("signatory", ""), _negated=True),
                        ("issued_on__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="decision_issued_is_signed_and_numbered",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("imported", False),
                    models.Q(
                        ("sequence__isnull", True),
                        (
                            "state__in",
                            [
                                "podpisana",
                                "doreczona",
                                "ostateczna",
                                "odwolanie",
                                "w_sko",
                                "rozpatrzona",
                            ],
                        ),
                    ),
                    _connector="OR",
                ),
                name="decision_imported_is_issued_outside_the_register",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number", ""), _negated=True),
                fields=("number",),
                name="decision_number_unique",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
