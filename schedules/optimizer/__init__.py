"""The schedule optimizer: plain Python, no Django, so it can be tested and reused on its own.

``talent`` solves the pure talent scheduling problem exactly; ``shoot`` reorders a real shoot
(days, capacities, locations, availability) by large-neighbourhood search.
"""

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

__all__ = [
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
