"""The mention benchmark runs and reaches everyone in the department."""

import pytest

from bench.collaboration import bench_mention_fanout


@pytest.mark.django_db(transaction=True)
def test_the_mention_benchmark_reaches_the_whole_department(mailoutbox):
    result = bench_mention_fanout(people=20, runs=1, queue=False)
    assert result["notified"] == 20
    assert result["goal_seconds"] == 0.2
    assert len(mailoutbox) == 20  # each camera person's email, sent once
