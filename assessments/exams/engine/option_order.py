"""Whether a question's options may be shown in shuffled order: the one rule.

Shuffling relabels options by position (the first shown is A). That is harmless for
options that are statements, and wrong for options that are themselves labels or ordered
values: a bank question "划分为（ ）" with options "A类 / B类 / C类 / D类" shuffled showed
"A. D类 / B. A类 / C. B类 / D. C类", and its review said "正确答案 C" for the text "B类".
Ordered values (一级/二级/三级, 甲类/乙类, 2019年/2020年, 3/5/10 米) are read as a scale
and must stay in their authored order, and options that point at other options
("以上都对", "A和B") only make sense where they were written.

Leaning towards "keep the order" costs little: an unshuffled question is still drawn
at random and its options are still graded by key.
"""

import re
import unicodedata
from collections.abc import Sequence

from assessments.exams.engine.types import QuestionType

__all__ = ["fixed_order_reason", "may_shuffle_options"]

# A single Latin letter standing alone or leading a label: "A", "B类", "C级", "D、较大风险".
# "CO中毒" or "PLC系统" start with a word, not a label, and do not count.
_LETTER_LABEL = re.compile(r"^[A-Za-z](?![A-Za-z])")
# A value on a scale, optionally after 第: a number (digits, Chinese numerals, Roman
# numerals, which NFKC has turned into I/V/X), 甲乙丙丁… or a colour of the warning scale:
# "一级", "第二类", "2024年", "0.5MPa", "Ⅲ级", "乙类", "红色".
_ORDERED_VALUE = re.compile(
    r"^第?(?:[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万半]+|[IVX]+(?![A-Za-z])"
    r"|[甲乙丙丁戊己庚辛]|[红橙黄蓝]色)"
)
# An option about the other options: "以上都对", "上述均不正确", "全部正确", "都不对", "A和B".
_REFERS_TO_OPTIONS = re.compile(
    r"^(?:(?:以上|上述|前述)(?:都|均|皆|全|各|选项|说法|答案|[二三四五两]项)|全部(?:正确|错误|都|是|选项)|都不|均不|皆不)"
    r"|^[A-Za-z]\s*[和与及、,，+]\s*[A-Za-z](?![A-Za-z])"
)


def _clean(text: str) -> str:
    # NFKC folds full-width letters and digits ("Ａ", "１") into their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip()


def fixed_order_reason(option_texts: Sequence[str]) -> str | None:
    """Why these options must keep their authored order, in Chinese, or None if they may move.

    Letter labels need two options that are labels; ordered values need every option to be
    one (a single "3名以上" among statements is not a scale); one option pointing at the
    others is enough.
    """
    texts = [_clean(text) for text in option_texts]
    if any(_REFERS_TO_OPTIONS.match(text) for text in texts):
        return "选项中有指向其他选项的内容（如“以上都对”）"
    if sum(bool(_LETTER_LABEL.match(text)) for text in texts) >= 2:
        return "选项本身是字母编号（如“A类”“B类”）"
    if len(texts) >= 2 and all(_ORDERED_VALUE.match(text) for text in texts):
        return "选项是有先后顺序的数值或等级（如一级、二级、三级，年份，数量）"
    return None


def may_shuffle_options(question_type: QuestionType, option_texts: Sequence[str]) -> bool:
    """Whether a paper may show this question's options in a shuffled order.

    Only 单选 and 多选 ever shuffle (判断 keeps 正确 before 错误; 填空 has no options), and
    not when ``fixed_order_reason`` finds letters, ordered values or cross-references.
    """
    return QuestionType(question_type).shuffles_options and fixed_order_reason(option_texts) is None
