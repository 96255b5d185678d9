"""Model rules an administrator meets when entering people and enterprises."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import validate_credit_code
from accounts.vocab import Role
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    JurisdictionFactory,
    StaffProfileFactory,
    UserFactory,
    credit_code,
)


class TestCreditCode:
    def test_a_well_formed_code_passes(self):
        validate_credit_code("91140404MA0KBQ7R51")

    @pytest.mark.parametrize(
        ("code", "message"),
        [
            ("91140404MA0KBQ7R5", "18位"),
            ("91140404MA0KBQ7R52", "校验位"),
            ("91140404MA0KBQ7RO1", "无效字符"),
            ("0114040AMA0KBQ7R51", "格式不正确"),
        ],
    )
    def test_malformed_codes_are_refused_with_a_chinese_reason(self, code, message):
        with pytest.raises(ValidationError) as excinfo:
            validate_credit_code(code)
        assert message in " ".join(excinfo.value.messages)

    @pytest.mark.django_db
    def test_lower_case_input_is_normalised_before_validation(self):
        enterprise = EnterpriseFactory.build(
            credit_code=" 91140404ma0kbq7r51 ", jurisdiction=JurisdictionFactory()
        )
        enterprise.full_clean()
        assert enterprise.credit_code == "91140404MA0KBQ7R51"

    @pytest.mark.django_db
    def test_codes_are_unique(self):
        EnterpriseFactory(credit_code=credit_code(1))
        duplicate = EnterpriseFactory.build(
            credit_code=credit_code(1), jurisdiction=JurisdictionFactory()
        )
        with pytest.raises(ValidationError) as excinfo:
            duplicate.full_clean()
        assert "credit_code" in excinfo.value.message_dict


@pytest.mark.django_db
class TestStaffProfileRules:
    def test_enterprise_staff_take_the_enterprise_jurisdiction_even_if_told_otherwise(self):
        enterprise = EnterpriseFactory()
        elsewhere = JurisdictionFactory()
        profile = StaffProfileFactory(enterprise=enterprise, jurisdiction=elsewhere)
        profile.refresh_from_db()
        assert profile.jurisdiction == enterprise.jurisdiction

    def test_department_of_another_enterprise_is_refused(self):
        profile = StaffProfileFactory()
        profile.department = DepartmentFactory()  # belongs to a different enterprise
        with pytest.raises(ValidationError) as excinfo:
            profile.full_clean()
        assert "所选部门不属于该企业" in str(excinfo.value.message_dict["department"])

    def test_worker_needs_an_enterprise_and_a_level(self):
        profile = StaffProfileFactory.build(user=UserFactory(), enterprise=None, level="")
        with pytest.raises(ValidationError) as excinfo:
            profile.full_clean()
        assert set(excinfo.value.message_dict) >= {"enterprise", "level"}

    def test_regulator_needs_a_jurisdiction_and_no_enterprise(self):
        profile = StaffProfileFactory(regulator=True)
        profile.jurisdiction = None
        profile.enterprise = EnterpriseFactory()
        profile.role = Role.REGULATOR
        with pytest.raises(ValidationError) as excinfo:
            profile.full_clean()
        assert "enterprise" in excinfo.value.message_dict

        profile.enterprise = None
        with pytest.raises(ValidationError) as excinfo:
            profile.full_clean()
        assert "监管人员必须填写监管辖区" in str(excinfo.value.message_dict["jurisdiction"])

    def test_employee_numbers_are_unique_within_an_enterprise_only(self):
        first = StaffProfileFactory(employee_no="JH0001")
        StaffProfileFactory(employee_no="JH0001")  # another enterprise: fine
        clash = StaffProfileFactory.build(
            user=UserFactory(), enterprise=first.enterprise, employee_no="JH0001"
        )
        with pytest.raises(ValidationError) as excinfo:
            clash.full_clean()
        assert "本企业已有相同工号的人员" in str(excinfo.value)

    def test_a_department_cannot_be_its_own_ancestor(self):
        workshop = DepartmentFactory()
        team = DepartmentFactory(enterprise=workshop.enterprise, parent=workshop)
        workshop.parent = team
        with pytest.raises(ValidationError):
            workshop.full_clean()

    def test_display_name_is_the_full_chinese_name(self):
        profile = StaffProfileFactory(user__first_name="李志强")
        assert str(profile) == "李志强"
