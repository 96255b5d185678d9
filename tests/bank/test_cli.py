"""``manage.py import_questions``: --json prints the parse, --dry-run writes nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Question, QuestionImport
from tests.bank.files import MIXED_ROWS, bank_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_file(tmp_path):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(bank_xlsx(MIXED_ROWS))
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_questions", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_prints_every_parsed_question_with_its_problems(bank, mixed_file):
    before = Question.objects.count()
    printed = json.loads(run(mixed_file, "--json"))
    assert isinstance(printed, list) and len(printed) == 5
    first = printed[0]
    assert first["type"] == "single" and first["answer"] == ["A"]
    assert first["options"][0] == {"key": "A", "text": "气体检测"}
    assert first["explanation"] == "先检测可燃气体。" and first["problems"] == []
    assert printed[2]["answer"] == ["甲烷", "CH4"]
    codes = [[p["code"] for p in q["problems"]] for q in printed]
    assert codes[3] == ["answer_not_in_options"]
    assert codes[4] == ["multiple_with_one_answer"]
    assert "不在选项" in printed[3]["problems"][0]["message"]
    assert Question.objects.count() == before


def test_dry_run_checks_and_writes_nothing(bank, mixed_file):
    before = Question.objects.count()
    out = run(mixed_file, "--enterprise", bank.a.name, "--dry-run")
    assert "共 5 题，可导入 3 题" in out and "试运行，未写入" in out
    assert "✗ 第4题" in out
    assert Question.objects.count() == before and not QuestionImport.objects.exists()


def test_a_real_run_imports_the_valid_questions_into_the_enterprise_bank(bank, mixed_file):
    out = run(mixed_file, "--enterprise", bank.a.credit_code)
    assert "已导入 3 题" in out
    batch = QuestionImport.objects.get()
    assert batch.enterprise == bank.a and batch.question_count == 3


def test_bad_files_fail_with_a_chinese_message(bank, tmp_path):
    path = tmp_path / "bank.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError, match=r"另存为 \.docx"):
        run(path, "--json")
    with pytest.raises(CommandError, match="文件不存在"):
        run(tmp_path / "missing.xlsx", "--json")
