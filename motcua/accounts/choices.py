from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen or business representative")
    VOLUNTEER = "volunteer", _("Community digital-technology team member")
    STAFF = "staff", _("Staff")


class Role(models.TextChoices):
    """What a staff member does in one agency; a person may hold several memberships."""

    COUNTER_OFFICER = "counter", _("Counter officer (Bộ phận Một cửa)")
    SPECIALIST = "specialist", _("Specialist")
    LEADER = "leader", _("Leader")
    CENTRE_SUPERVISOR = "supervisor", _("Service centre supervisor")
    PROVINCE_LEADERSHIP = "province-leader", _("Province leadership")
    COMMUNE_LEADER = "commune-leader", _("Commune leader")
    ADMINISTRATOR = "admin", _("Administrator")


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class Sex(models.TextChoices):
    """As on the citizen identity card; the values are those of accounts.cccd (MALE, FEMALE)."""

    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
