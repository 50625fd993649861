"""The admin app with the back office's admin site (admin_site.StaffAdminSite) as its default
site. Kept apart from admin_site.py, which imports models: this module is imported while the
app registry is still being filled."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "motcua.backoffice.admin_site.StaffAdminSite"
