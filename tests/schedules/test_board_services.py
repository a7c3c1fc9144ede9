"""Writing the board: saves, day breaks, splits, versions, and every scene kept somewhere."""

from datetime import date, time

import pytest

from core.exceptions import ApplicationError, StaleEdit
from schedules import selectors, services
from schedules.models import BoardChange, Holiday, ShootDay, Strip
from tests.factories import SceneFactory, schedule_build

pytestmark = pytest.mark.django_db

MON, TUE, WED, THU, FRI = (date(2027, 1, d) for d in (11, 12, 13, 14, 15))
NEXT_MON = date(2027, 1, 18)


def board_input(board: selectors.Board, **moves) -> services.BoardInput:
    """Return the board as a client would send it back."""

    def strips(items):
        return [
            services.StripInput(
                kind=s.kind,
                scene=s.scene.pk if s.scene else None,
                part=s.part,
                text=s.text,
                id=s.id,
            )
            for s in items
        ]

    return services.BoardInput(
        days=[services.DayInput(id=d.day.pk, strips=strips(d.strips)) for d in board.days],
        unscheduled=strips(board.unscheduled),
    )


def order(board: selectors.Board) -> list[list[str]]:
    return [[s.label for s in d.strips] for d in board.days] + [
        [s.label for s in board.unscheduled]
    ]


@pytest.fixture
def scenes(production):
    return [SceneFactory(production=production, number=str(n), page_eighths=8) for n in range(1, 7)]


def test_a_new_production_has_every_scene_in_the_boneyard(production, scenes):
    board = selectors.board_for(production)

    assert board.days == []
    assert [s.label for s in board.unscheduled] == ["1", "2", "3", "4", "5", "6"]


def test_saving_moves_strips_between_days_and_records_who_and_what(production, owner, scenes):
    schedule_build(production, {MON: scenes[:2], TUE: scenes[2:4]})
    board = selectors.board_for(production)
    moved = board_input(board)
    mon, tue = moved.days
    moved = services.BoardInput(
        days=[
            services.DayInput(mon.id, [tue.strips[1], mon.strips[0]]),
            services.DayInput(tue.id, [tue.strips[0], mon.strips[1]]),
        ],
        unscheduled=moved.unscheduled,
    )

    version = services.board_save(
        production=production, board=moved, expected_revision=board.revision, by=owner
    )

    assert order(selectors.board_for(production)) == [["4", "1"], ["3", "2"], ["5", "6"]]
    assert version.revision == board.revision + 1
    change = BoardChange.objects.filter(version=version).first()
    assert change.user == owner and change.revision == version.revision
    assert "4 to Day 1" in change.summary and "2 to Day 2" in change.summary
    assert {m["strip"] for m in change.moves} == {"2", "4"}


def test_a_stale_save_is_refused_naming_who_saved_and_changes_nothing(
    production, owner, producer, scenes
):
    schedule_build(production, {MON: scenes[:2]})
    seen = selectors.board_for(production)
    first = board_input(seen)
    first = services.BoardInput(
        days=[services.DayInput(first.days[0].id, first.days[0].strips[::-1])],
        unscheduled=first.unscheduled,
    )
    services.board_save(
        production=production, board=first, expected_revision=seen.revision, by=producer
    )
    saved = order(selectors.board_for(production))

    with pytest.raises(StaleEdit) as refused:
        services.board_save(
            production=production,
            board=board_input(seen),
            expected_revision=seen.revision,
            by=owner,
        )

    assert refused.value.status_code == 412
    assert producer.get_full_name() in refused.value.message
    assert order(selectors.board_for(production)) == saved == [["2", "1"], ["3", "4", "5", "6"]]


def test_scenes_the_client_left_out_go_to_the_boneyard_not_away(production, owner, scenes):
    schedule_build(production, {MON: scenes[:3]})
    board = selectors.board_for(production)
    sent = board_input(board)
    only_one = services.BoardInput(
        days=[services.DayInput(sent.days[0].id, sent.days[0].strips[:1])], unscheduled=[]
    )

    services.board_save(
        production=production, board=only_one, expected_revision=board.revision, by=owner
    )

    assert order(selectors.board_for(production)) == [["1"], ["2", "3", "4", "5", "6"]]


def test_new_scenes_appear_in_the_boneyard_and_omitted_ones_drop_off(production, scenes):
    schedule_build(production, {MON: scenes[:2]})
    scenes[1].omitted = True
    scenes[1].save()
    SceneFactory(production=production, number="7", script_order=99)

    board = selectors.board_for(production)

    assert order(board) == [["1"], ["3", "4", "5", "6", "7"]]


