"""Page counts in eighths of a page, written the way the trade writes them.

A script page is divided into eighths: a scene of 19 eighths is "2 3/8" pages. Fractions are
never reduced ("4/8", not "1/2") because producers add them up by eye on the stripboard.
Pure Python, no Django: ``schedules.eighths`` re-exports these so both apps write pages alike.
"""

import re

# [0-9], not \d: int() would happily read Arabic-Indic or full-width digits.
_EIGHTHS = re.compile(r"(?:(?P<whole>[0-9]+)(?: +(?P<num>[0-9]+)/8)?|(?P<lone>[0-9]+)/8)")


def format_eighths(n: int) -> str:
    """Return `n` eighths as pages: 0 -> "0", 3 -> "3/8", 8 -> "1", 19 -> "2 3/8"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"eighths must be an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"eighths cannot be negative: {n}")
    whole, rest = divmod(n, 8)
    if rest == 0:
        return str(whole)
    if whole == 0:
        return f"{rest}/8"
    return f"{whole} {rest}/8"


def parse_eighths(text: str) -> int:
    """Return the number of eighths in a page count such as "1", "3/8" or "2 3/8"."""
    match = _EIGHTHS.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"{text!r} is not a page count: write whole pages and eighths, "
            'such as "1", "3/8" or "2 3/8"'
        )
    numerator = match["num"] or match["lone"]
    if numerator is not None and not 1 <= int(numerator) <= 7:
        raise ValueError(
            f"{text!r} is not a page count: the eighths must be 1/8 to 7/8 "
            '(write "1" for a whole page)'
        )
    whole = int(match["whole"] or 0)
    return whole * 8 + int(numerator or 0)
