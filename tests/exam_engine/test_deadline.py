from datetime import UTC, datetime, timedelta, timezone

import pytest

from assessments.exams.engine import effective_deadline, is_expired, remaining_seconds

BEIJING = timezone(timedelta(hours=8))
STARTED = datetime(2025, 3, 1, 9, 0, tzinfo=BEIJING)


class TestEffectiveDeadline:
    def test_time_limit_only(self):
        assert effective_deadline(STARTED, 90, None) == datetime(2025, 3, 1, 10, 30, tzinfo=BEIJING)

    def test_window_only(self):
        closes = datetime(2025, 3, 1, 17, 0, tzinfo=BEIJING)
        assert effective_deadline(STARTED, None, closes) == closes

    def test_neither(self):
        assert effective_deadline(STARTED, None, None) is None

    def test_window_closing_first_wins(self):
        closes = datetime(2025, 3, 1, 9, 45, tzinfo=BEIJING)
        assert effective_deadline(STARTED, 90, closes) == closes

    def test_time_limit_first_wins(self):
        closes = datetime(2025, 3, 1, 17, 0, tzinfo=BEIJING)
        assert effective_deadline(STARTED, 60, closes) == STARTED + timedelta(hours=1)

    def test_compares_across_time_zones(self):
        # 01:30 UTC is 09:30 in Beijing, earlier than the 10:00 time limit.
        closes = datetime(2025, 3, 1, 1, 30, tzinfo=UTC)
        deadline = effective_deadline(STARTED, 60, closes)
        assert deadline == closes
        assert deadline == datetime(2025, 3, 1, 9, 30, tzinfo=BEIJING)

    def test_crosses_midnight(self):
        late = datetime(2025, 3, 1, 23, 30, tzinfo=BEIJING)
        assert effective_deadline(late, 45, None) == datetime(2025, 3, 2, 0, 15, tzinfo=BEIJING)

    @pytest.mark.parametrize("minutes", [0, -10, True])
    def test_time_limit_must_be_positive(self, minutes):
        with pytest.raises(ValueError, match="考试时长须为正数"):
            effective_deadline(STARTED, minutes, None)

    def test_naive_datetimes_are_refused(self):
        with pytest.raises(ValueError, match="开始时间须带时区"):
            effective_deadline(datetime(2025, 3, 1, 9, 0), 60, None)
        with pytest.raises(ValueError, match="考试截止时间须带时区"):
            effective_deadline(STARTED, 60, datetime(2025, 3, 1, 17, 0))


class TestRemainingSeconds:
    deadline = STARTED + timedelta(minutes=60)

    def test_counts_down(self):
        assert remaining_seconds(STARTED, self.deadline) == 3600
        assert remaining_seconds(STARTED + timedelta(minutes=59), self.deadline) == 60

    def test_partial_seconds_round_up(self):
        now = self.deadline - timedelta(microseconds=1)
        assert remaining_seconds(now, self.deadline) == 1
        assert remaining_seconds(self.deadline - timedelta(seconds=1.5), self.deadline) == 2

    def test_never_negative(self):
        assert remaining_seconds(self.deadline, self.deadline) == 0
        assert remaining_seconds(self.deadline + timedelta(hours=3), self.deadline) == 0

    def test_no_deadline(self):
        assert remaining_seconds(STARTED, None) is None

    def test_other_time_zone_for_now(self):
        now_utc = datetime(2025, 3, 1, 1, 30, tzinfo=UTC)  # 09:30 Beijing
        assert remaining_seconds(now_utc, self.deadline) == 1800

    def test_naive_now_is_refused(self):
        with pytest.raises(ValueError, match="当前时间须带时区"):
            remaining_seconds(datetime(2025, 3, 1, 9, 0), self.deadline)


class TestIsExpired:
    deadline = STARTED + timedelta(minutes=60)

    def test_before_at_and_after(self):
        assert not is_expired(self.deadline - timedelta(seconds=1), self.deadline)
        assert is_expired(self.deadline, self.deadline)
        assert is_expired(self.deadline + timedelta(seconds=1), self.deadline)

    def test_agrees_with_remaining_seconds(self):
        for offset in (-2.0, -1.0, -0.5, -0.000001, 0, 0.5, 1.0):
            now = self.deadline + timedelta(seconds=offset)
            assert is_expired(now, self.deadline) == (remaining_seconds(now, self.deadline) == 0)

    def test_grace_period(self):
        after = self.deadline + timedelta(seconds=20)
        assert not is_expired(after, self.deadline, grace_seconds=30)
        assert is_expired(after, self.deadline, grace_seconds=20)

    def test_no_deadline_never_expires(self):
        assert not is_expired(STARTED + timedelta(days=365), None)

    def test_negative_grace_is_refused(self):
        with pytest.raises(ValueError, match="宽限时间不能为负数"):
            is_expired(STARTED, self.deadline, grace_seconds=-1)

    def test_naive_deadline_is_refused(self):
        with pytest.raises(ValueError, match="截止时间须带时区"):
            is_expired(STARTED, datetime(2025, 3, 1, 10, 0))
