"""The question editor: friendly option and answer fields, Chinese errors, fixed banks."""

from __future__ import annotations

import pytest

from assessments.bank.services import save_question
from assessments.models import Question
from tests.bank.conftest import login
from tests.bank.forms_data import question_post
from tests.bank.urls import snippet_url

pytestmark = pytest.mark.django_db


def add(client, **changes):
    return client.post(snippet_url("add"), question_post(**changes))


def errors_of(response) -> str:
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answer_text": "E"}, "答案“E”不在选项A、B、C中"),
        ({"answer_text": "AB"}, "单选题只能有一个答案"),
        ({"type": "multiple", "answer_text": "A"}, "多选题至少需要两个正确答案"),
        ({"answer_text": "甲"}, "答案应为选项字母"),
        ({"answer_text": ""}, "请填写答案"),
        ({"stem": "   "}, "请填写题干"),
        ({"option_c": "", "option_d": "多出来的"}, "选项C为空"),
        ({"option_b": "", "option_c": ""}, "单选题至少需要 2 个选项"),
        ({"type": "true_false", "answer_text": "也许"}, "判断题不填选项"),
        (
            {
                "type": "true_false",
                "answer_text": "也许",
                "option_a": "",
                "option_b": "",
                "option_c": "",
            },
            "判断题答案应为“正确”或“错误”",
        ),
    ],
)
def test_bad_questions_get_chinese_errors_and_are_not_saved(client, bank, changes, message):
    login(client, bank.manager_a)
    before = Question.objects.count()
    assert message in errors_of(add(client, **changes))
    assert Question.objects.count() == before


def test_a_manager_adds_a_multiple_choice_question_to_their_own_bank(client, bank):
    login(client, bank.manager_a)
    response = add(
        client,
        type="multiple",
        stem="下列哪些属于特殊作业？",
        option_a="动火作业",
        option_b="受限空间作业",
        option_c="办公室值班",
        option_d="高处作业",
        answer_text="A、B、D",
        levels=["team_leader", "operator"],
        posts="合成岗、中控岗",
        # A forged bank is ignored: managers' questions always go into their own bank.
        jurisdiction=bank.j1.pk,
        enterprise=bank.b.pk,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(stem="下列哪些属于特殊作业？")
    assert question.enterprise == bank.a and question.jurisdiction == bank.j1
    assert question.options == [
        {"key": "A", "text": "动火作业"},
        {"key": "B", "text": "受限空间作业"},
        {"key": "C", "text": "办公室值班"},
        {"key": "D", "text": "高处作业"},
    ]
    assert question.answer == ["A", "B", "D"]
    assert question.levels == ["team_leader", "operator"]
    assert question.posts == ["合成岗", "中控岗"]
    assert question.created_by == bank.manager_a.user
    assert question.versions.get().created_by == bank.manager_a.user


def test_true_false_and_fill_answers_are_stored_as_the_engine_reads_them(client, bank):
    login(client, bank.manager_a)
    blank = {"option_a": "", "option_b": "", "option_c": ""}
    assert (
        add(
            client, type="true_false", stem="动火作业前必须检测。", answer_text="√", **blank
        ).status_code
        == 302
    )
    assert (
        add(
            client, type="fill", stem="天然气的主要成分是（ ）。", answer_text="甲烷；CH4", **blank
        ).status_code
        == 302
    )
    assert Question.objects.get(stem="动火作业前必须检测。").answer == ["true"]
    assert Question.objects.get(stem="天然气的主要成分是（ ）。").answer == ["甲烷", "CH4"]


def test_the_editor_shows_the_stored_answer_in_the_friendly_form(client, bank):
    login(client, bank.manager_a)
    page = client.get(snippet_url("edit", bank.own_a.pk)).content.decode()
    assert 'name="option_a"' in page and 'value="气体检测"' in page
    assert 'name="answer_text"' in page
    assert 'name="enterprise"' not in page and 'name="jurisdiction"' not in page


def test_an_editor_chooses_the_bank_and_it_must_be_consistent(client, bank):
    login(client, bank.editor)
    response = add(client, stem="编辑的题", jurisdiction=bank.j2.pk, enterprise=bank.a.pk)
    assert "不属于乙区应急管理局" in errors_of(response)
    response = add(client, stem="编辑的题", jurisdiction=bank.j2.pk, enterprise="")
    assert response.status_code == 302
    question = Question.objects.get(stem="编辑的题")
    assert question.jurisdiction == bank.j2 and question.enterprise is None


def test_a_question_with_eight_options_keeps_them_all(client, bank):
    options = [{"key": key, "text": f"选项{key}的内容"} for key in "ABCDEFGH"]
    question = Question.objects.get(pk=bank.own_a.pk)
    question.options, question.answer = options, ["H"]
    save_question(question, user=None)
    login(client, bank.manager_a)
    page = client.get(snippet_url("edit", question.pk)).content.decode()
    assert 'name="option_h"' in page
    assert 'name="option_h"' not in client.get(snippet_url("add")).content.decode()
    response = client.post(
        snippet_url("edit", question.pk), question_post(question, explanation="改")
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.options == options and question.answer == ["H"]
