"""What a question asks for, and whether a provision's text (or its law's field) says it.

Pure regular expressions and word tests, read by the re-score (rescoring.py: which of the listed
provisions answers this kind of question) and the not-found model (confidence.py: does
the best one).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

# Questions after a number: 多少, 几米, 百分之几, 设定值…, or naming a measure (_ASKS_MEASURE:
# 学时, 期限, 多深, 频次: "新员工培训学时"). Exposure limits, set points and
# distances live in standards, which this corpus does not hold, while fines, deadlines and
# counts of the laws are stated with a number and unit.
# 哪几个 asks which, 好几天 and 招了几个 tell, 十几 is about: none asks for a number.
_NOT_ASKING = r"(?<![哪好了这那十])"
# The words below ask for a number in no particular unit; a question naming a measure
# (_ASKS_MEASURE) asks for one too.
_ASKS_ANY_NUMBER = re.compile(
    rf"多少|{_NOT_ASKING}几[米级年次倍天个小分度名人位成]|百分之几|多[久长远高大宽厚快重]|限值|设定值|数值"
)
# A number and its unit. Units of the same measure share a group: a question after a
# duration is not answered by "每周组织一次", nor one after a distance by "十万元".
_NUMBER = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)\s*"
_UNITS = {
    "time": r"学时|课时|小时|分钟|个月|月|日|天|年|周",
    "length": r"公里|千米|厘米|毫米|米",
    "money": r"元",
    "other": r"%|％|人|名|次|倍|毫克|千克|公斤|克|吨|升|度|级|分贝|以上|以下|以内",
}


def _stated(*units: str) -> str:
    """A number followed by one of ``units`` (alternations of _UNITS)."""
    return rf"{_NUMBER}(?:{'|'.join(units)})"


_QUANTITY = {
    "time": re.compile(_stated(_UNITS["time"])),
    "length": re.compile(_stated(_UNITS["length"])),
    "money": re.compile(_stated(_UNITS["money"])),
    # How often: "每日", "每年" state it without a numeral, as "三年一次" does with one.
    "frequency": re.compile(rf"{_stated(_UNITS['time'])}|每(?:日|天|周|月|季度?|年|班)"),
}
# Any unit; a share is said before its number: 百分之二十.
_ANY_QUANTITY = re.compile(rf"{_stated(*_UNITS.values())}|百分之{_NUMBER}")
# The measure a question names, when it names one; any other question after a number
# (多少, 设定值, 几级…) is answered by a number in any unit.
_ASKS_MEASURE = {
    "frequency": re.compile(
        rf"(?:多久|多长时间|{_NOT_ASKING}几[年天周个]|多少[年天周个]).{{0,8}}一次|每隔|频次|频率"
    ),
    "time": re.compile(
        rf"学时|课时|时长|期限|多久|多长时间|{_NOT_ASKING}几(?:[年天周]|个?[月小])|多少(?:[年天周]|个?[月小])"
    ),
    "length": re.compile(r"间距|距离|多远|几米|多少米|多[高宽厚深]"),
    "money": re.compile(r"罚多少|多少钱|多少元|罚款.{0,3}多少"),
}
# Questions after what happens on a breach (会怎么样, 罚多少, 担什么责…), and what a penalty
# clause says. A penalty clause restates the duty it punishes in the duty's own words.
_ASKS_CONSEQUENCE = re.compile(
    r"罚|处分|会怎么?样|会咋|咋处理|怎么处理|如何处理|什么责任|担.{0,2}责|追责|追究|后果"
    r"|坐牢|判刑|拘留|吊销|关停|取缔|刑事|法律责任"
)
_PENALTY = re.compile(r"罚款|处分|刑事责任|吊销|责令停产停业|没收|拘留")
# Questions that point at the district's own documents (区里要求…, 文件里说…): a worker
# who says so is asking what the bureau's work points or local rules say, not the law.
# 厂区里, 罐区里… are places, not the district; the district (上党区要求…) and its bureau
# (应急局来检查) point at a document only with what they wrote or said. No district is
# named here: the rule holds wherever the library is installed.
_NOT_THE_DISTRICT = r"(?<![厂园库罐矿小社景街灾营])"
_ASKS_DISTRICT = re.compile(
    rf"{_NOT_THE_DISTRICT}区[里上]|工作要点|要点里|(?:上面|上级)?文件[里上说]|通知[里上]"
    rf"|(?:{_NOT_THE_DISTRICT}区|应急局|区局)的?(?:文件|要求|规定|通知|说|提|让|定)"
)


# Questions after how to do a technical task: design, select, calculate, read a marking,
# fill in a form. A law says what must be done and by whom, not how; the answer is a
# standard's or a manual's. Left out: 怎么划分 / 分级 / 设置 / 确定 (职责怎么划分, 风险
# 分级管控, 机构怎么设置 are the laws'), 是什么意思 (a term the law defines), and a
# question after a penalty (罚款怎么计算 is 按日连续处罚).
_ASKS_METHOD = re.compile(
    r"选型|取值|计算|定级|怎么画|看懂|读懂|(?:怎么|怎样|如何|咋)(?:选用|校准|标定|接线|布置)"
    r"|怎么填|填哪些|栏目|引导词|代表什么|(?:标志|标识|标记|颜色|符号|字母).{0,20}(?:什么意思|含义)"
)


def asks_method(question: str) -> bool:
    """Whether the question asks how to do a technical task (选型, 取值, 怎么填…), which no
    provision answers."""
    return bool(_ASKS_METHOD.search(question)) and not asks_consequence(question)


def asks_quantity(question: str) -> bool:
    return bool(_ASKS_ANY_NUMBER.search(question)) or any(
        asks.search(question) for asks in _ASKS_MEASURE.values()
    )


# The re-score asks this of one question for each of its ~50 candidates.
@functools.lru_cache(maxsize=256)
def asked_measure(question: str) -> str | None:
    """What a question after a number asks it in ("frequency", "time", "length", "money"),
    "" for any unit; None when it asks for no number."""
    if not asks_quantity(question):
        return None
    return next((m for m, asks in _ASKS_MEASURE.items() if asks.search(question)), "")


def states_quantity(text: str, measure: str = "") -> bool:
    """Whether text states a number with a unit of ``measure`` ("" for any unit)."""
    return bool((_QUANTITY[measure] if measure else _ANY_QUANTITY).search(text))


# The first hits a reader takes in before deciding whether the list answers.
NUMBER_LOOK = 3


def number_unstated(question: str, texts: Sequence[str]) -> bool:
    """The question asks for a number and none of the first NUMBER_LOOK texts states one in
    the measure asked: the list may hold the duty but not the figure, which a standard or
    rule sets."""
    measure = asked_measure(question)
    return measure is not None and not any(states_quantity(t, measure) for t in texts[:NUMBER_LOOK])


def asks_consequence(question: str) -> bool:
    return bool(_ASKS_CONSEQUENCE.search(question))


def states_penalty(text: str) -> bool:
    return bool(_PENALTY.search(text))


def asks_district(question: str) -> bool:
    return bool(_ASKS_DISTRICT.search(question))


_TERM_SEPARATORS = re.compile(r"[\s、，,；;]+")


def outside_scope(question: str, scope_terms: str) -> bool:
    """Whether a provision of a law confined to one field (its scope terms, e.g. 特种设备
    锅炉 电梯…) answers a question that names nothing of that field. A law for every field
    (no terms) is never outside."""
    terms = [term for term in _TERM_SEPARATORS.split(scope_terms) if term]
    return bool(terms) and not any(term in question for term in terms)
