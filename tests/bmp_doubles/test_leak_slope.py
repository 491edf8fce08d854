"""The leak slope counts growth that goes on batch after batch, not one allocation step."""

from __future__ import annotations

from faultbook.bmpkit.checkers import COST

MB = 2**20


def test_steady_growth_is_a_leak() -> None:
    points = [(100 * i, 40 * MB + i * 2 * MB) for i in range(6)]  # 20 MB per 1000 messages
    verdict = COST.leak(points)
    assert not verdict.ok and verdict.measured["rss_mb_per_1000_messages"] == 20.0


def test_one_step_at_the_end_is_not_a_leak() -> None:
    # seen on PyBMP: flat at 44 MB for 15 batches, then 6.5 MB more after one batch of 81 messages
    points = [(5409 + 10 * i, 44 * MB) for i in range(15)] + [(5636, 50 * MB + MB // 2)]
    verdict = COST.leak(points)
    assert verdict.ok, verdict


def test_growth_in_most_batches_is_a_leak_despite_flat_ones() -> None:
    points = [(100 * i, 40 * MB + (i - i // 3) * 3 * MB) for i in range(9)]
    assert not COST.leak(points).ok
