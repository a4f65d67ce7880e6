from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.contrib import admin

        from portal.admin_login import ThrottledAdminAuthenticationForm
        from portal.caching import connect_signals

        connect_signals()

        admin.site.login_form = ThrottledAdminAuthenticationForm
        admin.site.site_header = "Drug Literature Portal: curation"
        admin.site.site_title = "Portal curation"
