import itertools
import random
from collections import Counter
from decimal import Decimal

import pytest

from assessments.exams.engine import (
    Blueprint,
    DrawError,
    DrawRule,
    InsufficientQuestionsError,
    Paper,
    QuestionType,
    draw_paper,
    rule_matches,
    split_points_evenly,
)

from .builders import CHOICE_KEYS, TRUE_FALSE_KEYS, bank, blueprint, candidate

SINGLE = QuestionType.SINGLE
MULTIPLE = QuestionType.MULTIPLE
TRUE_FALSE = QuestionType.TRUE_FALSE
FILL = QuestionType.FILL
SEEDS = range(40)


def mixed_bank():
    """60 questions: 20 single, 15 multiple, 15 true/false, 10 fill, across two difficulties."""
    questions = []
    for question_id in range(1, 61):
        if question_id <= 20:
            question_type = SINGLE
        elif question_id <= 35:
            question_type = MULTIPLE
        elif question_id <= 50:
            question_type = TRUE_FALSE
        else:
            question_type = FILL
        difficulty = "hard" if question_id % 3 == 0 else "medium"
        topics = ("防爆",) if question_id % 4 == 0 else ("防毒",)
        questions.append(
            candidate(question_id, question_type, difficulty=difficulty, topics=topics)
        )
    return questions


def mixed_blueprint(**kwargs):
    return blueprint(
        DrawRule(count=8, type=SINGLE),
        DrawRule(count=5, type=MULTIPLE),
        DrawRule(count=5, type=TRUE_FALSE),
        DrawRule(count=2, type=FILL),
        **kwargs,
    )


def ids(paper: Paper) -> set[int]:
    return set(paper.question_ids)


class TestDeterminism:
    def test_same_seed_same_paper(self):
        for seed in SEEDS:
            first = draw_paper(mixed_blueprint(), mixed_bank(), {3, 25}, seed)
            second = draw_paper(mixed_blueprint(), mixed_bank(), {3, 25}, seed)
            assert first == second
            assert first.seed == seed

    def test_candidate_order_does_not_change_the_paper(self):
        questions = mixed_bank()
        for seed in SEEDS:
            shuffled = list(questions)
            random.Random(seed + 1000).shuffle(shuffled)
            expected = draw_paper(mixed_blueprint(), questions, [1, 2], seed)
            assert draw_paper(mixed_blueprint(), shuffled, (2, 1), seed) == expected
            assert draw_paper(mixed_blueprint(), tuple(reversed(questions)), {1, 2}, seed) == (
                expected
            )

    def test_different_seeds_give_different_papers(self):
        papers = {draw_paper(mixed_blueprint(), mixed_bank(), (), seed).slots for seed in SEEDS}
        assert len(papers) == len(SEEDS)
        selections = {
            frozenset(ids(draw_paper(mixed_blueprint(), mixed_bank(), (), s))) for s in SEEDS
        }
        assert len(selections) > len(SEEDS) // 2

    def test_display_settings_do_not_change_which_questions_are_drawn(self):
        for seed in SEEDS:
            shuffled = draw_paper(mixed_blueprint(), mixed_bank(), (), seed)
            plain = draw_paper(
                mixed_blueprint(shuffle_questions=False, shuffle_options=False),
                mixed_bank(),
                (),
                seed,
            )
            assert ids(shuffled) == ids(plain)

    def test_each_question_is_about_equally_likely(self):
        counts = Counter(
            draw_paper(blueprint(DrawRule(count=1)), bank([1, 2, 3, 4]), (), seed).question_ids[0]
            for seed in range(400)
        )
        assert set(counts) == {1, 2, 3, 4}
        assert min(counts.values()) > 60

    @pytest.mark.parametrize("seed", ["7", 1.5, True, None])
    def test_seed_must_be_an_int(self, seed):
        with pytest.raises(TypeError, match="随机种子须为整数"):
            draw_paper(blueprint(DrawRule(count=1)), bank([1]), (), seed)


