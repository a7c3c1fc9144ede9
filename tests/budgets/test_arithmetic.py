"""The budget's arithmetic against hand-computed examples (plain values, no database)."""

from decimal import Decimal as D

import pytest

from budgets.arithmetic import ChargeRule, FringeRule, LineInput, cents, charge_total, compute_lines
from budgets.formulas import FormulaError, evaluate, evaluate_globals


def test_subtotal_is_amount_times_x_times_rate_rounded_half_up_at_the_cent():
    results = compute_lines(
        [
            LineInput(1, D("3"), D("2"), D("125.555")),  # 753.33
            LineInput(2, D("1"), D("1"), D("0.125")),  # 0.13: half-up, not banker's 0.12
            LineInput(3, D("1"), D("1"), D("0.005")),
            LineInput(4, D("12.5"), D("1"), D("40")),  # hours
        ],
        {},
    )
    assert [results[i].subtotal for i in (1, 2, 3, 4)] == [
        D("753.33"),
        D("0.13"),
        D("0.01"),
        D("500.00"),
    ]


def test_a_percent_fringe_stops_at_the_cutoff_reached_across_two_lines_of_one_person():
    pension = FringeRule(7, "percent", D("10"), cutoff=D("1000"))
    results = compute_lines(
        [
            LineInput(1, D("8"), D("1"), D("100"), person_id=5, fringe_ids=[7]),  # 800: 80
            LineInput(2, D("5"), D("1"), D("100"), person_id=5, fringe_ids=[7]),  # 200 left: 20
            LineInput(3, D("5"), D("1"), D("100"), person_id=6, fringe_ids=[7]),  # own cap: 50
            LineInput(4, D("20"), D("1"), D("100"), fringe_ids=[7]),  # no person: capped 100
        ],
        {7: pension},
    )
    assert [results[i].fringe_total for i in (1, 2, 3, 4)] == [
        D("80.00"),
        D("20.00"),
        D("50.00"),
        D("100.00"),
    ]
    assert results[2].total == D("520.00")


def test_a_flat_fringe_adds_its_rate_per_unit_of_amount_times_x():
    per_hour = FringeRule(3, "flat", D("8.5"))
    results = compute_lines([LineInput(1, D("10"), D("2"), D("30"), fringe_ids=[3])], {3: per_hour})
    assert results[1].subtotal == D("600.00")
    assert results[1].fringe_total == D("170.00")
    assert results[1].total == D("770.00")


def test_a_contractual_charge_takes_its_percent_of_chosen_sections_less_excluded_accounts():
    totals = {1: D("1000.00"), 2: D("2000.00"), 3: D("500.00"), 4: D("999.99")}
    sections = {1: "production", 2: "production", 3: "post", 4: "above_the_line"}
    contingency = ChargeRule(1, D("10"), ["production", "post"], excluded_accounts=[2])
    assert charge_total(contingency, totals, sections) == D("150.00")
    bond = ChargeRule(2, D("2.5"), ["above_the_line"])
    assert charge_total(bond, totals, sections) == D("25.00")  # 24.99975 rounds half-up


def test_cents_round_half_up():
    assert cents(D("2.675")) == D("2.68")
    assert cents(D("-2.675")) == D("-2.68")


def test_formulas_are_decimal_and_use_globals():
    assert evaluate("SHOOT_DAYS * 1.1", {"SHOOT_DAYS": D("22")}) == D("24.2")
    assert evaluate("PREP_WEEKS + 2", {"PREP_WEEKS": D("4")}) == D("6")
    assert evaluate("0.1 + 0.2", {}) == D("0.3")  # never the float 0.30000000000000004
    assert evaluate("1,250.50", {}) == D("1250.50")


def test_nested_globals_evaluate_in_dependency_order():
    values = evaluate_globals(
        {"WEEKS": "DAYS / 5", "DAYS": "SHOOT_DAYS + PREP", "PREP": "3"}, {"SHOOT_DAYS": D("22")}
    )
    assert values["WEEKS"] == D("5")


@pytest.mark.parametrize(
    ("formula", "words"),
    [
        ("SHOOT_DAYZ * 2", "unknown name SHOOT_DAYZ"),
        ("2 +* 3", "breaks at character"),
        ("__import__('os')", "Only min, max and round"),
        ("9 ** 9 ** 9", "something other than numbers"),
        ("1 / 0", "divides by zero"),
        ("'text'", "only contain numbers"),
        ("1 + " * 60 + "1", "at most 200 characters"),
    ],
)
def test_a_bad_formula_is_refused_in_words(formula, words):
    with pytest.raises(FormulaError) as error:
        evaluate(formula, {"SHOOT_DAYS": D("1")})
    assert words in str(error.value)


def test_a_cycle_of_globals_is_refused_naming_it():
    with pytest.raises(FormulaError) as error:
        evaluate_globals({"A": "B + 1", "B": "C * 2", "C": "A"}, {})
    assert "A → B → C → A" in str(error.value)
