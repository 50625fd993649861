from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    """The scheme of administrative units a code belongs to.

    Codes of old and new communes share one number space but are not the same units, so a code is
    never stored without its scheme (Resolution 202/2025/QH15; Decision 19/2025/QĐ-TTg).
    """

    BEFORE_2025 = "before-2025", _("Three levels, until 30/6/2025")
    FROM_2025 = "2025", _("Two levels, from 1/7/2025")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