class TestUnseenFirst:
    def test_draws_exactly_the_unseen_when_there_are_enough(self):
        questions = bank(range(1, 11))
        seen = {1, 3, 5, 7, 9}
        for seed in SEEDS:
            paper = draw_paper(blueprint(DrawRule(count=5)), questions, seen, seed)
            assert ids(paper) == {2, 4, 6, 8, 10}

    def test_tops_up_with_seen_questions_only_when_needed(self):
        questions = bank(range(1, 11))
        seen = set(range(1, 9))
        drawn_seen = set()
        for seed in SEEDS:
            paper = draw_paper(blueprint(DrawRule(count=5)), questions, seen, seed)
            assert {9, 10} <= ids(paper)
            assert len(ids(paper) & seen) == 3
            drawn_seen |= ids(paper) & seen
        assert drawn_seen == seen  # the seen top-up is still random

    def test_each_rule_prefers_unseen(self):
        questions = bank(range(1, 7), SINGLE) + bank(range(11, 17), MULTIPLE)
        seen = {1, 2, 3, 11, 12, 13}
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=3, type=SINGLE), DrawRule(count=3, type=MULTIPLE)),
                questions,
                seen,
                seed,
            )
            assert ids(paper) == {4, 5, 6, 14, 15, 16}

    def test_overlapping_rules_still_get_the_most_unseen(self):
        # A catch-all rule must leave the only unseen single question to the single rule.
        questions = [candidate(1, SINGLE), candidate(2, MULTIPLE), candidate(3, SINGLE)]
        rules = blueprint(DrawRule(count=1), DrawRule(count=1, type=SINGLE))
        for seed in SEEDS:
            paper = draw_paper(rules, questions, {3}, seed)
            assert ids(paper) == {1, 2}
            assert {(s.question_id, s.rule_number) for s in paper.slots} == {(1, 2), (2, 1)}

    def test_seen_ids_outside_the_bank_are_ignored(self):
        paper = draw_paper(blueprint(DrawRule(count=2)), bank([1, 2]), {99, 100}, 0)
        assert ids(paper) == {1, 2}


class TestNoDuplicates:
    def test_question_matching_several_rules_is_drawn_once(self):
        questions = bank(range(1, 11), SINGLE)
        rules = blueprint(DrawRule(count=5), DrawRule(count=5, type=SINGLE))
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed)
            assert sorted(paper.question_ids) == list(range(1, 11))

    def test_overlapping_rules_are_solved_not_greedily_refused(self):
        # Whatever the catch-all rule grabs first, the single-choice rule must end up full.
        questions = bank([1, 2, 3], SINGLE) + bank([4, 5, 6], MULTIPLE)
        rules = blueprint(DrawRule(count=3), DrawRule(count=3, type=SINGLE))
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed)
            by_rule = {
                rule: {s.question_id for s in paper.slots if s.rule_number == rule}
                for rule in (1, 2)
            }
            assert by_rule == {1: {4, 5, 6}, 2: {1, 2, 3}}

    def test_never_duplicates_across_many_seeds(self):
        rules = blueprint(
            DrawRule(count=6, topics=("防爆",)),
            DrawRule(count=10, difficulty="medium"),
            DrawRule(count=4, type=TRUE_FALSE),
        )
        for seed in SEEDS:
            paper = draw_paper(rules, mixed_bank(), (), seed)
            assert len(paper.question_ids) == len(set(paper.question_ids)) == 20

    def test_duplicate_candidates_are_refused(self):
        questions = [candidate(1, version_id=10), candidate(1, version_id=11), candidate(2)]
        with pytest.raises(DrawError, match="候选题目1出现多次"):
            draw_paper(blueprint(DrawRule(count=1)), questions, (), 0)


