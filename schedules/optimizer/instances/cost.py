#!/usr/bin/env python3
"""Print the holding cost of a scene order for a talent scheduling instance.

Usage: cost.py INSTANCE.json ORDER   (ORDER: comma-separated 1-based positions or scene names)
"""

import json
import sys


def holding_cost(instance: dict, order: list[int]) -> int:
    """Return the holding cost of `order`, a permutation of 0-based scene indices."""
    n = len(instance["scenes"])
    if sorted(order) != list(range(n)):
        raise ValueError(f"the order must name each of the {n} scenes exactly once")
    start, day = {}, 0
    for s in order:
        start[s] = day
        day += instance["duration"][s]
    total = 0
    for i, row in enumerate(instance["plays"]):
        played = [s for s in range(n) if row[s]]
        if not played:
            continue
        first = min(start[s] for s in played)
        last = max(start[s] + instance["duration"][s] for s in played)
        working = sum(instance["duration"][s] for s in played)
        total += instance["cost"][i] * (last - first - working)
    return total


def parse_order(instance: dict, text: str) -> list[int]:
    names = instance["scenes"]
    order = []
    for item in text.split(","):
        item = item.strip()
        order.append(names.index(item) if item in names else int(item) - 1)
    return order


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        inst = json.load(f)
    print(holding_cost(inst, parse_order(inst, sys.argv[2])))
