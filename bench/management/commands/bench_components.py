"""Run the component benchmarks of every issue and print one JSON line (`make bench`)."""

import json
import statistics

from django.core.management.base import BaseCommand

from bench import callsheet as bench_callsheets
from bench import report_files as bench_reports
from bench import stripboard as bench
from bench.budget import bench_budget
from bench.collaboration import bench_mention_fanout
from bench.import_script import bench_import_120_pages
from bench.shots import bench_day_shot_list
from bench.talent import (
    run_random_talent_benchmarks,
    run_shoot_benchmark,
    run_talent_benchmarks,
)
from schedules.optimizer import TALENT_INSTANCES

TALENT = TALENT_INSTANCES


class Command(BaseCommand):
    help = "Time the import, stripboard, Day Out of Days, call sheet, report and optimizer work."

    def handle(self, *args, **options):
        components: dict[str, dict] = {"import_120_pages": bench_import_120_pages()}
        board = bench.bench_stripboard_and_dood()
        components.update(_split(board, "stripboard_300_scenes", "dood_40_cast"))
        components.update(_prefixed("callsheet_", bench_callsheets.bench_callsheets(people=120)))
        components.update(_prefixed("reports_", bench_reports.bench_reports()))
        components.update(_talent())
        components.update(run_random_talent_benchmarks())
        components["optimizer_real_shoot_120"] = run_shoot_benchmark(seconds=60)
        components["notify_mention_fanout_200"] = bench_mention_fanout(people=200)
        components["day_shot_list_200_shots"] = bench_day_shot_list(shots=200)
        components.update(bench_budget())
        self.stdout.write(json.dumps(components, default=str))


def _prefixed(prefix: str, results: dict) -> dict:
    return {f"{prefix}{name}": row for name, row in results.items() if isinstance(row, dict)}


def _split(board: dict, stripboard: str, dood: str) -> dict:
    """Turn the stripboard benchmark's flat result into the results file's two rows."""
    return {
        stripboard: {
            "seconds": round(board["stripboard_seconds"], 4),
            "goal_seconds": board["goal_stripboard_seconds"],
            "queries": board["stripboard_queries"],
            "ratio_to_trivial_page": round(board["stripboard_ratio"], 1),
        },
        dood: {
            "seconds": round(board["dood_seconds"], 4),
            "goal_seconds": board["goal_dood_seconds"],
        },
    }


def _talent() -> dict:
    rows = run_talent_benchmarks(TALENT)
    components = {
        f"talent_{row['name']}": {
            "seconds": row["seconds"],
            "cost": row["cost"],
            "optimum": row["optimum"],
            "optimal": row["optimal"],
        }
        for row in rows
    }
    total = sum(row["seconds"] for row in rows)
    components["talent_all_instances"] = {
        "seconds": round(total, 3),
        "goal_seconds": 3.0,
        "all_optimal": all(r["optimal"] and r["cost"] == r["optimum"] for r in rows),
        "median_seconds": round(statistics.median(r["seconds"] for r in rows), 3),
    }
    mob = next(r for r in rows if r["name"] == "MobStory")
    components["talent_MobStory"]["goal_seconds"] = 1.0
    components["talent_MobStory"]["seconds"] = mob["seconds"]
    return components