def brute_force(rules, questions, seen):
    """Best (most unseen) complete assignment of questions to rules, or None."""
    best = None
    for choice in itertools.product(range(len(rules) + 1), repeat=len(questions)):
        counts = Counter(choice)
        if any(counts[index] != rule.count for index, rule in enumerate(rules)):
            continue
        if any(
            index < len(rules) and not rule_matches(rules[index], question)
            for index, question in zip(choice, questions, strict=True)
        ):
            continue
        unseen = sum(
            1
            for index, question in zip(choice, questions, strict=True)
            if index < len(rules) and question.question_id not in seen
        )
        best = unseen if best is None else max(best, unseen)
    return best


def test_matches_a_brute_force_search_on_small_random_banks():
    rng = random.Random(2024)
    types = [SINGLE, MULTIPLE, TRUE_FALSE]
    for case in range(40):
        questions = [
            candidate(
                question_id,
                rng.choice(types),
                difficulty=rng.choice(["medium", "hard"]),
                topics=rng.sample(["a", "b", "c"], rng.randint(1, 2)),
            )
            for question_id in range(1, 8)
        ]
        rules = tuple(
            DrawRule(
                count=rng.randint(1, 3),
                type=rng.choice([None, *types]),
                difficulty=rng.choice([None, "medium", "hard"]),
                topics=tuple(rng.sample(["a", "b", "c"], rng.randint(0, 1))),
            )
            for _ in range(rng.randint(1, 3))
        )
        seen = {q.question_id for q in questions if rng.random() < 0.5}
        best_unseen = brute_force(rules, questions, seen)
        if best_unseen is None:
            with pytest.raises(InsufficientQuestionsError):
                draw_paper(Blueprint(rules=rules), questions, seen, case)
            continue
        paper = draw_paper(Blueprint(rules=rules), questions, seen, case)
        by_id = {q.question_id: q for q in questions}
        for drawn in paper.slots:
            assert drawn.rule_number is not None
            assert rule_matches(rules[drawn.rule_number - 1], by_id[drawn.question_id])
        assert len(set(paper.question_ids)) == sum(rule.count for rule in rules)
        assert len(ids(paper) - seen) == best_unseen, f"case {case}"


class TestRequiredTopics:
    def test_required_topic_is_always_on_the_paper(self):
        questions = [*bank(range(1, 21)), candidate(21, topics=("动火作业",))]
        rules = blueprint(DrawRule(count=5), required_topics=("动火作业",))
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed)
            assert 21 in paper.question_ids
            assert paper.uncovered_topics == ()

    def test_required_topic_beats_unseen_first(self):
        questions = [*bank(range(1, 21)), candidate(21, topics=("动火作业",))]
        rules = blueprint(DrawRule(count=5), required_topics=("动火作业",))
        for seed in SEEDS:
            paper = draw_paper(rules, questions, {21}, seed)
            assert 21 in paper.question_ids
            assert len(ids(paper) - {21}) == 4

    def test_prefers_an_unseen_question_of_the_topic(self):
        questions = bank(range(1, 21)) + bank([21, 22], topics=("动火作业",))
        rules = blueprint(DrawRule(count=5), required_topics=("动火作业",))
        for seed in SEEDS:
            assert 22 in draw_paper(rules, questions, {21}, seed).question_ids

    def test_topic_question_is_placed_in_the_rule_it_matches(self):
        questions = (
            bank(range(1, 11), SINGLE)
            + bank(range(11, 21), MULTIPLE)
            + [candidate(21, MULTIPLE, topics=("受限空间",))]
        )
        rules = blueprint(
            DrawRule(count=3, type=SINGLE),
            DrawRule(count=2, type=MULTIPLE),
            required_topics=("受限空间",),
        )
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed)
            placed = [s for s in paper.slots if s.question_id == 21]
            assert len(placed) == 1
            assert placed[0].rule_number == 2

    def test_other_questions_move_between_rules_to_make_room(self):
        # Only single question 1 has the topic; the catch-all rule must not keep it from rule 1.
        questions = [candidate(1, SINGLE, topics=("动火作业",)), candidate(2, MULTIPLE)]
        rules = blueprint(
            DrawRule(count=1, type=SINGLE), DrawRule(count=1), required_topics=("动火作业",)
        )
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed)
            assert {(s.question_id, s.rule_number) for s in paper.slots} == {(1, 1), (2, 2)}

    def test_several_required_topics(self):
        questions = (
            *bank(range(1, 31)),
            candidate(31, topics=("动火作业",)),
            candidate(32, topics=("受限空间", "动火作业")),
            candidate(33, topics=("高处作业",)),
        )
        rules = blueprint(DrawRule(count=3), required_topics=("动火作业", "受限空间", "高处作业"))
        for seed in SEEDS:
            paper = draw_paper(rules, questions, (), seed)
            assert {32, 33} <= ids(paper)
            assert paper.uncovered_topics == ()

    def test_topic_missing_from_the_bank_is_reported(self):
        paper = draw_paper(
            blueprint(DrawRule(count=3), required_topics=("防雷",)), bank(range(1, 6)), (), 0
        )
        assert paper.uncovered_topics == ("防雷",)
        assert len(paper.slots) == 3

    def test_topic_no_rule_can_hold_is_reported(self):
        questions = [*bank(range(1, 6), SINGLE), candidate(6, FILL, topics=("防雷",))]
        rules = blueprint(DrawRule(count=3, type=SINGLE), required_topics=("防雷",))
        paper = draw_paper(rules, questions, (), 0)
        assert paper.uncovered_topics == ("防雷",)
        assert 6 not in paper.question_ids

    def test_more_required_topics_than_slots(self):
        questions = [candidate(1, topics=("a",)), candidate(2, topics=("b",))]
        paper = draw_paper(
            blueprint(DrawRule(count=1), required_topics=("a", "b")), questions, (), 0
        )
        assert len(paper.uncovered_topics) == 1


