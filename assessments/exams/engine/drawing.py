"""Drawing a paper (抽题组卷): pick questions per rule, fix their order, options and points.

The result is decided once, when an attempt starts, and stored slot by slot so the paper
can be re-rendered and audited later; the same inputs and seed always give the same paper.

How questions are picked, in priority order:

1. Every rule must be filled exactly, and no question appears twice. Rules can overlap
   (a question may match several), so rules are filled as a bipartite matching with
   augmenting paths: a rule short of questions may take one from another rule that can
   replace it. A paper is refused only when no assignment at all exists.
2. Required topics (必考知识点): before anything else, one question per uncovered topic is
   placed in some rule it matches (other placed questions may move between rules to make
   room). A topic no rule can hold is reported in ``Paper.uncovered_topics``.
3. No near-duplicates: two questions that ``conflicts`` pairs (stems the bank's duplicate
   check scores as copies) never share a paper, unless no paper without them exists; the
   pairs left are reported in ``Paper.near_duplicates``.
4. Unseen first: rules are filled from questions the worker has not seen before; then from
   questions seen longer ago than ``recently_seen`` (the failed paper, for a re-test); the
   recently seen come last. Each step is taken only when the previous one cannot fill
   the rules.
5. Within those constraints the choice is uniformly random, driven by ``random.Random(seed)``
   over candidates sorted by id, so database row order never changes the paper; neither
   the conflicts nor the tiers draw random numbers, so a stored seed redraws the paper.
"""

import random
from collections import deque
from collections.abc import Callable, Collection, Mapping, Sequence, Set
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from assessments.exams.engine.blueprint import POINTS_QUANTUM, Blueprint, DrawRule
from assessments.exams.engine.errors import DrawError, InsufficientQuestionsError
from assessments.exams.engine.option_order import may_shuffle_options
from assessments.exams.engine.types import CandidateQuestion

__all__ = [
    "DrawError",
    "InsufficientQuestionsError",
    "Paper",
    "Slot",
    "draw_paper",
    "rule_matches",
    "split_points_evenly",
]


@dataclass(frozen=True, slots=True)
class Slot:
    """One numbered place on a paper, pointing at a question version.

    ``option_order`` is the display order of option keys (empty for fill);
    ``rule_number`` is the 1-based blueprint rule it was drawn for, kept for audit.
    """

    number: int
    question_id: int
    version_id: int
    option_order: tuple[str, ...]
    points: Decimal
    rule_number: int | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    slots: tuple[Slot, ...]
    seed: int
    uncovered_topics: tuple[str, ...] = ()
    near_duplicates: tuple[tuple[int, int], ...] = ()

    @property
    def total_points(self) -> Decimal:
        return sum((slot.points for slot in self.slots), Decimal(0))

    @property
    def question_ids(self) -> tuple[int, ...]:
        return tuple(slot.question_id for slot in self.slots)


def rule_matches(rule: DrawRule, candidate: CandidateQuestion) -> bool:
    """Type and difficulty must equal when set; topics match when any of them overlaps."""
    if rule.type is not None and candidate.type != rule.type:
        return False
    if rule.difficulty is not None and candidate.difficulty != rule.difficulty:
        return False
    return not rule.topics or not set(rule.topics).isdisjoint(candidate.topics)


def split_points_evenly(total: Decimal, count: int) -> tuple[Decimal, ...]:
    """Split ``total`` into ``count`` cent amounts summing to it exactly; extra cents go first.

    E.g. 100 over 30 slots gives ten 3.34 and twenty 3.33.
    """
    if count <= 0:
        raise ValueError(f"题目数量须为正整数，当前为{count}")
    cents = int((total / POINTS_QUANTUM).to_integral_exact())
    if Decimal(cents) * POINTS_QUANTUM != total:
        raise ValueError(f"总分最多保留两位小数，当前为{total}")
    base, extra = divmod(cents, count)
    return tuple(
        (Decimal(base + 1) if index < extra else Decimal(base)) * POINTS_QUANTUM
        for index in range(count)
    )


