"""Wagtail's migrations name its seed data in English ("Root", "Moderators
approval", "Moderators", "Editors"); the admin shows these names to staff."""

from django.db import migrations

RENAMES = [
    ("wagtailcore", "Collection", "name", "Root", "根目录"),
    ("wagtailcore", "Page", "title", "Root", "根目录"),
    ("wagtailcore", "Page", "draft_title", "Root", "根目录"),  # the admin shows it
    ("wagtailcore", "Workflow", "name", "Moderators approval", "默认审核"),
    ("wagtailcore", "Task", "name", "Moderators approval", "版主审核"),
    ("auth", "Group", "name", "Moderators", "版主"),
    ("auth", "Group", "name", "Editors", "编辑"),
]


def to_chinese(apps, schema_editor):
    for app, model, field, english, chinese in RENAMES:
        manager = apps.get_model(app, model)._base_manager
        if not manager.filter(**{field: chinese}).exists():
            manager.filter(**{field: english}).update(**{field: chinese})


def to_english(apps, schema_editor):
    for app, model, field, english, chinese in RENAMES:
        apps.get_model(app, model)._base_manager.filter(**{field: chinese}).update(
            **{field: english}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_video_files"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # After every Wagtail migration that looks its groups up by name.
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
