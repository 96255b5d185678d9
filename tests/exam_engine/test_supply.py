"""Whether a bank can fill a blueprint: per-rule counts for the worst-served audience and a
trial draw for overlapping rules. Pure Python, no database."""

from assessments.exams.engine import Blueprint, DrawRule, QuestionType
from assessments.exams.engine.supply import (
    Audience,
    audiences_of,
    rule_supply,
    trial_draw_shortfall,
    uncovered_required_topics,
)

from .builders import bank, candidate

SINGLE, MULTIPLE = QuestionType.SINGLE, QuestionType.MULTIPLE


def test_audiences_are_every_combination_and_empty_layers_are_unfiltered():
    assert audiences_of([], [], []) == (Audience(),)
    assert audiences_of(["operator", "team_leader"], [], ["合成岗"]) == (
        Audience("operator", None, "合成岗"),
        Audience("team_leader", None, "合成岗"),
    )


def test_rule_supply_counts_matching_questions_per_rule():
    candidates = [
        *bank(range(1, 5), SINGLE),
        *bank(range(5, 7), MULTIPLE, difficulty="hard"),
        candidate(7, SINGLE, topics=["动火作业"]),
    ]
    rules = [DrawRule(10, SINGLE), DrawRule(1, MULTIPLE, "hard"), DrawRule(1, topics=("动火作业",))]
    supplies = rule_supply(rules, candidates)
    assert [(s.number, s.available, s.sufficient) for s in supplies] == [
        (1, 5, False),
        (2, 2, True),
        (3, 1, True),
    ]


def test_rule_supply_reports_the_worst_served_audience():
    candidates = [
        *bank(range(1, 4), SINGLE, levels=["principal"]),
        candidate(4, SINGLE),  # untagged: applies to everyone
    ]
    (supply,) = rule_supply(
        [DrawRule(2, SINGLE)], candidates, audiences_of(["principal", "operator"], [], [])
    )
    assert supply.available == 1 and supply.audience == Audience("operator")
    assert not supply.sufficient


def test_trial_draw_catches_rules_competing_for_the_same_questions():
    candidates = bank(range(1, 6), SINGLE)
    fits = Blueprint(rules=(DrawRule(2, SINGLE), DrawRule(3)))
    assert trial_draw_shortfall(fits, candidates) is None
    too_many = Blueprint(rules=(DrawRule(3, SINGLE), DrawRule(3)))
    assert all(s.sufficient for s in rule_supply(too_many.rules, candidates))
    error, audience = trial_draw_shortfall(too_many, candidates)
    assert (error.rule_number, error.required, error.available) == (2, 3, 2)
    assert audience == Audience()


def test_required_topics_that_no_rule_can_take_are_reported():
    candidates = [*bank(range(1, 4), SINGLE), *bank(range(4, 6), SINGLE, topics=("动火作业",))]
    covered = Blueprint(rules=(DrawRule(2, SINGLE),), required_topics=("动火作业",))
    assert uncovered_required_topics(covered, candidates) is None

    missing = Blueprint(rules=(DrawRule(2, SINGLE),), required_topics=("动火作业", "受限空间"))
    topics, audience = uncovered_required_topics(missing, candidates)
    assert topics == ("受限空间",) and audience == Audience()
    assert uncovered_required_topics(Blueprint(rules=(DrawRule(2, SINGLE),)), candidates) is None