class TestInsufficientQuestions:
    def test_message_names_the_rule(self):
        questions = bank(range(1, 11), SINGLE) + bank(range(11, 14), MULTIPLE)
        rules = blueprint(
            DrawRule(count=5, type=SINGLE),
            DrawRule(count=5, type=MULTIPLE, difficulty="medium"),
        )
        with pytest.raises(InsufficientQuestionsError) as caught:
            draw_paper(rules, questions, (), 0)
        assert str(caught.value) == "规则2（多选，难度中）需要5题，题库仅有3题"
        assert (caught.value.rule_number, caught.value.required, caught.value.available) == (
            2,
            5,
            3,
        )

    def test_overlap_between_rules_is_explained(self):
        rules = blueprint(DrawRule(count=3), DrawRule(count=2, type=SINGLE))
        with pytest.raises(InsufficientQuestionsError, match="规则2（单选）需要2题") as caught:
            draw_paper(rules, bank([1, 2, 3], SINGLE), (), 0)
        assert "题库有3题符合条件，但与其他规则重叠" in str(caught.value)
        assert caught.value.available == 0

    def test_empty_bank(self):
        with pytest.raises(
            InsufficientQuestionsError, match="规则1（不限题型）需要1题，题库仅有0题"
        ):
            draw_paper(blueprint(DrawRule(count=1)), [], (), 0)

    def test_is_a_draw_error(self):
        assert issubclass(InsufficientQuestionsError, DrawError)


class TestOptions:
    def test_choice_options_are_shuffled_but_keep_their_keys(self):
        orders = set()
        for seed in SEEDS:
            paper = draw_paper(mixed_blueprint(), mixed_bank(), (), seed)
            for drawn in paper.slots:
                if drawn.rule_number in (1, 2):
                    assert sorted(drawn.option_order) == list(CHOICE_KEYS)
                    orders.add(drawn.option_order)
        assert len(orders) > 12

    def test_true_false_and_fill_keep_their_order(self):
        for seed in SEEDS:
            paper = draw_paper(mixed_blueprint(), mixed_bank(), (), seed)
            for drawn in paper.slots:
                if drawn.rule_number == 3:
                    assert drawn.option_order == TRUE_FALSE_KEYS
                if drawn.rule_number == 4:
                    assert drawn.option_order == ()

    def test_no_shuffle_keeps_authored_order(self):
        questions = [candidate(1, option_keys=("D", "C", "B", "A"))]
        for seed in SEEDS:
            paper = draw_paper(
                blueprint(DrawRule(count=1), shuffle_options=False), questions, (), seed
            )
            assert paper.slots[0].option_order == ("D", "C", "B", "A")


