from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    CENTRAL = "central", _("Vertical central agency")


class AgencyKind(models.TextChoices):
    """What an organisation is, which decides what it may do with a dossier."""

    PEOPLES_COMMITTEE = "committee", _("People's Committee")
    SERVICE_CENTRE = "service-centre", _("Public Administration Service Centre")
    DEPARTMENT = "department", _("Department (sở, ban, ngành)")
    DIVISION = "division", _("Division (phòng, ban)")
    POLICE = "police", _("Police")
    VERTICAL = "vertical", _("Vertical central agency branch")
