"""身份证号, 手机号 and one-time passwords: pure rules, no database."""

from __future__ import annotations

import pytest

from accounts.identity import (
    IdentityError,
    id_check_char,
    mask_id_number,
    one_time_password,
    validate_id_number,
    validate_phone,
)

VALID_ID = "11010519491231002X"  # the GB 11643 example


def test_a_valid_id_number_is_kept_only_as_its_last_four():
    kept = mask_id_number(VALID_ID.lower())
    assert kept.masked == "**************002X"
    assert kept.last4 == "002X"
    assert VALID_ID[:14] not in kept.masked


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1101051949123100", "应为18位（当前16位）"),
        ("1101051949123100A2", "前17位应为数字"),
        ("110105194902300025", "出生日期不正确"),
        ("110105194912310021", "校验位不正确"),
    ],
)
def test_a_bad_id_number_says_what_is_wrong(value, message):
    with pytest.raises(IdentityError, match=message):
        validate_id_number(value)


def test_check_character_matches_the_standard():
    assert id_check_char(VALID_ID[:17]) == "X"
    assert id_check_char("44052418800101001") == "4"


@pytest.mark.parametrize("value", ["138 0013 8000", "+86 138-0013-8000", "8613800138000"])
def test_phones_are_normalised(value):
    assert validate_phone(value) == "13800138000"


@pytest.mark.parametrize("value", ["1380013800", "23800138000", "138001380001", "abc"])
def test_a_malformed_phone_is_refused_by_name(value):
    with pytest.raises(IdentityError, match=f"手机号“{value}”格式不正确"):
        validate_phone(value)


def test_one_time_passwords_are_readable_and_strong():
    passwords = {one_time_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert len(password) == 10
        assert not set(password) & set("0O1lI")
        assert any(c.isdigit() for c in password) and any(c.isupper() for c in password)
