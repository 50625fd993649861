"""The demo internal process: permanent residence registration (đăng ký thường trú, 1.004222),
7 working days, handled by the commune police of the dossier's commune (the competent agency).

The split of the 7 days is a demo value, not taken from a province's approving decision.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from motcua.accounts.choices import Role
from motcua.catalog.models import Procedure

from .choices import TeamKind
from .models import Process, ProcessStep

DEMO_PROCEDURE = "1.004222"
DEMO_NOTE = "Quy trình minh họa (dữ liệu demo), chưa căn cứ quyết định phê duyệt của tỉnh."
# (name, role, budget in working days)
DEMO_STEPS = (
    ("Tiếp nhận hồ sơ", Role.COUNTER_OFFICER, Decimal("0.5")),
    ("Cán bộ Công an thẩm định hồ sơ", Role.SPECIALIST, Decimal(4)),
    ("Lãnh đạo Công an xã, phường phê duyệt", Role.LEADER, Decimal("1.5")),
    ("Trả kết quả", Role.COUNTER_OFFICER, Decimal(1)),
)


@transaction.atomic
def load_demo_processes() -> list[Process]:
    """Create or update the demo process of every version of the demo procedure; running it
    again changes nothing."""
    procedure = Procedure.objects.filter(code=DEMO_PROCEDURE).first()
    if procedure is None:
        return []
    loaded = []
    for version in procedure.versions.all():
        process, _created = Process.objects.update_or_create(
            procedure_version=version, defaults={"note": DEMO_NOTE}
        )
        for position, (name, role, budget) in enumerate(DEMO_STEPS, start=1):
            ProcessStep.objects.update_or_create(
                process=process,
                position=position,
                defaults={
                    "name": name,
                    "role": role,
                    "team": TeamKind.COMPETENT,
                    "department_kind": "",
                    "agency": None,
                    "budget": budget,
                    "parallel": False,
                },
            )
        process.steps.filter(position__gt=len(DEMO_STEPS)).delete()
        loaded.append(process)
    return loaded
