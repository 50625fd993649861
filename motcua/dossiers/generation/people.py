"""Generated people: Vietnamese names, phone numbers, CCCD numbers and unusable passwords. Pure.

Everything comes from the caller's random.Random, so a seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass

from .clock import VN

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Ma",
    "Nông",
    "Hà",
    "Triệu",
    "Lương",
    "Đinh",
    "Mai",
]
# Weights: a third of Vietnamese people are Nguyễn; Tày and Nùng names (Ma, Nông, Triệu,
# Lương) are common in Thái Nguyên and Bắc Kạn.
FAMILY_WEIGHTS = [32, 11, 9, 7, 5, 4, 3, 3, 3, 2, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Tiến", "Công", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Mai"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]
HAMLETS = ["Tổ dân phố", "Xóm", "Thôn", "Bản"]
# Mobile prefixes of the 09x range (Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile).
PREFIXES = ["096", "097", "098", "091", "094", "090", "093", "092", "099"]
PROVINCE_OF_BIRTH = ["019", "019", "019", "006", "020", "001", "024", "025"]  # mostly Thái Nguyên
_SALT = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Person:
    full_name: str
    phone: str
    id_number: str
    password: str


def full_name(rng: random.Random, male: bool) -> str:
    family = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
    middle = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    return f"{family} {middle} {given}"


def phone(rng: random.Random, taken: set[str]) -> str:
    """Return a mobile number (09x, 10 digits) not in `taken`, and add it there."""
    while True:
        number = rng.choice(PREFIXES) + f"{rng.randrange(10**7):07d}"
        if number not in taken:
            taken.add(number)
            return number


def id_number(rng: random.Random, male: bool) -> str:
    """Return a CCCD number (accounts/cccd.py): province, century and sex, year, serial."""
    year = rng.randint(1950, 2007)
    century_sex = (0 if year < 2000 else 2) + (0 if male else 1)
    return f"{rng.choice(PROVINCE_OF_BIRTH)}{century_sex}{year % 100:02d}{rng.randrange(10**6):06d}"


def unusable_password(rng: random.Random) -> str:
    """What set_unusable_password() stores: "!" and 40 random characters (from the seed)."""
    return "!" + "".join(rng.choice(_SALT) for _ in range(40))


def person(rng: random.Random, taken_phones: set[str]) -> Person:
    male = rng.random() < 0.5  # the name and the CCCD's sex digit agree
    return Person(
        full_name(rng, male), phone(rng, taken_phones), id_number(rng, male), unusable_password(rng)
    )


def address(rng: random.Random, commune: str) -> str:
    return f"{rng.choice(HAMLETS)} {rng.randint(1, 30)}, {commune}, tỉnh Thái Nguyên"


def joined(rng: random.Random, year: int) -> dt.datetime:
    """When a citizen's account was made: some time in the two years before `year`."""
    start = dt.datetime(year - 2, 1, 1, tzinfo=VN)
    return start + dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
