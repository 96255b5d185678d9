"""The "更正答案并重新评分" form: the corrected key (or full marks) and a mandatory reason.

The answer field follows the chosen version's type: radio buttons for 单选/判断,
checkboxes for 多选, text for 填空 (variants separated by "；"). Keys are checked again
by the service; the form only turns the input into ``new_answer``/``full_marks``.
"""

from __future__ import annotations

import re

from django import forms

from assessments.models import QuestionType

MODE_ANSWER = "answer"
MODE_FULL_MARKS = "full_marks"
TRUE_FALSE_CHOICES = [("true", "正确"), ("false", "错误")]
FILL_SEPARATORS = re.compile(r"[；;\n]")


class RegradeForm(forms.Form):
    mode = forms.ChoiceField(
        label="更正方式",
        choices=[
            (MODE_ANSWER, "更正为新的标准答案"),
            (MODE_FULL_MARKS, "所有考生得分（题目有误或有歧义）"),
        ],
        initial=MODE_ANSWER,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="更正原因",
        max_length=1000,
        error_messages={"required": "请填写更正原因（将记入审计日志）。"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="必填，将记入每位考生的审计记录，如“标准答案录入错误，依据……应为B”。",
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, content: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_type = content["type"]
        self.fields["answer"] = answer_field(content)
        self.order_fields(["mode", "answer", "reason", "fingerprint"])

    def clean(self):
        data = super().clean()
        if data.get("mode") == MODE_ANSWER and not self.new_answer_from(data.get("answer")):
            self.add_error("answer", "请选择或填写更正后的答案。")
        return data

    def new_answer_from(self, value) -> list[str]:
        if self.question_type == QuestionType.FILL:
            return [part.strip() for part in FILL_SEPARATORS.split(value or "") if part.strip()]
        if isinstance(value, list | tuple):
            return list(value)
        return [value] if value else []

    @property
    def full_marks(self) -> bool:
        return self.cleaned_data["mode"] == MODE_FULL_MARKS

    @property
    def new_answer(self) -> list[str] | None:
        if self.full_marks:
            return None
        return self.new_answer_from(self.cleaned_data.get("answer"))


def answer_field(content: dict) -> forms.Field:
    question_type = content["type"]
    label = "更正后的答案"
    if question_type == QuestionType.FILL:
        return forms.CharField(
            label=label,
            required=False,
            max_length=500,
            help_text="多个可接受的写法用“；”分隔，如“甲烷；CH4”。",
        )
    if question_type == QuestionType.TRUE_FALSE:
        choices = TRUE_FALSE_CHOICES
    else:
        choices = [
            (option["key"], f"{option['key']}. {option['text']}") for option in content["options"]
        ]
    if question_type == QuestionType.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label, required=False, choices=choices, widget=forms.CheckboxSelectMultiple
        )
    return forms.ChoiceField(label=label, required=False, choices=choices, widget=forms.RadioSelect)
