"""The part of an item set off against an undue benefit the payee owes, and the debt it repays;
both are frozen with the rest of what an approved item pays (the triggers of 0005 are replaced
by the same triggers over the longer list of fields)."""

# The statements are this module's constants only (no input reaches them).
# ruff: noqa: S608

import importlib

import django.db.models.deletion
from django.db import migrations, models

frozen = importlib.import_module("ostoja.payments.migrations.0005_frozen_items")

PAID_FIELDS = (*frozen.PAID_FIELDS, "setoff", "setoff_debt_id")


def _statements(fields: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    changed = " OR ".join(f"NEW.{name} IS DISTINCT FROM OLD.{name}" for name in fields)
    sqlite_changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in fields)
    postgresql = frozen.POSTGRESQL.replace(frozen.CHANGED, changed)
    sqlite = tuple(
        statement.replace(frozen.SQLITE_CHANGED, sqlite_changed) for statement in frozen.SQLITE
    )
    return postgresql, sqlite


def _install(schema_editor, fields: tuple[str, ...]) -> None:
    postgresql, sqlite = _statements(fields)
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(frozen.POSTGRESQL_REVERSE)
            cursor.execute(postgresql)
        else:
            for name in frozen.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for statement in sqlite:
                cursor.execute(statement)


def install(apps, schema_editor):
    _install(schema_editor, PAID_FIELDS)


def uninstall(apps, schema_editor):
    _install(schema_editor, frozen.PAID_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0007_undue_repayment_terms"),
        ("payments", "0007_recovery"),
    ]

    operations = [
        migrations.AddField(
            model_name="paymentitem",
            name="setoff",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                max_digits=10,
                verbose_name="set off against a debt",
            ),
        ),
        migrations.AddField(
            model_name="paymentitem",
            name="setoff_debt",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="setoff_items",
                to="benefits.decision",
                verbose_name="undue-benefit decision set off",
            ),
        ),
        migrations.AddConstraint(
            model_name="paymentitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("setoff", 0), ("setoff_debt__isnull", True)),
                    models.Q(
                        ("setoff__gt", 0),
                        ("setoff__lte", models.F("amount")),
                        ("setoff_debt__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="payment_item_setoff_within_amount",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
