"""The budget's arithmetic, on plain values (no Django), as the contract states it.

- subtotal = amount × x × rate, rounded half-up to the cent at the line;
- a percent fringe adds rate % of the subtotal, its base capped by the fringe's cutoff summed
  over the budget's lines of the same person (a line without a person is its own), lines taken
  in budget order (account number, then line order);
- a flat fringe adds rate × amount × x;
- total = subtotal + fringes; a contractual charge is its percent of the totals of the chosen
  sections, less excluded accounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def cents(value: Decimal) -> Decimal:
    """Round half-up to the currency's minor unit."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FringeRule:
    id: int
    kind: str  # "percent" or "flat"
    rate: Decimal
    cutoff: Decimal | None = None


@dataclass
class LineInput:
    id: int
    amount: Decimal
    x: Decimal
    rate: Decimal
    person_id: int | None = None
    fringe_ids: Sequence[int] = ()


@dataclass
class LineResult:
    subtotal: Decimal
    fringes: dict[int, Decimal] = field(default_factory=dict)

    @property
    def fringe_total(self) -> Decimal:
        return sum(self.fringes.values(), ZERO)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.fringe_total


def compute_lines(
    lines: Iterable[LineInput], fringes: dict[int, FringeRule]
) -> dict[int, LineResult]:
    """Return each line's subtotal and fringes, lines given in budget order."""
    used: dict[tuple[int, object], Decimal] = {}
    results: dict[int, LineResult] = {}
    for line in lines:
        subtotal = cents(line.amount * line.x * line.rate)
        result = LineResult(subtotal)
        owner = ("person", line.person_id) if line.person_id else ("line", line.id)
        for fringe_id in line.fringe_ids:
            rule = fringes.get(fringe_id)
            if rule is None:
                continue
            if rule.kind == "flat":
                result.fringes[fringe_id] = cents(rule.rate * line.amount * line.x)
                continue
            base = subtotal
            if rule.cutoff is not None:
                key = (fringe_id, owner)
                already = used.get(key, ZERO)
                base = max(min(subtotal, rule.cutoff - already), ZERO)
                used[key] = already + base
            result.fringes[fringe_id] = cents(base * rule.rate / HUNDRED)
        results[line.id] = result
    return results


@dataclass(frozen=True)
class ChargeRule:
    id: int
    percent: Decimal
    sections: Sequence[str]
    excluded_accounts: Sequence[int] = ()


def charge_total(
    rule: ChargeRule, account_totals: dict[int, Decimal], account_sections: dict[int, str]
) -> Decimal:
    """Return a charge: its percent of the chosen sections' accounts, less exclusions."""
    base = sum(
        (
            total
            for account_id, total in account_totals.items()
            if account_sections.get(account_id) in rule.sections
            and account_id not in rule.excluded_accounts
        ),
        ZERO,
    )
    return cents(base * rule.percent / HUNDRED)
