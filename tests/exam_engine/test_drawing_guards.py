"""Drawing's guards for re-tests and near-duplicates: older-seen before recently seen,
and no two questions the bank scores as copies on one paper."""

import itertools
import random

import pytest

from assessments.exams.engine import Blueprint, DrawRule, InsufficientQuestionsError, draw_paper

from .builders import bank, blueprint, candidate
from .test_drawing import MULTIPLE, SEEDS, SINGLE, ids, mixed_blueprint


class TestRecentlySeenLast:
    def test_never_seen_then_seen_long_ago_then_the_failed_paper(self):
        questions = bank(range(1, 13))
        older, failed = {5, 6, 7, 8}, {9, 10, 11, 12}
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=6)), questions, older | failed, seed, recently_seen=failed
            )
            assert {1, 2, 3, 4} <= ids(paper)
            assert not ids(paper) & failed

    def test_the_failed_paper_is_used_only_for_what_nothing_else_can_fill(self):
        questions = bank(range(1, 9))
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=7)), questions, {1, 2, 3, 4}, seed, recently_seen={5, 6}
            )
            assert len(ids(paper) & {5, 6}) == 1
            assert {1, 2, 3, 4, 7, 8} <= ids(paper)

    def test_recently_seen_counts_as_seen_even_if_not_passed_as_seen(self):
        questions = bank(range(1, 5))
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=2)), questions, (), seed, recently_seen={1, 2}
            )
            assert ids(paper) == {3, 4}


class TestNoNearDuplicates:
    def test_a_pair_never_shares_a_paper_when_the_bank_allows(self):
        questions = bank(range(1, 9))
        conflicts = {1: {2, 3}, 4: {5}}
        together = 0
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=5)), questions, (), seed, conflicts=conflicts
            )
            drawn = ids(paper)
            assert not ({1, 2} <= drawn or {1, 3} <= drawn or {4, 5} <= drawn)
            assert paper.near_duplicates == ()
            together += {2, 3} <= drawn  # 2 and 3 are not copies of each other
        assert together > 0

    def test_conflicts_are_read_both_ways(self):
        questions = bank(range(1, 4))
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=2)), questions, (), seed, conflicts={2: [1]}
            )
            assert not {1, 2} <= ids(paper)

    def test_near_duplicates_come_before_unseen(self):
        """A reused question is better than two copies of one question on a paper."""
        questions = bank(range(1, 5))
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=2)), questions, {3, 4}, seed, conflicts={1: {2}}
            )
            assert len(ids(paper) & {1, 2}) == 1

    def test_unavoidable_pairs_are_drawn_and_reported(self):
        questions = bank([1, 2, 3])
        paper = draw_paper(blueprint(DrawRule(count=3)), questions, (), 0, conflicts={1: {2}})
        assert ids(paper) == {1, 2, 3}
        assert paper.near_duplicates == ((1, 2),)

    def test_across_rules(self):
        questions = bank(range(1, 5), SINGLE) + bank(range(5, 9), MULTIPLE)
        rules = blueprint(DrawRule(count=2, type=SINGLE), DrawRule(count=2, type=MULTIPLE))
        conflicts = {1: {5}, 2: {6}, 3: {7}, 4: {8}}  # each single has a multiple twin
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed, conflicts=conflicts)
            drawn = ids(paper)
            assert not any({single, single + 4} <= drawn for single in range(1, 5))

    def test_the_same_seed_draws_the_same_paper(self):
        from .test_drawing import mixed_bank

        conflicts = {n: {n + 1} for n in range(1, 60, 2)}
        for seed in SEEDS:
            first = draw_paper(mixed_blueprint(), mixed_bank(), {3, 25}, seed, conflicts=conflicts)
            again = draw_paper(mixed_blueprint(), mixed_bank(), {3, 25}, seed, conflicts=conflicts)
            assert first == again
            assert first.near_duplicates == ()

    def test_still_refuses_only_when_no_paper_exists(self):
        with pytest.raises(InsufficientQuestionsError):
            draw_paper(blueprint(DrawRule(count=3)), bank([1, 2]), (), 0, conflicts={1: {2}})


def fewest_clashes(rules, questions, conflicts):
    """Fewest conflicting pairs of any complete assignment (brute force), or None."""
    best = None
    for choice in itertools.product(range(len(rules) + 1), repeat=len(questions)):
        if any(
            sum(1 for c in choice if c == index) != rule.count for index, rule in enumerate(rules)
        ):
            continue
        if any(
            index < len(rules)
            and rules[index].type is not None
            and question.type != rules[index].type
            for index, question in zip(choice, questions, strict=True)
        ):
            continue
        drawn = {q.question_id for c, q in zip(choice, questions, strict=True) if c < len(rules)}
        pairs = sum(1 for a, b in conflicts if a in drawn and b in drawn)
        best = pairs if best is None else min(best, pairs)
    return best


def test_clash_free_whenever_brute_force_finds_a_clash_free_paper():
    rng = random.Random(17)
    for case in range(60):
        questions = [candidate(n, rng.choice([SINGLE, MULTIPLE])) for n in range(1, 8)]
        rules = tuple(
            DrawRule(count=rng.randint(1, 2), type=rng.choice([None, SINGLE, MULTIPLE]))
            for _ in range(rng.randint(1, 2))
        )
        pairs = {tuple(sorted(rng.sample(range(1, 8), 2))) for _ in range(rng.randint(1, 4))}
        best = fewest_clashes(rules, questions, pairs)
        conflicts = {a: {b} for a, b in pairs}
        if best is None:
            with pytest.raises(InsufficientQuestionsError):
                draw_paper(Blueprint(rules=rules), questions, (), case, conflicts=conflicts)
            continue
        paper = draw_paper(Blueprint(rules=rules), questions, (), case, conflicts=conflicts)
        if best == 0:
            assert paper.near_duplicates == (), (case, rules, pairs)
