from django.db import migrations

from portal.roles import remove_curators_group, sync_curator_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("drugs", "0001_initial"),
        ("literature", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_curator_permissions, remove_curators_group)]
