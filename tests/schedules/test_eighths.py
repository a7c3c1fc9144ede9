"""Page counts in eighths, written and read the way the trade writes them."""

import pytest

from schedules.eighths import format_eighths, parse_eighths

WRITTEN = [(0, "0"), (1, "1/8"), (3, "3/8"), (8, "1"), (11, "1 3/8"), (19, "2 3/8"), (80, "10")]


@pytest.mark.parametrize(("eighths", "pages"), WRITTEN)
def test_eighths_are_written_as_whole_pages_and_eighths(eighths: int, pages: str) -> None:
    assert format_eighths(eighths) == pages


@pytest.mark.parametrize(("eighths", "pages"), WRITTEN)
def test_a_written_page_count_reads_back_as_the_same_eighths(eighths: int, pages: str) -> None:
    assert parse_eighths(pages) == eighths


def test_fractions_are_never_reduced() -> None:
    assert format_eighths(4) == "4/8"
    assert format_eighths(12) == "1 4/8"


def test_surrounding_and_repeated_spaces_are_forgiven() -> None:
    assert parse_eighths("  2   3/8 ") == 19


def test_every_count_up_to_twenty_pages_reads_back_unchanged() -> None:
    assert all(parse_eighths(format_eighths(n)) == n for n in range(161))


@pytest.mark.parametrize(
    "text",
    ["", "one", "3/4", "1/2", "2 3", "1 3/8 pages", "-1", "1.5", "2 3/8/8", "٣/8", "1 + 3/8"],
)
def test_a_page_count_that_is_not_pages_and_eighths_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a page count"):
        parse_eighths(text)


@pytest.mark.parametrize("text", ["0/8", "8/8", "1 9/8"])
def test_eighths_outside_one_to_seven_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="the eighths must be 1/8 to 7/8"):
        parse_eighths(text)


def test_a_negative_count_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        format_eighths(-3)


def test_only_whole_eighths_can_be_written() -> None:
    with pytest.raises(TypeError):
        format_eighths(2.5)  # type: ignore[arg-type]
