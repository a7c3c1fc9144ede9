"""Page counts in eighths: the one implementation lives in ``productions.eighths`` (pure
Python, and productions is below schedules), re-exported here for the schedule's modules."""

from productions.eighths import format_eighths, parse_eighths

__all__ = ["format_eighths", "parse_eighths"]
