"""The register's sort orders read from indexes (see `Decision.Meta.indexes`).

The two indexes that put the empty dates and numbers last in a descending order (NULLS LAST)
are PostgreSQL's: SQLite cannot write NULLS LAST in an index, so there they exist in the
models' state only (SQLite then sorts, which at a single centre's size costs nothing)."""

from django.db import migrations, models

LATEST_FIRST = models.Index(
    models.OrderBy(models.F("issued_on"), descending=True, nulls_last=True),
    models.OrderBy(models.F("id"), descending=True),
    name="decision_latest_first_idx",
)
NUMBER_DESCENDING = models.Index(
    models.OrderBy(models.F("year"), descending=True, nulls_last=True),
    models.OrderBy(models.F("sequence"), descending=True, nulls_last=True),
    models.OrderBy(models.F("id"), descending=True),
    name="decision_number_desc_idx",
)


def add_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        decision = apps.get_model("benefits", "Decision")
        for index in (LATEST_FIRST, NUMBER_DESCENDING):
            schema_editor.add_index(decision, index)


def remove_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        decision = apps.get_model("benefits", "Decision")
        for index in (LATEST_FIRST, NUMBER_DESCENDING):
            schema_editor.remove_index(decision, index)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0003_imported_decisions"),
        ("registry", "0008_person_sort_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="decision",
            name="benefits_de_state_2a44fd_idx",
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["state", "id"], name="decision_state_idx"),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["kind", "id"], name="decision_kind_idx"),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["year", "sequence", "id"], name="decision_number_idx"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="decision", index=LATEST_FIRST),
                migrations.AddIndex(model_name="decision", index=NUMBER_DESCENDING),
            ],
            database_operations=[migrations.RunPython(add_on_postgresql, remove_on_postgresql)],
        ),
    ]
