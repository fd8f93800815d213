"""The settings a centre starts from (`ostoja.payments.defaults`)."""

from django.db import migrations


def seed(apps, schema_editor):
    from ostoja.payments.defaults import seed as seed_defaults

    seed_defaults(apps.get_model("payments", "BenefitPayment"), apps.get_model("payments", "PaymentSettings"))


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
