"""Organisations apply through a person who acts for them (Representation).

A person declares the organisation they act for and in what capacity; the dossier then names
both. What proves the capacity (the organisation's authorisation letter, giấy ủy quyền, or its
registration naming the legal representative) is a paper of the dossier, checked at receipt.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Organisation, Representation, User
from .taxcode import normalise_tax_code


def acting_for(user: User, on: dt.date | None = None) -> list[Organisation]:
    """The organisations `user` acts for on the day `on` (today by default), by name."""
    day = on or timezone.localdate()
    ids = Representation.objects.filter(user=user).in_force_on(day).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def representations_of(user: User) -> list[Representation]:
    """All of `user`'s representations, the latest first, with their organisations."""
    return list(
        Representation.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-valid_from", "-pk")
    )


def declare(
    user: User,
    *,
    tax_code: str,
    name: str,
    title: str,
    address: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Representation:
    """Record that `user` acts for the organisation with `tax_code`, creating it if new.

    An organisation already known by its tax code keeps the name on record. Raises
    ValidationError (by field) when the tax code is malformed, the dates are reversed or the
    person already acts for it over an overlapping period.
    """
    code = normalise_tax_code(tax_code)
    start = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < start:
        raise ValidationError({"valid_until": _("The last day cannot be before the first day.")})
    with transaction.atomic():
        organisation, _created = Organisation.objects.get_or_create(
            tax_code=code, defaults={"name": name.strip(), "address": address.strip()}
        )
        if _overlapping(user, organisation, start, valid_until):
            raise ValidationError(
                {
                    "tax_code": _(
                        "You already act for %(name)s over these dates. End that declaration first "
                        "if your title changed."
                    )
                    % {"name": organisation.name}
                }
            )
        return Representation.objects.create(
            user=user,
            organisation=organisation,
            title=title.strip(),
            valid_from=start,
            valid_until=valid_until,
        )


def _overlapping(
    user: User, organisation: Organisation, start: dt.date, until: dt.date | None
) -> bool:
    rows = Representation.objects.filter(user=user, organisation=organisation)
    rows = rows.exclude(valid_until__lt=start)
    if until is not None:
        rows = rows.exclude(valid_from__gt=until)
    return rows.exists()


def end(representation: Representation, last_day: dt.date | None = None) -> None:
    """End a representation: `last_day` (today by default) is the last day it is in force.

    Raises ValidationError when that day is before the representation began.
    """
    day = last_day or timezone.localdate()
    if day < representation.valid_from:
        raise ValidationError(
            {
                "last_day": _(
                    "The last day cannot be before %(start)s, the day you began to act for it."
                )
                % {"start": representation.valid_from.strftime("%d/%m/%Y")}
            }
        )
    representation.valid_until = day
    representation.save(update_fields=["valid_until"])
