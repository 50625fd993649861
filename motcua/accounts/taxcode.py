"""The tax code of an organisation (mã số thuế), which is also its enterprise code.

Shape (Law on Tax Administration 38/2019/QH14 Art. 30; Circular 105/2020/TT-BTC Art. 5):
10 digits for an enterprise or other organisation, and for a dependent unit (a branch, a
representative office) the parent's 10 digits, a hyphen and 3 more digits: 0101234567-001.
The 10th digit is a check digit, but its formula is not in a source we hold (UNCONFIRMED), so
only the shape is checked. Since 1/7/2025 individuals use their personal identification number
instead of a tax code (Circular 86/2024/TT-BTC): a 12-digit number is explained, not accepted.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BASE_LENGTH = 10
BRANCH_LENGTH = 3
PERSONAL_ID_LENGTH = 12
SEPARATORS = " .\t\u00a0"


def normalise_tax_code(value: str) -> str:
    """Return the tax code as 10 digits or 10-3 digits, or raise ValidationError saying why.

    Spaces and dots people type between groups are dropped; 13 digits without the hyphen get
    it back.
    """
    compact = "".join(char for char in value.strip() if char not in SEPARATORS)
    base, hyphen, branch = compact.partition("-")
    digits = base + branch
    if not digits or not digits.isdigit() or "-" in branch:
        raise ValidationError(_shape_message(), code="tax_code")
    if not hyphen and len(base) == BASE_LENGTH + BRANCH_LENGTH:
        base, branch = base[:BASE_LENGTH], base[BASE_LENGTH:]
    if len(base) == BASE_LENGTH and (not branch and not hyphen or len(branch) == BRANCH_LENGTH):
        return f"{base}-{branch}" if branch else base
    if not hyphen and len(base) == PERSONAL_ID_LENGTH:
        raise ValidationError(
            _(
                "This looks like a personal identification number (12 digits). An organisation's "
                "tax code has 10 digits, or 13 for a branch."
            ),
            code="tax_code",
        )
    raise ValidationError(
        _("%(shape)s The code you entered has %(count)d digits.")
        % {"shape": _shape_message(), "count": len(digits)},
        code="tax_code",
    )


def validate_tax_code(value: str) -> None:
    """Model validator: the stored code must already be normalised."""
    if normalise_tax_code(value) != value:
        raise ValidationError(_shape_message(), code="tax_code")


def _shape_message() -> str:
    return _(
        "A tax code has 10 digits (for example 0101234567), or for a branch 10 digits, a "
        "hyphen and 3 digits (for example 0101234567-001)."
    )