class TestQuestionOrder:
    def test_rules_are_sections_in_blueprint_order(self):
        for seed in SEEDS:
            paper = draw_paper(mixed_blueprint(), mixed_bank(), (), seed)
            rule_numbers = [s.rule_number for s in paper.slots]
            assert rule_numbers == sorted(rule_numbers)
            assert [s.number for s in paper.slots] == list(range(1, 21))

    def test_no_shuffle_orders_each_section_by_question_id(self):
        for seed in SEEDS:
            paper = draw_paper(mixed_blueprint(shuffle_questions=False), mixed_bank(), (), seed)
            for rule in (1, 2, 3, 4):
                section = [s.question_id for s in paper.slots if s.rule_number == rule]
                assert section == sorted(section)

    def test_shuffle_mixes_questions_within_a_section(self):
        unsorted = 0
        for seed in SEEDS:
            paper = draw_paper(mixed_blueprint(), mixed_bank(), (), seed)
            section = [s.question_id for s in paper.slots if s.rule_number == 1]
            unsorted += section != sorted(section)
        assert unsorted > len(SEEDS) // 2

    def test_slots_carry_the_candidate_version(self):
        questions = [candidate(1, version_id=77)]
        paper = draw_paper(blueprint(DrawRule(count=1)), questions, (), 0)
        assert paper.slots[0].version_id == 77


class TestPoints:
    def test_even_split_sums_exactly(self):
        questions = bank(range(1, 41))
        for seed in range(5):
            paper = draw_paper(blueprint(DrawRule(count=30)), questions, (), seed)
            points = [s.points for s in paper.slots]
            assert sum(points) == Decimal(100)
            assert paper.total_points == Decimal(100)
            assert points == [Decimal("3.34")] * 10 + [Decimal("3.33")] * 20

    def test_even_split_across_rules(self):
        paper = draw_paper(
            mixed_blueprint(total_points=Decimal(50), pass_mark=Decimal(40)), mixed_bank(), (), 0
        )
        assert {s.points for s in paper.slots} == {Decimal("2.5")}
        assert paper.total_points == Decimal(50)

    def test_fixed_points_per_rule(self):
        rules = blueprint(
            DrawRule(count=10, type=SINGLE, points_each=Decimal(4)),
            DrawRule(count=10, type=MULTIPLE, points_each=Decimal(4)),
            DrawRule(count=10, type=TRUE_FALSE, points_each=Decimal(2)),
        )
        paper = draw_paper(rules, mixed_bank(), (), 3)
        assert paper.total_points == Decimal(100)
        assert {s.points for s in paper.slots if s.rule_number == 3} == {Decimal(2)}
        assert {s.points for s in paper.slots if s.rule_number != 3} == {Decimal(4)}

    @pytest.mark.parametrize(
        ("total", "count"),
        [("100", 3), ("100", 7), ("100", 30), ("1", 1), ("0.05", 5), ("99.99", 13), ("150", 70)],
    )
    def test_split_points_evenly(self, total, count):
        parts = split_points_evenly(Decimal(total), count)
        assert len(parts) == count
        assert sum(parts) == Decimal(total)
        assert max(parts) - min(parts) <= Decimal("0.01")
        assert list(parts) == sorted(parts, reverse=True)
        assert all(part == part.quantize(Decimal("0.01")) for part in parts)

    def test_split_points_evenly_refuses_bad_input(self):
        with pytest.raises(ValueError):
            split_points_evenly(Decimal(100), 0)
        with pytest.raises(ValueError):
            split_points_evenly(Decimal("1.001"), 2)
