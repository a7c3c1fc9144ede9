"""The candidate's and the offer's states: every allowed move, every refused one in words."""

import pytest

from casting import services
from casting.models import Candidate, Offer
from core.exceptions import ApplicationError
from tests.casting.conftest import held

pytestmark = pytest.mark.django_db
S = Candidate.Status

# From each state, where the board may move a candidate (offered and booked come from offers).
ALLOWED = {
    S.CONSIDERING: {S.SHORTLISTED, S.RELEASED},
    S.SHORTLISTED: {S.CALLBACK, S.RELEASED},
    S.CALLBACK: {S.PINNED, S.ON_AVAIL, S.ON_HOLD, S.RELEASED},
    S.PINNED: {S.ON_AVAIL, S.ON_HOLD, S.RELEASED},
    S.ON_AVAIL: {S.PINNED, S.ON_HOLD, S.RELEASED},
    S.ON_HOLD: {S.PINNED, S.ON_AVAIL, S.RELEASED},
    S.OFFERED: {S.RELEASED},
    S.RELEASED: set(),
}


def _at(candidate: Candidate, status: str) -> Candidate:
    Candidate.objects.filter(pk=candidate.pk).update(status=status)
    candidate.refresh_from_db()
    return candidate


@pytest.mark.parametrize("source", list(ALLOWED))
@pytest.mark.parametrize("target", [s for s in S if s not in (S.BOOKED,)])
def test_every_board_move_is_allowed_or_refused_in_words(candidate, source, target):
    candidate = _at(candidate, source)
    if target == source:
        return
    if target in ALLOWED[source]:
        moved = services.candidate_move(candidate=candidate, status=target)
        assert moved.status == target
        assert Candidate.objects.get(pk=candidate.pk).status == target
    else:
        with pytest.raises(ApplicationError) as refused:
            services.candidate_move(candidate=candidate, status=target)
        assert refused.value.status_code == 409
        assert "cannot move" in refused.value.message or "offer" in refused.value.message
        assert Candidate.objects.get(pk=candidate.pk).status == source


def test_a_refusal_names_where_the_candidate_can_go(candidate):
    with pytest.raises(ApplicationError) as refused:
        services.candidate_move(candidate=candidate, status="callback")
    assert refused.value.message == (
        "June Park is considering and cannot move to callback; "
        "from here they can move to shortlisted, released."
    )


def test_booking_without_an_accepted_offer_is_refused(candidate):
    candidate = _at(candidate, S.OFFERED)
    with pytest.raises(ApplicationError, match="only by accepting an offer"):
        services.candidate_move(candidate=candidate, status="booked")
    assert Candidate.objects.get(pk=candidate.pk).status == S.OFFERED
    assert not candidate.has_accepted_offer()


def test_a_booked_candidate_is_released_only_through_release_booking(candidate):
    candidate = _at(candidate, S.BOOKED)
    with pytest.raises(ApplicationError, match="release booking"):
        services.candidate_move(candidate=candidate, status="released")
    assert Candidate.objects.get(pk=candidate.pk).status == S.BOOKED


def test_bulk_move_is_all_or_nothing(role, candidate):
    from tests.factories import PersonFactory

    other = services.candidate_add(role=role, person=PersonFactory(name="Zed"))
    services.candidate_move(candidate=other, status="shortlisted")
    with pytest.raises(ApplicationError):
        services.candidates_bulk_move(
            role=role, candidate_ids=[candidate.pk, other.pk], status="callback"
        )
    assert Candidate.objects.get(pk=candidate.pk).status == S.CONSIDERING
    assert Candidate.objects.get(pk=other.pk).status == S.SHORTLISTED
    moved = services.candidates_bulk_move(
        role=role, candidate_ids=[candidate.pk, other.pk], status="released", message="Thanks!"
    )
    assert {c.status for c in moved} == {S.RELEASED}
    assert Candidate.objects.get(pk=other.pk).release_message == "Thanks!"


# ---------------------------------------------------------------- offers


