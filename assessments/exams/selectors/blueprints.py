"""How well the question bank can serve a blueprint (考试方案): per-rule counts and the
messages the admin shows when it cannot.

The bank is read exactly as drawing reads it (``services.papers.bank_candidates``): an
enterprise blueprint counts the enterprise's bank plus, if it uses it, the shared one; a
jurisdiction-wide blueprint counts the shared bank alone, the part every enterprise has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accounts.vocab import Level, Specialty
from assessments.exams.engine import Blueprint, DrawRule
from assessments.exams.engine.supply import (
    Audience,
    RuleSupply,
    audiences_of,
    rule_supply,
    trial_draw_shortfall,
    uncovered_required_topics,
)
from assessments.exams.engine.types import difficulty_label
from assessments.exams.services.papers import bank_candidates, draw_rule
from assessments.models import BlueprintRule, ExamBlueprint


@dataclass(frozen=True)
class SupplyRow:
    """One line of the admin's "题库可用题量" table."""

    number: int
    wanted: str
    available: int
    audience: str
    sufficient: bool


def blueprint_audiences(blueprint: ExamBlueprint) -> tuple[Audience, ...]:
    return audiences_of(blueprint.levels, blueprint.specialties, blueprint.posts)


def audience_label(audience: Audience) -> str:
    """E.g. "班组长、工艺、合成岗"; empty when the audience filters nothing."""
    parts = []
    if audience.level:
        parts.append(_label(Level, audience.level))
    if audience.specialty:
        parts.append(_label(Specialty, audience.specialty))
    if audience.post:
        parts.append(audience.post)
    return "、".join(parts)


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def rule_phrase(rule: DrawRule) -> str:
    """E.g. "单选题" or "多选题（难度“难”，知识点“动火作业”）"."""
    noun = f"{rule.type.label}题" if rule.type else "题"
    filters = []
    if rule.difficulty:
        filters.append(f"难度“{difficulty_label(rule.difficulty)}”")
    if rule.topics:
        filters.append(f"知识点“{'、'.join(rule.topics)}”")
    return noun + (f"（{'，'.join(filters)}）" if filters else "")


def rule_supplies(
    blueprint: ExamBlueprint, rules: Sequence[BlueprintRule] | None = None
) -> tuple[RuleSupply, ...]:
    """Per rule, the matching questions for the worst-served audience of the blueprint.

    ``blueprint`` may be unsaved (the admin form's values); ``rules`` default to its stored ones.
    """
    rules = list(blueprint.rules.all()) if rules is None else rules
    if not rules:
        return ()
    candidates = bank_candidates(blueprint, blueprint.enterprise_id)
    return rule_supply([draw_rule(r) for r in rules], candidates, blueprint_audiences(blueprint))


def supply_rows(blueprint: ExamBlueprint) -> list[SupplyRow]:
    return [
        SupplyRow(
            number=supply.number,
            wanted=f"{supply.rule.count} 道{rule_phrase(supply.rule)}",
            available=supply.available,
            audience=audience_label(supply.audience),
            sufficient=supply.sufficient,
        )
        for supply in rule_supplies(blueprint)
    ]


def shortage_messages(
    blueprint: ExamBlueprint, rules: Sequence[BlueprintRule], paper: Blueprint | None = None
) -> dict[int, str]:
    """Rule number (1-based) → why the bank cannot fill it; empty when every rule can be filled.

    With ``paper`` (the engine blueprint), rules that each suffice are also drawn together
    once per audience, to catch overlapping rules competing for the same questions.
    """
    if not rules:
        return {}
    candidates = bank_candidates(blueprint, blueprint.enterprise_id)
    audiences = blueprint_audiences(blueprint)
    supplies = rule_supply([draw_rule(r) for r in rules], candidates, audiences)
    messages = {
        supply.number: _short_message(supply) for supply in supplies if not supply.sufficient
    }
    if messages or paper is None:
        return messages
    refusal = trial_draw_shortfall(paper, candidates, audiences)
    if refusal is not None:
        exc, audience = refusal
        rule = paper.rules[exc.rule_number - 1]
        messages[exc.rule_number] = (
            f"第{exc.rule_number}条规则要求 {exc.required} 道{rule_phrase(rule)}，"
            f"与其他规则共用题目后只能抽出 {exc.available} 道{_for_whom(audience)}"
            "（同一道题不会在一张试卷上出现两次）。"
        )
    return messages


def uncovered_topics_message(blueprint: ExamBlueprint, paper: Blueprint) -> str:
    """Why the required topics (必考知识点) cannot all be on a paper; "" when they can."""
    candidates = bank_candidates(blueprint, blueprint.enterprise_id)
    missed = uncovered_required_topics(paper, candidates, blueprint_audiences(blueprint))
    if missed is None:
        return ""
    topics, audience = missed
    return (
        f"必考知识点“{'、'.join(topics)}”在题库中没有本方案的抽题规则能抽到的题目"
        f"{_for_whom(audience)}：请补充这些知识点的题目，或调整抽题规则。"
    )


def _short_message(supply: RuleSupply) -> str:
    label = audience_label(supply.audience)
    pool = f"题库中适用于“{label}”且符合条件的" if label else "题库中符合条件的"
    return (
        f"第{supply.number}条规则要求 {supply.rule.count} 道{rule_phrase(supply.rule)}，"
        f"{pool}只有 {supply.available} 道。"
    )


def _for_whom(audience: Audience) -> str:
    label = audience_label(audience)
    return f"（按“{label}”计）" if label else ""
