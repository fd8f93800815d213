"""The benefits each decision names, for the register's filter by benefit: a table the
database's triggers keep, from the decision's lines and its assessment, on both PostgreSQL and
SQLite, filled for the decisions already written. A row goes when neither a line nor the
assessment names its benefit any more. The services change a decision's lines under the
decision's lock, so two writes of one decision's benefits never race."""

# The statements are put together from this module's own constants only (no input reaches
# them), so the rule against SQL built from strings does not apply here.
# ruff: noqa: S608

import django.db.models.deletion
from django.db import migrations, models

# The decision's benefits lose `benefit` when neither a line of the decision nor its
# assessment names it any more (the same condition on both databases).
STILL_NAMED = """
    EXISTS (SELECT 1 FROM benefits_decisionline l
            WHERE l.decision_id = {decision} AND l.benefit = {benefit})
    OR EXISTS (SELECT 1 FROM benefits_decision d
               JOIN benefits_assessment a ON a.id = d.assessment_id
               WHERE d.id = {decision} AND a.benefit = {benefit})
"""
LINE_GONE = STILL_NAMED.format(decision="OLD.decision_id", benefit="OLD.benefit")
ASSESSED_GONE = STILL_NAMED.format(
    decision="OLD.id",
    benefit="(SELECT benefit FROM benefits_assessment WHERE id = OLD.assessment_id)",
)

POSTGRESQL = f"""
CREATE FUNCTION benefits_decisionbenefit_from_line() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM benefits_decisionbenefit
        WHERE decision_id = OLD.decision_id AND benefit = OLD.benefit
          AND NOT ({LINE_GONE});
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO benefits_decisionbenefit (decision_id, benefit)
        VALUES (NEW.decision_id, NEW.benefit) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER benefits_decisionbenefit_line
    AFTER INSERT OR DELETE OR UPDATE OF decision_id, benefit ON benefits_decisionline
    FOR EACH ROW EXECUTE FUNCTION benefits_decisionbenefit_from_line();

CREATE FUNCTION benefits_decisionbenefit_from_assessment() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.assessment_id IS NOT NULL THEN
        DELETE FROM benefits_decisionbenefit
        WHERE decision_id = OLD.id
          AND benefit = (SELECT benefit FROM benefits_assessment WHERE id = OLD.assessment_id)
          AND NOT ({ASSESSED_GONE});
    END IF;
    IF NEW.assessment_id IS NOT NULL THEN
        INSERT INTO benefits_decisionbenefit (decision_id, benefit)
        SELECT NEW.id, benefit FROM benefits_assessment WHERE id = NEW.assessment_id
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER benefits_decisionbenefit_assessment_new
    AFTER INSERT ON benefits_decision
    FOR EACH ROW EXECUTE FUNCTION benefits_decisionbenefit_from_assessment();

CREATE TRIGGER benefits_decisionbenefit_assessment_changed
    AFTER UPDATE OF assessment_id ON benefits_decision
    FOR EACH ROW WHEN (OLD.assessment_id IS DISTINCT FROM NEW.assessment_id)
    EXECUTE FUNCTION benefits_decisionbenefit_from_assessment();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER benefits_decisionbenefit_assessment_changed ON benefits_decision;
DROP TRIGGER benefits_decisionbenefit_assessment_new ON benefits_decision;
DROP FUNCTION benefits_decisionbenefit_from_assessment();
DROP TRIGGER benefits_decisionbenefit_line ON benefits_decisionline;
DROP FUNCTION benefits_decisionbenefit_from_line();
"""


def _sqlite_insert(decision: str, benefit_from: str) -> str:
    """SQLite's triggers have no ON CONFLICT of their own: the row goes in unless it is in."""
    return f"""
        INSERT INTO benefits_decisionbenefit (decision_id, benefit)
        SELECT {decision}, picked.benefit FROM ({benefit_from}) AS picked
        WHERE picked.benefit IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM benefits_decisionbenefit b
            WHERE b.decision_id = {decision} AND b.benefit = picked.benefit);"""


