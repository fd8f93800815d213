"""What PostgreSQL guarantees beyond the constraints Django writes: periods that never overlap,
assessments that are never changed, and signed decisions that are never edited."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE benefits_deadlinepause ADD CONSTRAINT pause_periods_do_not_overlap
    EXCLUDE USING gist (application_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&);

ALTER TABLE benefits_award ADD CONSTRAINT award_monthly_segments_do_not_overlap
    EXCLUDE USING gist (
        person_id WITH =,
        benefit WITH =,
        daterange(valid_from, valid_to, '[]') WITH &&
    ) WHERE (frequency = 'miesieczne');

CREATE OR REPLACE FUNCTION benefits_assessment_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'benefits_assessment is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER benefits_assessment_append_only
    BEFORE UPDATE OR DELETE ON benefits_assessment
    FOR EACH ROW EXECUTE FUNCTION benefits_assessment_refuse_change();

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

CREATE TRIGGER benefits_decision_signed_is_final
    BEFORE UPDATE OR DELETE ON benefits_decision
    FOR EACH ROW EXECUTE FUNCTION benefits_decision_guard();

CREATE OR REPLACE FUNCTION benefits_decisionline_guard() RETURNS trigger AS $$
DECLARE
    decision_state text;
BEGIN
    SELECT state INTO decision_state FROM benefits_decision
        WHERE id = COALESCE(NEW.decision_id, OLD.decision_id);
    IF decision_state IS NOT NULL
        AND decision_state NOT IN ('projekt', 'do_podpisu', 'odrzucony') THEN
        RAISE EXCEPTION 'the lines of a signed decision cannot change (% refused)', TG_OP;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER benefits_decisionline_signed_is_final
    BEFORE INSERT OR UPDATE OR DELETE ON benefits_decisionline
    FOR EACH ROW EXECUTE FUNCTION benefits_decisionline_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS benefits_decisionline_signed_is_final ON benefits_decisionline;
DROP FUNCTION IF EXISTS benefits_decisionline_guard();
DROP TRIGGER IF EXISTS benefits_decision_signed_is_final ON benefits_decision;
DROP FUNCTION IF EXISTS benefits_decision_guard();
DROP TRIGGER IF EXISTS benefits_assessment_append_only ON benefits_assessment;
DROP FUNCTION IF EXISTS benefits_assessment_refuse_change();
ALTER TABLE benefits_award DROP CONSTRAINT IF EXISTS award_monthly_segments_do_not_overlap;
ALTER TABLE benefits_deadlinepause DROP CONSTRAINT IF EXISTS pause_periods_do_not_overlap;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
