"""Pure checks for a person's identifiers: 身份证号, 手机号, one-time passwords.

No ORM here: these are unit-tested without a database and shared by the person form and
the roster import, so both say the same thing about the same bad value.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

# GB 11643-1999: weights of the first 17 digits and the check character for sum % 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PHONE = re.compile(r"1[3-9]\d{9}")
# No 0/O, 1/l/I: the password is read off a printed slip and typed on a phone.
_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_PASSWORD_LENGTH = 10


class IdentityError(ValueError):
    """A malformed identifier; the message is Chinese and names the value's problem."""


@dataclass(frozen=True)
class MaskedId:
    """What is kept of a 身份证号: the masked form and the last four (to check it later)."""

    masked: str
    last4: str


def id_check_char(first17: str) -> str:
    """The 18th (check) character of a 身份证号 for its first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def validate_id_number(value: str) -> str:
    """The normalised 18-digit 身份证号, or IdentityError saying what is wrong."""
    number = normalise_id_number(value)
    if len(number) != 18:
        raise IdentityError(f"身份证号应为18位（当前{len(number)}位）。")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdentityError("身份证号前17位应为数字，最后一位为数字或X。")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError("身份证号中的出生日期不正确。") from None
    if id_check_char(number[:17]) != number[17]:
        raise IdentityError("身份证号校验位不正确，请核对后重新输入。")
    return number


def mask_id_number(value: str) -> MaskedId:
    """Validate, then keep only the last four: ``**************1234``."""
    number = validate_id_number(value)
    return MaskedId(masked="*" * 14 + number[-4:], last4=number[-4:])


def normalise_phone(value: str) -> str:
    """Digits only, without a +86/86 prefix; spaces and dashes people type are dropped."""
    digits = re.sub(r"[\s\-()]", "", str(value or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def validate_phone(value: str) -> str:
    """An 11-digit mainland mobile number starting 13–19, or IdentityError."""
    phone = normalise_phone(value)
    if not _PHONE.fullmatch(phone):
        raise IdentityError(f"手机号“{value}”格式不正确，应为以1开头的11位数字。")
    return phone


def one_time_password(length: int = ONE_TIME_PASSWORD_LENGTH) -> str:
    """A random password with a capital, a lower-case letter and a digit (passes validators)."""
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password
