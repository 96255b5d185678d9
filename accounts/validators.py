"""统一社会信用代码 (GB 32100-2015) validation."""

from __future__ import annotations

from django.core.exceptions import ValidationError

#: The 31 characters a credit code may use: digits and capitals without I, O, S, V, Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_REGISTRATION_AUTHORITIES = "123456789ABCDEFGNY"


def credit_code_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Length, alphabet, administrative-division digits and the check character."""
    if len(value) != 18:
        raise ValidationError("统一社会信用代码应为18位（当前%(n)s位）。", params={"n": len(value)})
    bad = sorted({c for c in value if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有无效字符：%(bad)s"
            "（只能使用数字和除 I、O、S、V、Z 外的大写字母）。",
            params={"bad": "、".join(bad)},
        )
    if value[0] not in _REGISTRATION_AUTHORITIES or not value[2:8].isdigit():
        raise ValidationError("统一社会信用代码格式不正确：登记管理部门代码或行政区划码有误。")
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对后重新输入。")
