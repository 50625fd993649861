"""Find or create a sector (lĩnh vực) by its name, as catalog imports name sectors."""

from __future__ import annotations

from django.utils.text import slugify

from motcua.lib.text import fold

from .models import Sector

CODE_LENGTH = Sector._meta.get_field("code").max_length or 60


def sector_code(name: str) -> str:
    """Return an ASCII slug for a sector name: "Đăng ký, quản lý cư trú" → dang-ky-quan-ly-cu-tru.

    `fold` first, because `slugify` alone drops "đ" (it has no ASCII decomposition).
    """
    return slugify(fold(name))[:CODE_LENGTH].strip("-") or "linh-vuc"


def sector_for(name: str) -> tuple[Sector, bool]:
    """Return the sector called `name`, creating it with a free slug code; and whether it is new."""
    name = name.strip()
    sector = Sector.objects.filter(name=name).first()
    if sector is not None:
        return sector, False
    base = code = sector_code(name)
    suffix = 2
    while Sector.objects.filter(code=code).exists():
        tail = f"-{suffix}"
        code = base[: CODE_LENGTH - len(tail)] + tail
        suffix += 1
    return Sector.objects.create(name=name, code=code), True
