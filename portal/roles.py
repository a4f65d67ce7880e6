"""The Curators group: what a curator may do, and nothing more.

Curators get every model permission of the apps that hold curated content
(``drugs`` and ``literature``) and none of ``auth`` (users, groups, permissions).
A migration that adds a model to those apps calls ``sync_curator_permissions`` again.
"""

CURATORS_GROUP = "Curators"
CURATED_APPS = ("drugs", "literature")


def sync_curator_permissions(apps, schema_editor=None):
    """Create the group if missing and grant it every permission of the curated apps."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without a models module (migration states have none).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=CURATED_APPS)
    group.permissions.add(*perms)


def remove_curators_group(apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS_GROUP).delete()
