"""Sign-offs: asking, approving and rejecting, "changed since approved", the publish gate, and
who may see and decide them."""

import pytest

from collaboration import approvals
from collaboration.models import Approval, ProductionPolicy
from core.exceptions import ApplicationError
from productions.models import Scene
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/productions/long-night/approvals/"


def ask(user, on, approvers, note="Lock it?"):
    return client_for(user).post(URL, {"on": on, "approvers": approvers, "note": note})


def test_all_named_approvers_approving_approves_it(producer, owner, coordinator, objects):
    response = ask(coordinator, objects["schedule_version"], ["producer1", "owner"])
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "pending" and data["requested_by"] == "coordinator"
    assert [a["user"] for a in data["approvers"]] == ["owner", "producer1"] or [
        a["user"] for a in data["approvers"]
    ] == ["producer1", "owner"]
    decide = f"{URL}{data['id']}/decide/"
    first = client_for(producer).post(decide, {"decision": "approved", "note": "Fine"})
    assert first.json()["status"] == "pending"
    second = client_for(owner).post(decide, {"decision": "approved"})
    assert second.json()["status"] == "approved"


def test_one_rejection_rejects_it_with_the_note(producer, coordinator, objects):
    approval = ask(coordinator, objects["scene"], ["producer1"]).json()
    response = client_for(producer).post(
        f"{URL}{approval['id']}/decide/", {"decision": "rejected", "note": "Too long"}
    )
    assert response.json()["status"] == "rejected"
    assert response.json()["approvers"][0]["note"] == "Too long"


def test_only_a_named_approver_decides(producer, coordinator, crew_member, objects):
    approval = ask(coordinator, objects["scene"], ["producer1"]).json()
    response = client_for(crew_member).post(
        f"{URL}{approval['id']}/decide/", {"decision": "approved"}
    )
    assert response.status_code == 403
    assert "Only the people asked" in response.json()["message"]
    bad = client_for(producer).post(f"{URL}{approval['id']}/decide/", {"decision": "maybe"})
    assert bad.status_code == 400
    assert Approval.objects.get(pk=approval["id"]).status == "pending"


def test_an_approver_who_may_not_see_the_object_is_refused(producer, crew_member, objects):
    response = ask(producer, objects["budget"], ["crewmember"])
    assert response.status_code == 400
    assert "cannot see this budget" in response.json()["message"]
    assert not Approval.objects.exists()


def test_a_change_after_sign_off_marks_it_changed(
    producer, coordinator, scene, objects, django_capture_on_commit_callbacks
):
    approval = ask(coordinator, objects["scene"], ["producer1"]).json()
    client_for(producer).post(f"{URL}{approval['id']}/decide/", {"decision": "approved"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).patch(
            f"/api/v1/productions/long-night/scenes/{scene.pk}/", {"synopsis": "A new ending"}
        )
    assert response.status_code == 200, response.json()
    assert Scene.objects.get(pk=scene.pk).synopsis == "A new ending"
    assert client_for(producer).get(URL).json()["results"][0]["status"] == "changed"


def test_the_publish_gate_refuses_in_words_until_the_version_is_approved(
    production, producer, coordinator, scene
):
    ProductionPolicy.objects.create(production=production, signoff_before_publish=True)
    with pytest.raises(ApplicationError, match="needs an approved sign-off before it is published"):
        approvals.signoff_required_check(
            production=production, kind="scene", obj=scene, action="publish"
        )
    approval = ask(coordinator, f"scene:{scene.pk}", ["producer1"]).json()
    client_for(producer).post(f"{URL}{approval['id']}/decide/", {"decision": "approved"})
    approvals.signoff_required_check(
        production=production, kind="scene", obj=scene, action="publish"
    )


@pytest.mark.parametrize(
    "who, sees_budget",
    [("crew_member", False), ("accountant", True), ("producer", True), ("outsider", None)],
)
def test_sign_offs_are_visible_only_to_those_who_may_see_the_object(
    request, who, sees_budget, owner, objects
):
    ask(owner, objects["budget"], ["owner"])
    ask(owner, objects["scene"], ["owner"])
    response = client_for(request.getfixturevalue(who)).get(URL)
    if sees_budget is None:
        assert response.status_code == 404
        return
    ons = {a["on"] for a in response.json()["results"]}
    assert (objects["budget"] in ons) is sees_budget
    assert objects["scene"] in ons
    assert client_for(None).get(URL).status_code == 401


def test_publishing_a_call_sheet_is_refused_in_words_until_signed_off(
    production, producer, coordinator
):
    """The gate inside callsheet_publish: the rule on, no sign-off, nothing published."""
    from callsheets.models import CallSheet, CallSheetVersion
    from callsheets.services import callsheet_publish

    sheet = CallSheet.objects.create(production=production, date="2026-03-02")
    ProductionPolicy.objects.create(production=production, signoff_before_publish=True)
    with pytest.raises(ApplicationError, match="call sheet needs an approved sign-off"):
        callsheet_publish(callsheet=sheet, by=producer, send=False)
    assert not CallSheetVersion.objects.exists()
