"""Formulas in budget cells and globals: ``SHOOT_DAYS * 1.1``, ``PREP_WEEKS + 2``.

Evaluated by simpleeval with every number a ``Money``-safe ``Decimal`` (never a float), names
limited to the budget's globals, and limits on length, size and magnitude so a formula cannot
run long: only + - * /, parentheses, unary minus and ``min``/``max``/``round`` are allowed, so
the work is bounded by the length of the text. Plain Python, no Django.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Mapping
from decimal import Decimal

from simpleeval import SimpleEval

MAX_LENGTH = 200
MAX_NODES = 80
LIMIT = Decimal("1e13")
PLACES = Decimal("0.0001")
_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_UP, Emax=40, Emin=-40)
_ALLOWED = (
    ast.Expression,
    ast.Expr,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Call,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)


class FormulaError(ValueError):
    """A formula that cannot be evaluated, with the reason in words."""


class Number(Decimal):
    """A formula's number: a Decimal whose arithmetic stays Decimal."""


def _round(value, places=0):
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=decimal.ROUND_HALF_UP)


FUNCTIONS = {"min": min, "max": max, "round": _round}


def is_formula(text: str) -> bool:
    """Return whether ``text`` is more than a plain number."""
    try:
        Decimal(text.strip().replace(",", ""))
    except (decimal.InvalidOperation, ValueError):
        return bool(text.strip())
    return False


def names_in(text: str) -> set[str]:
    """Return the names a formula refers to (empty when it does not parse)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS
    }


def _check_shape(text: str) -> ast.Expression:
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"A formula can be at most {MAX_LENGTH} characters long.")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        column = (error.offset or 1) if error.offset else 1
        raise FormulaError(
            f"The formula “{text}” does not read as arithmetic: it breaks at character {column}."
        ) from error
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError("The formula is too long to evaluate; split it with a global.")
    for node in nodes:
        if not isinstance(node, _ALLOWED):
            raise FormulaError(
                f"The formula “{text}” uses something other than numbers, names, + - * / "
                "and min, max, round."
            )
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise FormulaError(f"The formula “{text}” may only contain numbers and names.")
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            raise FormulaError(f"The formula “{text}” may only contain numbers and names.")
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and not node.keywords
        ):
            raise FormulaError("Only min, max and round can be called in a formula.")
    return tree


class _Evaluator(SimpleEval):
    def __init__(self, source: str, names: Mapping[str, Decimal]):
        super().__init__(functions=FUNCTIONS, names=dict(names))
        self.source = source
        self.nodes[ast.Constant] = self._decimal_constant

    def _decimal_constant(self, node):
        # The literal's own digits, so 1.1 is exactly 1.1 and never the float 1.1000000000000001.
        return Number(ast.get_source_segment(self.source, node) or str(node.value))


def evaluate(text: str, names: Mapping[str, Decimal]) -> Decimal:
    """Return the value of ``text`` over ``names``, or raise ``FormulaError`` in words."""
    text = (text or "").strip()
    if not text:
        return Decimal("0")
    plain = text.replace(",", "")
    try:
        value = Decimal(plain)
    except decimal.InvalidOperation:
        value = None
    if value is not None:
        if not value.is_finite() or abs(value) >= LIMIT:
            raise FormulaError("The number is too large for a budget.")
        return _places(value)
    tree = _check_shape(text)
    unknown = sorted(names_in(text) - set(names))
    if unknown:
        listed = ", ".join(unknown)
        word = "name" if len(unknown) == 1 else "names"
        raise FormulaError(
            f"The formula “{text}” uses the unknown {word} {listed}; "
            "use a global of this budget (or add one)."
        )
    evaluator = _Evaluator(text, {k: Decimal(v) for k, v in names.items()})
    try:
        with decimal.localcontext(_CONTEXT):
            result = evaluator.eval(text, previously_parsed=tree.body)
            result = Decimal(result)
    except ZeroDivisionError as error:
        raise FormulaError(f"The formula “{text}” divides by zero.") from error
    except (decimal.DivisionByZero, decimal.DivisionUndefined) as error:
        raise FormulaError(f"The formula “{text}” divides by zero.") from error
    except (decimal.InvalidOperation, decimal.Overflow, ArithmeticError, TypeError) as error:
        raise FormulaError(f"The formula “{text}” cannot be evaluated.") from error
    if not result.is_finite() or abs(result) >= LIMIT:
        raise FormulaError(f"The formula “{text}” gives a number too large for a budget.")
    return _places(result)


def _places(value: Decimal) -> Decimal:
    # Cells and globals keep four decimal places (a third of a week is 0.3333), as stored.
    return value.quantize(PLACES, rounding=decimal.ROUND_HALF_UP)


def evaluate_globals(
    formulas: Mapping[str, str], fixed: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Evaluate globals that may refer to each other and to ``fixed`` ones; refuse cycles."""
    values: dict[str, Decimal] = dict(fixed)
    visiting: list[str] = []

    def value_of(name: str) -> Decimal:
        if name in values:
            return values[name]
        if name in visiting:
            cycle = " → ".join([*visiting[visiting.index(name) :], name])
            raise FormulaError(f"The globals refer to each other in a circle: {cycle}.")
        visiting.append(name)
        for needed in names_in(formulas[name]):
            if needed in formulas:
                value_of(needed)
        visiting.pop()
        try:
            values[name] = evaluate(formulas[name], values)
        except FormulaError as error:
            raise FormulaError(f"{name}: {error}") from error
        return values[name]

    for name in formulas:
        value_of(name)
    return values
