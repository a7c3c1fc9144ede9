"""The schedule optimizer: plain Python, no Django, so it can be tested and reused on its own.

``talent`` solves the pure talent scheduling problem exactly; ``shoot`` reorders a real shoot
(days, capacities, locations, availability) by large-neighbourhood search.
``TALENT_INSTANCES`` is the folder of published instances (JSON, their README and ``cost.py``).
"""

from pathlib import Path

from schedules.optimizer.shoot import (
    ShootCast,
    ShootDay,
    ShootProblem,
    ShootResult,
    ShootScene,
    ShootSettings,
    evaluate_shoot,
    explain,
    optimize_shoot,
)
from schedules.optimizer.talent import TalentInstance, TalentResult, holding_cost, solve_talent

# The published talent scheduling instances, kept in the repository (sources in its README).
TALENT_INSTANCES = Path(__file__).resolve().parent / "instances"

__all__ = [
    "TALENT_INSTANCES",
    "ShootCast",
    "ShootDay",
    "ShootProblem",
    "ShootResult",
    "ShootScene",
    "ShootSettings",
    "TalentInstance",
    "TalentResult",
    "evaluate_shoot",
    "explain",
    "holding_cost",
    "optimize_shoot",
    "solve_talent",
]