def test_a_board_naming_another_productions_scene_is_refused(
    production, other_production, owner, scenes
):
    schedule_build(production, {MON: scenes[:1]})
    board = selectors.board_for(production)
    stranger = SceneFactory(production=other_production)
    sent = board_input(board)
    bad = services.BoardInput(
        days=[services.DayInput(sent.days[0].id, [services.StripInput(scene=stranger.pk)])]
    )

    with pytest.raises(ApplicationError, match="does not have"):
        services.board_save(
            production=production, board=bad, expected_revision=board.revision, by=owner
        )
    assert order(selectors.board_for(production))[0] == ["1"]


def test_two_days_can_swap_dates_in_one_save(production, owner, scenes):
    schedule_build(production, {MON: scenes[:1], TUE: scenes[1:2]})
    board = selectors.board_for(production)
    sent = board_input(board)
    swapped = services.BoardInput(
        days=[
            services.DayInput(sent.days[0].id, sent.days[0].strips, date=TUE),
            services.DayInput(sent.days[1].id, sent.days[1].strips, date=MON),
        ],
        unscheduled=sent.unscheduled,
    )

    services.board_save(
        production=production, board=swapped, expected_revision=board.revision, by=owner
    )

    after = selectors.board_for(production)
    assert [(d.day.date, d.day.day_number, d.strips[0].label) for d in after.days] == [
        (MON, 1, "2"),
        (TUE, 2, "1"),
    ]


def test_inserting_a_day_moves_it_and_later_days_to_their_next_working_days(
    production, owner, scenes
):
    Holiday.objects.create(production=production, date=NEXT_MON, name="MLK Day")
    schedule_build(production, {WED: scenes[:1], THU: scenes[1:2], FRI: scenes[2:3]})
    thursday = ShootDay.objects.get(date=THU)

    new = services.shoot_day_insert(before=thursday, by=owner)

    days = list(selectors.board_for(production).days)
    assert new.date == THU
    # Friday's day skips the weekend and the holiday on Monday.
    assert [(d.day.date, d.day.day_number, [s.label for s in d.strips]) for d in days] == [
        (WED, 1, ["1"]),
        (THU, 2, []),
        (FRI, 3, ["2"]),
        (date(2027, 1, 19), 4, ["3"]),
    ]


def test_removing_a_day_sends_its_scenes_to_the_boneyard(production, owner, scenes):
    schedule_build(production, {MON: scenes[:2], TUE: scenes[2:3]})

    services.shoot_day_remove(day=ShootDay.objects.get(date=MON), by=owner)

    board = selectors.board_for(production)
    assert [(d.day.date, d.day.day_number) for d in board.days] == [(TUE, 1)]
    assert [s.label for s in board.unscheduled] == ["4", "5", "6", "1", "2"]


def test_a_new_day_defaults_to_the_next_working_day_and_the_settings_calls(production, owner):
    production.start_date = date(2027, 1, 9)  # a Saturday
    production.save()

    first = services.shoot_day_add(production=production, by=owner)
    second = services.shoot_day_add(production=production, by=owner)

    assert (first.date, second.date) == (MON, TUE)
    assert first.general_call == time(7, 0) and first.estimated_wrap == time(19, 0)


def test_a_second_day_on_the_same_date_is_refused_in_words(production, owner):
    services.shoot_day_add(production=production, by=owner, date=MON)

    with pytest.raises(ApplicationError, match="already a shoot day"):
        services.shoot_day_add(production=production, by=owner, date=MON)


def test_splitting_days_every_two_pages_rebuilds_the_breaks_in_order(production, owner, scenes):
    schedule_build(production, {MON: scenes[:5]})

    services.days_split(production=production, by=owner, every_eighths=16)

    board = selectors.board_for(production)
    assert order(board) == [["1", "2"], ["3", "4"], ["5"], ["6"]]
    assert [d.day.date for d in board.days] == [MON, TUE, WED]


def test_splitting_days_by_time_uses_the_scenes_minutes(production, owner, scenes):
    for scene in scenes:
        scene.estimated_minutes = 200
        scene.save()
    schedule_build(production, {MON: scenes[:4]})

    services.days_split(production=production, by=owner, every_minutes=7 * 60)

    assert order(selectors.board_for(production))[:2] == [["1", "2"], ["3", "4"]]


def test_a_banner_travels_with_the_strip_after_it_when_days_are_split(production, owner, scenes):
    schedule_build(production, {MON: scenes[:2]})
    mon = ShootDay.objects.get(date=MON)
    banner = services.banner_add(production=production, by=owner, text="Company move", day=mon)
    board = selectors.board_for(production)
    sent = board_input(board)
    strips = list(sent.days[0].strips)
    reordered = services.BoardInput(
        days=[services.DayInput(mon.pk, [strips[0], strips[2], strips[1]])],
        unscheduled=sent.unscheduled,
    )
    services.board_save(
        production=production, board=reordered, expected_revision=board.revision, by=owner
    )

    services.days_split(production=production, by=owner, every_eighths=8)

    assert order(selectors.board_for(production))[:2] == [["1"], ["Company move", "2"]]
    assert Strip.objects.get(pk=banner.pk).kind == Strip.Kind.BANNER


