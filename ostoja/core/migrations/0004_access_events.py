"""The access log becomes one event per response with a child table of the persons it showed,
and records refused looks. Each old row (one person) becomes an event with that one person.

On PostgreSQL the new table gets the same append-only triggers as the log (migration 0002)."""

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

COPY_PERSONS = """
INSERT INTO core_accesslogperson (event_id, person_id)
SELECT id, person_id FROM core_accesslog
"""

CREATE_TRIGGERS = """
CREATE TRIGGER core_accesslogperson_append_only
    BEFORE UPDATE OR DELETE ON core_accesslogperson
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_refuse_change();

CREATE TRIGGER core_accesslogperson_no_truncate
    BEFORE TRUNCATE ON core_accesslogperson
    FOR EACH STATEMENT EXECUTE FUNCTION core_accesslog_refuse_change();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS core_accesslogperson_no_truncate ON core_accesslogperson;
DROP TRIGGER IF EXISTS core_accesslogperson_append_only ON core_accesslogperson;
"""


def copy_persons(apps, schema_editor):
    schema_editor.execute(COPY_PERSONS)


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_action_record")]

    operations = [
        migrations.CreateModel(
            name="AccessLogPerson",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person_id", models.BigIntegerField(verbose_name="person")),
                (
                    "event",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="persons",
                        to="core.accesslog",
                    ),
                ),
            ],
            options={
                "verbose_name": "person in an access log entry",
                "verbose_name_plural": "persons in access log entries",
                "indexes": [
                    models.Index(fields=["person_id", "event"], name="core_accesslog_person_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "person_id"), name="core_accesslog_person_once"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_persons, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RemoveField(model_name="accesslog", name="person_id"),
        migrations.AddField(
            model_name="accesslog",
            name="details",
            field=models.JSONField(
                blank=True,
                default=dict,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                verbose_name="details",
            ),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="outcome",
            field=models.CharField(
                choices=[("shown", "shown"), ("refused", "refused")],
                default="shown",
                max_length=8,
                verbose_name="outcome",
            ),
        ),
        # Every old row showed one person: the column is added with 1 for them (no UPDATE, which
        # the trigger would refuse), then the default for new events becomes 0.
        migrations.AddField(
            model_name="accesslog",
            name="person_count",
            field=models.PositiveIntegerField(default=1, verbose_name="number of persons"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="person_count",
            field=models.PositiveIntegerField(default=0, verbose_name="number of persons"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="status",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="response status"
            ),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["what", "-at"], name="core_accesslog_what_at"),
        ),
        migrations.AddIndex(
            model_name="accesslog",
            index=models.Index(fields=["outcome", "at"], name="core_accesslog_outcome_at"),
        ),
    ]
