"""The pure hazard rules of practice: which questions are about a workplace's hazards, and
the daily set always holding one of them. No database: runs with ``-p no:django``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from practice.scheduling import CardStatus, daily_set, hazard_terms, is_hazard_question

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def card(question_id, *, due_in_days, **kwargs):
    return CardStatus(question_id=question_id, due=NOW + timedelta(days=due_in_days), **kwargs)


# --- which questions are hazard questions -----------------------------------------------


def test_a_process_matches_a_tag_of_its_short_name_or_a_stem_with_its_full_name():
    terms = hazard_terms(processes=["硝化工艺"])
    assert is_hazard_question("下列说法正确的是（ ）", ["硝化"], terms)
    assert is_hazard_question("下列说法正确的是（ ）", ["硝化工艺安全"], terms)
    assert is_hazard_question("硝化工艺的反应釜应设置（ ）", [], terms)
    # The short name inside a text is not enough: 硝化棉 is no process.
    assert not is_hazard_question("硝化棉着火应当使用（ ）", ["消防"], terms)


def test_a_short_process_name_inside_other_words_never_matches():
    terms = hazard_terms(processes=["氧化工艺"])
    assert not is_hazard_question("二氧化碳灭火器适用于（ ）", ["过氧化物"], terms)
    assert is_hazard_question("题干", ["氧化"], terms)
    # The bracketed names count too: 电解工艺（氯碱） is also 氯碱 and 电解工艺.
    terms = hazard_terms(processes=["电解工艺（氯碱）"])
    assert is_hazard_question("题干", ["氯碱"], terms)
    assert is_hazard_question("电解工艺中氢气与氯气混合会（ ）", [], terms)
    assert is_hazard_question("题干", ["电解"], terms)


def test_major_hazard_sources_match_their_chemicals_and_the_words_major_hazard_source():
    terms = hazard_terms(sources=["液氨罐区"], chemicals=["液氨", "氨"])
    assert is_hazard_question("液氨泄漏时应当向（ ）方向撤离", [], terms)
    assert is_hazard_question("生产经营单位对重大危险源应当（ ）", [], terms)
    assert is_hazard_question("题干", ["液氨罐区"], terms)
    assert is_hazard_question("题干", ["氨"], terms)
    # A one-character chemical inside a stem would match 合成氨 too.
    assert not is_hazard_question("合成氨装置开车前应当（ ）", [], hazard_terms(chemicals=["氨"]))
    # Without a source the words 重大危险源 are nobody's hazard.
    assert not is_hazard_question("生产经营单位对重大危险源应当（ ）", [], hazard_terms())


def test_full_width_and_spaces_do_not_hide_a_match():
    terms = hazard_terms(processes=["裂解（裂化）工艺"])
    assert is_hazard_question("裂化 工艺的主要危险是（ ）", [], terms)
    assert is_hazard_question("题干", ["裂解"], terms)


def test_no_hazards_no_terms():
    assert not hazard_terms()
    assert hazard_terms(processes=["合成氨工艺"])


# --- the daily set keeps one -------------------------------------------------------------


def test_a_hazard_question_comes_right_after_the_due_cards():
    pool = range(1, 41)
    plain = daily_set(pool, [card(1, due_in_days=-1)], now=NOW, count=5, seed="s")
    hazard = next(q for q in range(2, 41) if q not in plain)
    chosen = daily_set(pool, [card(1, due_in_days=-1)], now=NOW, count=5, seed="s", hazard={hazard})
    assert chosen[:2] == (1, hazard)
    assert chosen[2:] == plain[1:4]  # the last new question waits for tomorrow


def test_when_due_cards_fill_the_day_the_last_one_yields_its_place():
    cards = [card(q, due_in_days=-q) for q in range(1, 6)]
    chosen = daily_set(range(1, 11), cards, now=NOW, count=5, seed="s", hazard={9})
    assert chosen == (5, 4, 3, 2, 9)


def test_a_well_known_hazard_question_still_comes_back():
    cards = [card(7, due_in_days=30, right_count=6, stability=40.0)]
    chosen = daily_set(range(1, 11), cards, now=NOW, count=3, seed="s", hazard={7})
    assert 7 in chosen
    # Without the hazard rule a strong card waits for its due date.
    assert 7 not in daily_set(range(1, 11), cards, now=NOW, count=3, seed="s")


def test_the_best_ranked_hazard_question_is_taken():
    cards = [
        card(1, due_in_days=-1),
        card(3, due_in_days=2, in_book=True),
        card(4, due_in_days=20, right_count=3),
    ]

    def pick(hazard):
        return daily_set(range(1, 30), cards, now=NOW, count=2, seed="s", hazard=hazard)[1]

    assert pick({3, 4, 25}) == 3  # weak (in the book) first
    assert pick({4, 25}) == 25  # then new
    assert pick({4}) == 4  # then known


def test_nothing_changes_when_one_is_in_the_set_or_was_answered_today():
    plain = daily_set(range(1, 21), [], now=NOW, count=5, seed="s")
    assert daily_set(range(1, 21), [], now=NOW, count=5, seed="s", hazard={plain[3]}) == plain
    outside = next(q for q in range(1, 21) if q not in plain)
    assert (
        daily_set(
            range(1, 21), [], now=NOW, count=5, seed="s", hazard={outside}, hazard_needed=False
        )
        == plain
    )


def test_a_hazard_question_on_an_open_paper_stays_out():
    chosen = daily_set(range(1, 21), [], now=NOW, count=20, seed="s", hazard={5}, excluded={5})
    assert 5 not in chosen
    assert len(chosen) == 19
