"""On PostgreSQL: the ICU collation "pl" for Polish ordering, and a trigger that refuses any
UPDATE or DELETE on the access log. SQLite gets its "pl" collation from Python at connect time."""

from django.db import migrations

CREATE = """
CREATE COLLATION IF NOT EXISTS "pl" (provider = icu, locale = 'pl-PL');

CREATE OR REPLACE FUNCTION core_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_accesslog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_accesslog_append_only
    BEFORE UPDATE OR DELETE ON core_accesslog
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_refuse_change();

CREATE TRIGGER core_accesslog_no_truncate
    BEFORE TRUNCATE ON core_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION core_accesslog_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslog;
DROP TRIGGER IF EXISTS core_accesslog_append_only ON core_accesslog;
DROP FUNCTION IF EXISTS core_accesslog_refuse_change();
DROP COLLATION IF EXISTS "pl";
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: no placeholder substitution, so the "%" in RAISE stays as written.
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
