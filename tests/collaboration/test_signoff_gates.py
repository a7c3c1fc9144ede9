"""The gates a producer can turn on: an offer is not sent, and a call sheet not published,
until the producers have signed off the version about to go out; any edit of what goes out
(an offer's terms, a call sheet's rows) makes the sign-off "changed since approved"."""

import datetime

import pytest

from callsheets.models import CallSheet, CallSheetVersion
from callsheets.services import (
    CastTimes,
    callsheet_cast_set,
    callsheet_publish,
    callsheet_update,
)
from casting import services as casting
from casting.models import Candidate, Offer
from collaboration.models import Approval, ProductionPolicy
from core.exceptions import ApplicationError
from tests.conftest import client_for
from tests.factories import CharacterFactory, PersonFactory, scene_with, schedule_build

pytestmark = pytest.mark.django_db
URL = "/api/v1/productions/long-night/approvals/"
DAY = datetime.date(2027, 1, 14)


def ask(user, on, approvers):
    response = client_for(user).post(URL, {"on": on, "approvers": approvers}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def decide(user, approval, decision="approved"):
    response = client_for(user).post(f"{URL}{approval['id']}/decide/", {"decision": decision})
    assert response.status_code == 200, response.json()
    return response.json()


def status_of(user, approval) -> str:
    listed = client_for(user).get(URL).json()["results"]
    return next(a["status"] for a in listed if a["id"] == approval["id"])


# ---------------------------------------------------------------- the offer


@pytest.fixture
def waitress(production, owner):
    character = CharacterFactory(production=production, name="WAITRESS", cast_id="7")
    schedule_build(production, {DAY: [scene_with(production, character, number="10")]}, by=owner)
    return character


@pytest.fixture
def offer(production, owner, waitress):
    role = casting.role_create(production=production, character=waitress)
    person = PersonFactory(name="June Park", email="june@example.com")
    candidate = casting.candidate_add(role=role, person=person, source=Candidate.Source.AGENT)
    for status in ("shortlisted", "callback", "on_hold"):
        candidate = casting.candidate_move(candidate=candidate, status=status)
    ProductionPolicy.objects.create(production=production, signoff_before_offer=True)
    return casting.offer_create(production=production, candidate=candidate, by=owner, rate=900)


def approve_offer(production, owner, offer):
    membership = production.memberships.get(user=owner)
    return casting.offer_approve(offer=offer, by=owner, membership=membership)


def test_an_offer_is_not_sent_without_the_producers_sign_off(production, owner, offer):
    offer = approve_offer(production, owner, offer)
    with pytest.raises(ApplicationError, match="This offer needs an approved sign-off") as refused:
        casting.offer_send(offer=offer, by=owner)
    assert refused.value.status_code == 409
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED
    assert offer.candidate.status == Candidate.Status.ON_HOLD


def test_an_offer_signed_off_as_a_draft_is_sent_once_approved(
    production, owner, producer, offer, django_capture_on_commit_callbacks
):
    """Approving and sending move the offer along; they are not changes to its terms."""
    approval = ask(owner, f"offer:{offer.pk}", ["producer1"])
    assert decide(producer, approval)["status"] == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        offer = approve_offer(production, owner, offer)
        offer = casting.offer_send(offer=offer, by=owner)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SENT
    assert status_of(owner, approval) == "approved"


def test_changing_the_terms_after_sign_off_refuses_the_send_again(
    production, owner, producer, offer, django_capture_on_commit_callbacks
):
    approval = ask(owner, f"offer:{offer.pk}", ["producer1"])
    decide(producer, approval)
    with django_capture_on_commit_callbacks(execute=True):
        offer = casting.offer_update(offer=offer, by=owner, rate=1200)
    assert status_of(owner, approval) == "changed"
    offer = approve_offer(production, owner, offer)
    with pytest.raises(ApplicationError, match="needs an approved sign-off before it is sent"):
        casting.offer_send(offer=offer, by=owner)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.APPROVED
    # A new sign-off of the new terms lets it go.
    decide(producer, ask(owner, f"offer:{offer.pk}", ["producer1"]))
    assert casting.offer_send(offer=offer, by=owner).status == Offer.Status.SENT


# ---------------------------------------------------------------- the call sheet


@pytest.fixture
def sheet(production, owner):
    character = CharacterFactory(production=production, name="MAYA", cast_id="1")
    schedule_build(production, {DAY: [scene_with(production, character, number="3")]}, by=owner)
    ProductionPolicy.objects.create(production=production, signoff_before_publish=True)
    return CallSheet.objects.create(production=production, date=DAY), character


def test_a_call_sheet_signed_off_is_published(owner, producer, sheet):
    callsheet, _ = sheet
    with pytest.raises(ApplicationError, match="call sheet needs an approved sign-off"):
        callsheet_publish(callsheet=callsheet, by=owner, send=False)
    decide(producer, ask(owner, f"callsheet:{callsheet.pk}", ["producer1"]))
    assert callsheet_publish(callsheet=callsheet, by=owner, send=False).number == 1


@pytest.mark.parametrize("edit", ["cast call", "the sheet itself"])
def test_editing_a_signed_off_call_sheet_marks_it_changed_and_refuses_publishing(
    owner, producer, sheet, edit
):
    callsheet, character = sheet
    approval = ask(owner, f"callsheet:{callsheet.pk}", ["producer1"])
    decide(producer, approval)
    if edit == "cast call":
        callsheet_cast_set(
            callsheet=callsheet,
            rows=[CastTimes(character=character.pk, pickup=datetime.time(5, 30))],
        )
    else:
        callsheet_update(callsheet=callsheet, weather="Rain after noon")
    assert status_of(owner, approval) == "changed"
    with pytest.raises(ApplicationError, match="needs an approved sign-off before it is published"):
        callsheet_publish(callsheet=callsheet, by=owner, send=False)
    assert not CallSheetVersion.objects.exists()
    refused = client_for(producer).post(f"{URL}{approval['id']}/decide/", {"decision": "approved"})
    assert refused.status_code == 409 and "changed since" in refused.json()["message"]


def test_a_child_row_edited_without_touching_the_sheet_still_marks_it_changed(
    owner, producer, sheet
):
    """The stamp reads the rows themselves, not the sheet's ``updated_at``."""
    from callsheets.models import CallSheetCast

    callsheet, character = sheet
    approval = ask(owner, f"callsheet:{callsheet.pk}", ["producer1"])
    decide(producer, approval)
    row = CallSheetCast.objects.create(callsheet=callsheet, character=character)
    CallSheet.objects.filter(pk=callsheet.pk).update(updated_at=callsheet.updated_at)
    assert status_of(owner, approval) == "changed"
    row.delete()  # back as it was signed off
    assert Approval.objects.get(pk=approval["id"]).status == "changed"  # once changed, stays
    with pytest.raises(ApplicationError, match="needs an approved sign-off"):
        callsheet_publish(callsheet=callsheet, by=owner, send=False)


def test_saving_a_call_sheet_unchanged_keeps_its_sign_off(owner, producer, sheet):
    callsheet, _ = sheet
    approval = ask(owner, f"callsheet:{callsheet.pk}", ["producer1"])
    decide(producer, approval)
    callsheet_update(callsheet=callsheet, weather=callsheet.weather)
    assert status_of(owner, approval) == "approved"
    assert callsheet_publish(callsheet=callsheet, by=owner, send=False).number == 1


# ---------------------------------------------------------------- the daily report


def test_a_dpr_signed_off_stays_approved_through_its_approval_and_changes_with_its_rows(
    production, owner, producer
):
    from reports import dpr_services

    maya = CharacterFactory(production=production, name="MAYA", cast_id="1")
    schedule_build(production, {DAY: [scene_with(production, maya, number="3")]}, by=owner)
    report = dpr_services.dpr_start(production=production, date=DAY, by=owner)
    approval = ask(owner, f"dpr:{report.pk}", ["producer1"])
    decide(producer, approval)
    # Saving it unchanged and moving it through its workflow are not content changes.
    dpr_services.dpr_update(report=report, by=owner)
    assert status_of(owner, approval) == "approved"
    # A cast time is the report's content.
    dpr_services.dpr_update(
        report=report,
        by=owner,
        cast=[dpr_services.CastTime(name="Maya", character=maya.pk, arrive=datetime.time(7))],
    )
    assert status_of(owner, approval) == "changed"
    second = ask(owner, f"dpr:{report.pk}", ["producer1"])
    decide(producer, second)
    dpr_services.dpr_approve(report=report, by=owner, notify=False)
    assert status_of(owner, second) == "approved"
