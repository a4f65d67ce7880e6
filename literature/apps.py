from django.apps import AppConfig


class LiteratureConfig(AppConfig):
    name = "literature"
    verbose_name = "Literature"

    def ready(self):
        from django.db.backends.signals import connection_created

        from literature.search.backends.sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="literature-search-sqlite-functions")
