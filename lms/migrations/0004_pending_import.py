# The roster's RosterImport becomes PendingImport, the one stored upload of
# every import (roster, question bank, paper register): a kind, and the
# roster's create_places kept in options. Existing rows are roster uploads.

from django.db import migrations, models


def create_places_to_options(apps, schema_editor):
    PendingImport = apps.get_model("lms", "PendingImport")
    PendingImport.objects.filter(create_places=True).update(
        options={"create_places": True}
    )


def options_to_create_places(apps, schema_editor):
    PendingImport = apps.get_model("lms", "PendingImport")
    PendingImport.objects.filter(kind="roster", options__create_places=True).update(
        create_places=True
    )
    PendingImport.objects.exclude(kind="roster").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_history_verbose_names"),
    ]

    operations = [
        migrations.RenameModel("RosterImport", "PendingImport"),
        migrations.AddField(
            model_name="pendingimport",
            name="kind",
            field=models.CharField(
                default="roster", max_length=32, verbose_name="导入类型"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="options",
            field=models.JSONField(blank=True, default=dict, verbose_name="导入选项"),
        ),
        migrations.RunPython(create_places_to_options, options_to_create_places),
        migrations.RemoveField(model_name="pendingimport", name="create_places"),
        migrations.AlterField(
            model_name="pendingimport",
            name="file",
            field=models.FileField(upload_to="imports/%Y/%m/", verbose_name="文件"),
        ),
        migrations.AlterModelOptions(
            name="pendingimport",
            options={
                "ordering": ["-uploaded_at", "-pk"],
                "verbose_name": "待确认的导入",
                "verbose_name_plural": "待确认的导入",
            },
        ),
        migrations.AddIndex(
            model_name="pendingimport",
            index=models.Index(
                fields=["kind", "-uploaded_at"], name="pending_import_kind_idx"
            ),
        ),
    ]