def draw_paper(
    blueprint: Blueprint,
    candidates: Sequence[CandidateQuestion],
    seen_question_ids: Collection[int],
    seed: int,
    *,
    recently_seen: Collection[int] = (),
    conflicts: Mapping[int, Collection[int]] | None = None,
) -> Paper:
    """Draw a paper for one attempt; see the module docstring for the rules it follows.

    ``candidates`` are the current versions of the questions this worker may get (one per
    question id); ``seen_question_ids`` are questions from all the worker's earlier
    attempts, ``recently_seen`` those of the latest ones, used last. ``conflicts`` maps a
    question id to the ids it must not share a paper with (symmetric; computed by the
    caller, so the engine stays pure). Raises ``InsufficientQuestionsError`` naming the
    first rule that cannot be filled.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"随机种子须为整数，当前为{seed!r}")
    rng = random.Random(seed)
    by_id = _index_by_id(candidates)
    rules = blueprint.rules
    recent = frozenset(recently_seen)
    seen = frozenset(seen_question_ids) | recent
    clashes = _symmetric(conflicts or {})

    # One shuffle of the id-sorted bank fixes a random priority shared by every step below.
    priority = [by_id[question_id] for question_id in sorted(by_id)]
    rng.shuffle(priority)
    eligible = {
        candidate.question_id: tuple(
            index for index, rule in enumerate(rules) if rule_matches(rule, candidate)
        )
        for candidate in priority
    }
    pools = [
        [c.question_id for c in priority if index in eligible[c.question_id]]
        for index in range(len(rules))
    ]
    for index, rule in enumerate(rules):
        if len(pools[index]) < rule.count:
            raise InsufficientQuestionsError(
                f"规则{index + 1}（{rule.describe()}）需要{rule.count}题，"
                f"题库仅有{len(pools[index])}题",
                rule_number=index + 1,
                required=rule.count,
                available=len(pools[index]),
            )

    assignment = _Assignment(rules, eligible, clashes)
    _place_required_topics(assignment, blueprint.required_topics, priority, eligible, seen)
    tiers = [
        [[qid for qid in pool if qid not in seen] for pool in pools],
        [[qid for qid in pool if qid in seen and qid not in recent] for pool in pools],
        [[qid for qid in pool if qid in recent] for pool in pools],
    ]
    widening = [
        [list(chain(*lists)) for lists in zip(*tiers[: depth + 1], strict=True)]
        for depth in range(len(tiers))
    ]
    for preferences, avoid_clashes in [(p, True) for p in widening] + [(widening[-1], False)]:
        assignment.avoid_clashes = avoid_clashes
        first_free = _FirstFree(preferences, assignment)
        for index in range(len(rules)):
            while assignment.deficit(index) and assignment.augment(index, first_free):
                pass
    required = set(blueprint.required_topics)
    assignment.replace_clashing(
        widening[-1], keep={qid for qid, c in by_id.items() if required.intersection(c.topics)}
    )
    for index, rule in enumerate(rules):
        if assignment.deficit(index):
            got = rule.count - assignment.deficit(index)
            raise InsufficientQuestionsError(
                f"规则{index + 1}（{rule.describe()}）需要{rule.count}题，"
                f"题库有{len(pools[index])}题符合条件，但与其他规则重叠，扣除后只能抽出{got}题",
                rule_number=index + 1,
                required=rule.count,
                available=got,
            )

    slots = _build_slots(blueprint, assignment.members, by_id, rng)
    chosen_topics = {topic for slot in slots for topic in by_id[slot.question_id].topics}
    uncovered = tuple(topic for topic in blueprint.required_topics if topic not in chosen_topics)
    chosen = sorted(slot.question_id for slot in slots)
    pairs = tuple(
        (first, second)
        for position, first in enumerate(chosen)
        for second in chosen[position + 1 :]
        if second in clashes.get(first, ())
    )
    return Paper(slots=slots, seed=seed, uncovered_topics=uncovered, near_duplicates=pairs)


def _symmetric(conflicts: Mapping[int, Collection[int]]) -> dict[int, frozenset[int]]:
    """Both directions of every conflict, without self-pairs, whatever the caller gave."""
    both: dict[int, set[int]] = {}
    for question_id, others in conflicts.items():
        for other in others:
            if other != question_id:
                both.setdefault(question_id, set()).add(other)
                both.setdefault(other, set()).add(question_id)
    return {question_id: frozenset(others) for question_id, others in both.items()}


def _index_by_id(candidates: Sequence[CandidateQuestion]) -> dict[int, CandidateQuestion]:
    by_id: dict[int, CandidateQuestion] = {}
    for candidate in candidates:
        if candidate.question_id in by_id:
            # Two versions of one question would let the paper hold it twice.
            raise DrawError(f"候选题目{candidate.question_id}出现多次，每题只能提供当前版本")
        by_id[candidate.question_id] = candidate
    return by_id


def _place_required_topics(
    assignment: "_Assignment",
    required_topics: Sequence[str],
    priority: Sequence[CandidateQuestion],
    eligible: dict[int, tuple[int, ...]],
    seen: frozenset[int],
) -> None:
    covered: set[str] = set()
    for topic in required_topics:
        if topic in covered:
            continue
        options = [c for c in priority if topic in c.topics and eligible[c.question_id]]
        options.sort(key=lambda c: c.question_id in seen)  # stable: unseen first, still random
        for candidate in options:
            if assignment.insert(candidate.question_id):
                covered.update(candidate.topics)
                break


class _Assignment:
    """Questions assigned to rules; the assigned set only grows, so it can be augmented."""

    def __init__(
        self,
        rules: Sequence[DrawRule],
        eligible: dict[int, tuple[int, ...]],
        clashes: Mapping[int, frozenset[int]],
    ) -> None:
        self._capacity = [rule.count for rule in rules]
        self._eligible = eligible
        self._clashes = clashes
        self.members: list[list[int]] = [[] for _ in rules]
        self._owner: dict[int, int] = {}
        self.avoid_clashes = True

    def deficit(self, rule: int) -> int:
        return self._capacity[rule] - len(self.members[rule])

    def is_free(self, question_id: int) -> bool:
        """Not yet on the paper and, while clashes are avoided, no near-copy of one that is.

        Questions are only ever added, so a question that clashes stays unavailable: the
        forward-only pointers of ``_FirstFree`` may skip it for good.
        """
        if question_id in self._owner:
            return False
        return not (
            self.avoid_clashes
            and any(other in self._owner for other in self._clashes.get(question_id, ()))
        )

    def insert(self, question_id: int) -> bool:
        """Add one specific question to any rule it matches, moving others if needed."""
        if question_id in self._owner:
            return True
        if not self.is_free(question_id):
            return False

        def only_this(rule: int) -> int | None:
            return question_id if rule in self._eligible[question_id] else None

        return any(
            self.augment(rule, only_this)
            for rule in range(len(self._capacity))
            if self.deficit(rule)
        )

    def replace_clashing(self, preferences: Sequence[Sequence[int]], keep: Set[int]) -> None:
        """Swap a question out of each remaining clash for a clash-free one of its rule.

        Filling is greedy (random priority, rule by rule), so a clash it had to accept may
        still be avoidable by exchanging one member; this tries each once, in order.
        Questions in ``keep`` (they carry a required topic) are never swapped out.
        """
        for rule, held in enumerate(self.members):
            for question_id in list(held):
                if question_id in keep or not any(
                    other in self._owner for other in self._clashes.get(question_id, ())
                ):
                    continue
                for substitute in preferences[rule]:
                    if substitute in self._owner:
                        continue
                    others = self._clashes.get(substitute, frozenset())
                    if any(other in self._owner and other != question_id for other in others):
                        continue
                    held[held.index(question_id)] = substitute
                    del self._owner[question_id]
                    self._owner[substitute] = rule
                    break

    def augment(self, start: int, find_free: Callable[[int], int | None]) -> bool:
        """Give rule ``start`` one more question via a shortest augmenting path (BFS).

        From a rule, either take a free question ``find_free`` offers, or take a matching
        question another rule holds and let that rule look for a replacement in turn.
        """
        parent: dict[int, tuple[int, int]] = {}  # rule -> (rule it gives to, question given)
        visited = {start}
        queue = deque([start])
        while queue:
            rule = queue.popleft()
            free = find_free(rule)
            if free is not None:
                self._shift(start, rule, free, parent)
                return True
            for holder, held in enumerate(self.members):
                if holder in visited:
                    continue
                for question_id in held:
                    if rule in self._eligible[question_id]:
                        visited.add(holder)
                        parent[holder] = (rule, question_id)
                        queue.append(holder)
                        break
        return False

    def _shift(self, start: int, end: int, free: int, parent: dict[int, tuple[int, int]]) -> None:
        self.members[end].append(free)
        self._owner[free] = end
        rule = end
        while rule != start:
            receiver, question_id = parent[rule]
            self.members[rule].remove(question_id)
            self.members[receiver].append(question_id)
            self._owner[question_id] = receiver
            rule = receiver


class _FirstFree:
    """Offers each rule its first still-free preferred question; pointers only move forward."""

    def __init__(self, preferences: Sequence[Sequence[int]], assignment: _Assignment) -> None:
        self._preferences = preferences
        self._positions = [0] * len(preferences)
        self._assignment = assignment

    def __call__(self, rule: int) -> int | None:
        preference = self._preferences[rule]
        position = self._positions[rule]
        while position < len(preference) and not self._assignment.is_free(preference[position]):
            position += 1
        self._positions[rule] = position
        return preference[position] if position < len(preference) else None


def _build_slots(
    blueprint: Blueprint,
    members: Sequence[Sequence[int]],
    by_id: dict[int, CandidateQuestion],
    rng: random.Random,
) -> tuple[Slot, ...]:
    # Rules stay in blueprint order as sections; shuffling mixes questions within a rule.
    ordered: list[tuple[int, int]] = []  # (rule index, question id)
    for index, held in enumerate(members):
        block = sorted(held)
        if blueprint.shuffle_questions:
            rng.shuffle(block)
        ordered.extend((index, question_id) for question_id in block)

    if blueprint.has_fixed_points:
        points = [blueprint.rules[index].points_each or Decimal(0) for index, _ in ordered]
    else:
        points = list(split_points_evenly(blueprint.total_points, len(ordered)))

    slots = []
    for number, ((index, question_id), slot_points) in enumerate(
        zip(ordered, points, strict=True), start=1
    ):
        candidate = by_id[question_id]
        option_order = candidate.option_keys
        if blueprint.shuffle_options and may_shuffle_options(
            candidate.type, candidate.option_texts
        ):
            option_order = tuple(rng.sample(option_order, len(option_order)))
        slots.append(
            Slot(
                number=number,
                question_id=question_id,
                version_id=candidate.version_id,
                option_order=option_order,
                points=slot_points,
                rule_number=index + 1,
            )
        )
    return tuple(slots)