def test_splitting_a_scene_makes_parts_that_share_its_pages(production, owner):
    long_scene = SceneFactory(production=production, number="23", page_eighths=19)
    schedule_build(production, {MON: [long_scene]})
    strip = Strip.objects.get(scene=long_scene)

    services.strip_split(strip=strip, parts=2, by=owner)

    day = selectors.board_for(production).days[0]
    assert [(s.label, s.eighths) for s in day.strips] == [("23 pt 1", 10), ("23 pt 2", 9)]
    assert day.eighths == 19


def test_parts_can_go_to_different_days_and_be_joined_again(production, owner):
    long_scene = SceneFactory(production=production, number="23", page_eighths=16)
    schedule_build(production, {MON: [long_scene], TUE: []})
    services.strip_split(strip=Strip.objects.get(scene=long_scene), parts=2, by=owner)
    board = selectors.board_for(production)
    sent = board_input(board)
    moved = services.BoardInput(
        days=[
            services.DayInput(sent.days[0].id, sent.days[0].strips[:1]),
            services.DayInput(sent.days[1].id, sent.days[0].strips[1:]),
        ]
    )
    services.board_save(
        production=production, board=moved, expected_revision=board.revision, by=owner
    )
    assert order(selectors.board_for(production))[:2] == [["23 pt 1"], ["23 pt 2"]]

    services.strip_join(strip=Strip.objects.get(scene=long_scene, part=2), by=owner)

    assert order(selectors.board_for(production))[:2] == [["23"], []]


def test_a_one_eighth_scene_cannot_be_split(production, owner):
    short = SceneFactory(production=production, number="9", page_eighths=1)
    schedule_build(production, {MON: [short]})

    with pytest.raises(ApplicationError, match="cannot be split"):
        services.strip_split(strip=Strip.objects.get(scene=short), parts=2, by=owner)


def test_save_as_copies_the_board_and_activating_it_changes_the_board(production, owner, scenes):
    schedule_build(production, {MON: scenes[:2]})
    original = selectors.active_version(production)

    copy = services.version_save_as(production=production, name="Blue", by=owner)
    assert not copy.is_active
    assert [d.uid for d in copy.days.all()] == [d.uid for d in original.days.all()]

    services.version_activate(version=copy, by=owner)
    services.shoot_day_remove(day=copy.days.get(), by=owner)

    assert selectors.active_version(production) == copy
    assert order(selectors.board_for(production)) == [["3", "4", "5", "6", "1", "2"]]
    assert order(selectors.board_for(production, version=original))[0] == ["1", "2"]


def test_activating_another_version_makes_a_board_loaded_before_stale(production, owner, scenes):
    schedule_build(production, {MON: scenes[:2]})
    seen = selectors.board_for(production)
    copy = services.version_save_as(production=production, name="Blue", by=owner)
    services.version_activate(version=copy, by=owner)

    with pytest.raises(StaleEdit):
        services.board_save(
            production=production,
            board=board_input(seen),
            expected_revision=seen.revision,
            by=owner,
        )


def test_comparing_versions_names_the_scenes_that_moved_and_the_days_that_changed(
    production, owner, scenes
):
    schedule_build(production, {MON: scenes[:2], TUE: scenes[2:3]})
    original = selectors.active_version(production)
    copy = services.version_save_as(production=production, name="Blue", by=owner, activate=True)
    tuesday = copy.days.get(date=TUE)
    services.shoot_day_update(day=tuesday, by=owner, scenes=[scenes[2].pk, scenes[1].pk])
    services.shoot_day_update(day=tuesday, by=owner, date=WED)

    comparison = selectors.versions_compare(original, copy)

    assert [(m.label, m.before, m.after) for m in comparison.moved] == [
        ("2", "Day 1 (Mon 11 Jan)", "Day 2 (Wed 13 Jan)")
    ]
    assert [(d.label, d.change) for d in comparison.days] == [
        ("Day 2 (Wed 13 Jan)", "moved from Tue 12 Jan")
    ]


def test_only_one_version_is_ever_active(production, owner, scenes):
    schedule_build(production, {MON: scenes[:1]})
    copy = services.version_save_as(production=production, name="Blue", by=owner, activate=True)
    services.version_save_as(production=production, name="Pink", by=owner, activate=True)

    assert production.schedule_versions.filter(is_active=True).count() == 1
    assert selectors.active_version(production).name == "Pink"
    assert copy.pk != selectors.active_version(production).pk
