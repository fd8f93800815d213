"""The items of an approved list are frozen in the database: what is paid (the amount, the
payee, the account, the title, the benefit and month, the list it is on) never changes,
whatever client asks; only its marks (state, receipt, day paid) move, each with its event.
PostgreSQL also refuses to delete such an item. SQLite (the embedded default) refuses the
change only: Django empties a test database there with DELETEs in no fixed order, which a
delete trigger reading the item's list would break; a paid item is kept there by the services
and by its marks' foreign keys."""

# The statements are this module's constants only (no input reaches them).
# ruff: noqa: S608

from django.db import migrations

FROZEN = "('zatwierdzona', 'przekazana', 'wyplacona', 'czesciowo_zwrocona')"
# What an item pays: frozen once its list is approved.
PAID_FIELDS = (
    "payment_list_id",
    "kind",
    "award_id",
    "household_id",
    "person_id",
    "payee_id",
    "benefit",
    "service_month",
    "one_off",
    "amount",
    "channel",
    "account",
    "payee_name",
    "payee_address",
    "payee_identity",
    "decision_number",
    "title",
    "section",
    "chapter",
    "paragraph",
    "funding",
    "reissues_id",
)
CHANGED = " OR ".join(f"NEW.{name} IS DISTINCT FROM OLD.{name}" for name in PAID_FIELDS)
LIST_FROZEN = "(SELECT state FROM payments_paymentlist WHERE id = OLD.payment_list_id) IN " + FROZEN

POSTGRESQL = f"""
CREATE FUNCTION payments_item_frozen() RETURNS trigger AS $$
BEGIN
    IF {LIST_FROZEN} THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'payment item % is on an approved list: it cannot be deleted', OLD.id;
        END IF;
        IF {CHANGED} THEN
            RAISE EXCEPTION 'payment item % is on an approved list: what it pays cannot change',
                OLD.id;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payments_item_frozen
    BEFORE UPDATE OR DELETE ON payments_paymentitem
    FOR EACH ROW EXECUTE FUNCTION payments_item_frozen();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS payments_item_frozen ON payments_paymentitem;
DROP FUNCTION IF EXISTS payments_item_frozen();
"""

SQLITE_CHANGED = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in PAID_FIELDS)
SQLITE = (
    f"""CREATE TRIGGER payments_item_frozen_update BEFORE UPDATE ON payments_paymentitem
    WHEN {LIST_FROZEN} AND ({SQLITE_CHANGED})
    BEGIN SELECT RAISE(ABORT, 'a payment item on an approved list: what it pays cannot change');
    END""",

)
SQLITE_TRIGGERS = ("payments_item_frozen_update",)


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
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
    dependencies = [("payments", "0004_budget")]

    operations = [migrations.RunPython(install, uninstall)]
