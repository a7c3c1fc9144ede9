"""The mention benchmark runs and reaches everyone in the department."""

import pytest

from bench.collaboration import bench_mention_fanout


@pytest.mark.django_db(transaction=True)
def test_the_mention_benchmark_reaches_the_whole_department(settings):
    from studio.celery import app

    broker = app.conf.broker_url
    app.conf.broker_url = "memory://"
    try:
        result = bench_mention_fanout(people=20, runs=1)
    finally:
        app.conf.broker_url = broker
    assert result["notified"] == 20
    assert result["goal_seconds"] == 0.2