LINE_REMOVED_SQLITE = f"""
        DELETE FROM benefits_decisionbenefit
        WHERE decision_id = OLD.decision_id AND benefit = OLD.benefit AND NOT ({LINE_GONE});"""
LINE_ADDED_SQLITE = _sqlite_insert("NEW.decision_id", "SELECT NEW.benefit AS benefit")
ASSESSED_SQLITE = _sqlite_insert(
    "NEW.id", "SELECT benefit FROM benefits_assessment WHERE id = NEW.assessment_id"
)

SQLITE = [
    f"""CREATE TRIGGER benefits_decisionbenefit_line_added AFTER INSERT ON benefits_decisionline
    BEGIN {LINE_ADDED_SQLITE}
    END;""",
    f"""CREATE TRIGGER benefits_decisionbenefit_line_removed
    AFTER DELETE ON benefits_decisionline
    BEGIN {LINE_REMOVED_SQLITE}
    END;""",
    f"""CREATE TRIGGER benefits_decisionbenefit_line_changed
    AFTER UPDATE OF decision_id, benefit ON benefits_decisionline
    BEGIN {LINE_REMOVED_SQLITE} {LINE_ADDED_SQLITE}
    END;""",
    f"""CREATE TRIGGER benefits_decisionbenefit_assessment_new AFTER INSERT ON benefits_decision
    WHEN NEW.assessment_id IS NOT NULL
    BEGIN {ASSESSED_SQLITE}
    END;""",
    f"""CREATE TRIGGER benefits_decisionbenefit_assessment_changed
    AFTER UPDATE OF assessment_id ON benefits_decision
    WHEN OLD.assessment_id IS NOT NEW.assessment_id
    BEGIN
        DELETE FROM benefits_decisionbenefit
        WHERE decision_id = OLD.id
          AND benefit = (SELECT benefit FROM benefits_assessment WHERE id = OLD.assessment_id)
          AND NOT ({ASSESSED_GONE});
        {ASSESSED_SQLITE}
    END;""",
]
SQLITE_TRIGGERS = [
    "benefits_decisionbenefit_line_added",
    "benefits_decisionbenefit_line_removed",
    "benefits_decisionbenefit_line_changed",
    "benefits_decisionbenefit_assessment_new",
    "benefits_decisionbenefit_assessment_changed",
]

# The decisions already written: each benefit of their lines and of their assessment, once.
BACKFILL = """
INSERT INTO benefits_decisionbenefit (decision_id, benefit)
SELECT decision_id, benefit FROM benefits_decisionline
UNION
SELECT d.id, a.benefit FROM benefits_decision d
JOIN benefits_assessment a ON a.id = d.assessment_id
"""


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL)
        else:
            for statement in SQLITE:
                cursor.execute(statement)


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_REVERSE)
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0004_register_sort_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionBenefit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "benefit",
                    models.CharField(
                        choices=[
                            ("zasilek_staly", "zasiłek stały"),
                            ("zasilek_okresowy", "zasiłek okresowy"),
                            ("zasilek_celowy", "zasiłek celowy"),
                            ("specjalny_zasilek_celowy", "specjalny zasiłek celowy"),
                            ("posilek", "posiłek"),
                            ("schronienie", "schronienie"),
                            ("ubranie", "niezbędne ubranie"),
                            ("uslugi_opiekuncze", "usługi opiekuńcze"),
                            ("sprawienie_pogrzebu", "sprawienie pogrzebu"),
                            ("praca_socjalna", "praca socjalna"),
                            ("dps", "pobyt w domu pomocy społecznej"),
                            ("zasilek_rodzinny", "zasiłek rodzinny z dodatkami"),
                            ("becikowe", "jednorazowa zapomoga z tytułu urodzenia się dziecka"),
                            ("zasilek_pielegnacyjny", "zasiłek pielęgnacyjny"),
                            ("swiadczenie_pielegnacyjne", "świadczenie pielęgnacyjne"),
                        ],
                        max_length=40,
                        verbose_name="benefit",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="benefits.decision",
                        verbose_name="decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "benefit named by a decision",
                "verbose_name_plural": "benefits named by decisions",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("benefit", "decision"), name="decision_benefit_once"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