@pytest.fixture
def offer(production, candidate, owner):
    return services.offer_create(
        production=production, candidate=held(candidate), by=owner, rate="900.00"
    )


def test_an_offer_defaults_to_the_roles_work_days(offer):
    assert offer.guaranteed_days == 2
    assert str(offer.start_date) == "2027-01-14"
    assert str(offer.end_date) == "2027-01-22"
    assert offer.status == Offer.Status.DRAFT


def test_an_offer_cannot_go_to_a_candidate_still_under_consideration(production, role, owner):
    from tests.factories import PersonFactory

    fresh = services.candidate_add(role=role, person=PersonFactory(name="New Face"))
    with pytest.raises(ApplicationError, match="offers go to candidates"):
        services.offer_create(production=production, candidate=fresh, by=owner, rate="1")
    assert not Offer.objects.exists()


def test_an_unapproved_offer_cannot_be_sent(offer, owner):
    with pytest.raises(ApplicationError, match="not approved yet"):
        services.offer_send(offer=offer, by=owner)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert offer.candidate.status == S.ON_HOLD


def test_only_owners_and_producers_approve(offer, casting_member, production):
    membership = production.memberships.get(user=casting_member)
    with pytest.raises(ApplicationError) as refused:
        services.offer_approve(offer=offer, by=casting_member, membership=membership)
    assert refused.value.status_code == 403
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT and offer.approved_by is None


def _approved(offer, owner, production):
    membership = production.memberships.get(user=owner)
    return services.offer_approve(offer=offer, by=owner, membership=membership)


def test_the_offers_path_is_kept_in_its_history(offer, owner, production):
    offer = _approved(offer, owner, production)
    offer = services.offer_send(offer=offer, by=owner)
    assert Candidate.objects.get(pk=offer.candidate_id).status == S.OFFERED
    offer = services.offer_answer(offer=offer, answer="countered", by=owner, rate="1100.00")
    assert offer.status == Offer.Status.COUNTERED and offer.rate == 1100
    offer = _approved(offer, owner, production)
    offer = services.offer_send(offer=offer, by=owner)
    offer = services.offer_answer(offer=offer, answer="declined", by=owner)
    assert [e.status for e in offer.history.all()] == [
        "draft", "approved", "sent", "countered", "approved", "sent", "declined",
    ]  # fmt: skip
    assert offer.history.all()[3].terms["rate"] == "1100.00"
    assert Candidate.objects.get(pk=offer.candidate_id).status == S.ON_HOLD


@pytest.mark.parametrize(
    "status,refused",
    [
        ("draft", ["send", "accepted", "countered", "declined"]),
        ("approved", ["approve", "accepted", "countered", "declined"]),
        ("sent", ["approve", "send"]),
        ("accepted", ["approve", "send", "accepted", "countered", "declined", "withdrawn"]),
        ("declined", ["approve", "send", "accepted", "countered", "declined", "withdrawn"]),
        ("withdrawn", ["approve", "send", "accepted", "countered", "declined", "withdrawn"]),
    ],
)
def test_offer_steps_the_state_does_not_allow_change_nothing(
    offer, owner, production, status, refused
):  # noqa: E501
    Offer.objects.filter(pk=offer.pk).update(status=status)
    membership = production.memberships.get(user=owner)
    for step in refused:
        offer.refresh_from_db()
        with pytest.raises(ApplicationError):
            if step == "approve":
                services.offer_approve(offer=offer, by=owner, membership=membership)
            elif step == "send":
                services.offer_send(offer=offer, by=owner)
            else:
                services.offer_answer(offer=offer, answer=step, by=owner)
        assert Offer.objects.get(pk=offer.pk).status == status


def test_withdrawing_a_sent_offer_holds_the_candidate_again(offer, owner, production):
    offer = services.offer_send(offer=_approved(offer, owner, production), by=owner)
    offer = services.offer_answer(offer=offer, answer="withdrawn", by=owner)
    assert offer.status == Offer.Status.WITHDRAWN
    assert Candidate.objects.get(pk=offer.candidate_id).status == S.ON_HOLD
