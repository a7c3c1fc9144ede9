"""The casting API: roles, candidates and picks, auditions and invitations, offers."""

from functools import cached_property

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from casting import auditions, booking, selectors, services, sides
from casting.api.serializers import (
    AnswerSerializer,
    AuditionSessionSerializer,
    BulkMoveSerializer,
    CandidateSerializer,
    HeadshotSerializer,
    HeadshotUploadSerializer,
    InvitationSerializer,
    InviteSerializer,
    OfferAnswerSerializer,
    OfferSerializer,
    PickRequestSerializer,
    PickSerializer,
    ReleaseResultSerializer,
    RoleSerializer,
    SlotMoveSerializer,
    SlotSerializer,
)
from casting.models import AuditionSession, Candidate, Offer, Role, Slot
from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer
from productions.api.scoping import ProductionScopedMixin
from productions.filters import STRICT_FILTER_BACKENDS, IdFilter, StrictFilterSet

REFUSED = OpenApiResponse(ErrorSerializer, "Refused: the state does not allow it; nothing changed.")


class CastingScopedMixin(ProductionScopedMixin):
    """The production from the URL, and what the member may do in casting."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    @cached_property
    def casting_access(self) -> selectors.CastingAccess:
        if getattr(self, "swagger_fake_view", False):
            return selectors.CastingAccess(False, False, False, False)
        return selectors.access_for(self.membership, self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "slug" in self.kwargs and self.request.user.is_authenticated:
            context["casting_access"] = self.casting_access
        return context


class ReadsForDecidersWritesForOffice(BasePermission):
    """The casting office writes; it and the director read; others see only bookings."""

    message = "Only the casting office (owners, producers and casting) can change casting."

    def has_permission(self, request, view) -> bool:
        if getattr(view, "membership", None) is None:
            return False
        access = view.casting_access
        if request.method in SAFE_METHODS:
            return access.decide or getattr(view, "open_to_members", False)
        return access.office


class OfficeOnly(BasePermission):
    message = "Only the casting office (owners, producers and casting) can see offers."

    def has_permission(self, request, view) -> bool:
        return getattr(view, "membership", None) is not None and view.casting_access.office


# ---------------------------------------------------------------- roles


class RoleViewSet(
    CastingScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The casting breakdown: a role per character. Crew and viewers see only cast roles."""

    serializer_class = RoleSerializer
    permission_classes = [ReadsForDecidersWritesForOffice]
    open_to_members = True
    filterset_fields = ["status"]
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["name"]
    ordering_fields = ["name"]

    def get_queryset(self):
        roles = selectors.roles_of(self.production)
        if not self.casting_access.decide:
            roles = roles.filter(status=Role.Status.CAST)
        return roles

    def _with_days(self, roles):
        return selectors.roles_with_days(self.production, roles)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self._with_days(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        role = self._with_days([self.get_object()])[0]
        return Response(self.get_serializer(role).data)

    def perform_create(self, serializer):
        role = services.role_create(production=self.production, **serializer.validated_data)
        serializer.instance = self._with_days([role])[0]

    def perform_update(self, serializer):
        role = services.role_update(role=serializer.instance, **serializer.validated_data)
        serializer.instance = self._with_days([role])[0]

    @extend_schema(request=None, responses={201: RoleSerializer(many=True)})
    @action(
        detail=False,
        methods=["post"],
        url_path="from-script",
        pagination_class=None,
        filter_backends=[],
    )
    def from_script(self, request, slug=None):
        """Open a role for every character of the script that has none."""
        roles = services.roles_create_from_script(production=self.production)
        data = self.get_serializer(self._with_days(roles), many=True).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: RoleSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], url_path="sides")
    def sides(self, request, slug=None, pk=None):
        """Make sides from the script (the role's scenes as a PDF); answers 202 while it is made."""
        role = sides.sides_request(role=self.get_object())
        data = self.get_serializer(self._with_days([role])[0]).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: ReleaseResultSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"], url_path="release-booking")
    def release_booking(self, request, slug=None, pk=None):
        """Unbook the role's actor; the answer says what that changed."""
        changes = booking.booking_release(role=self.get_object(), by=request.user)
        return Response({"message": " ".join(changes[:1]), "changes": changes})


# ---------------------------------------------------------------- candidates


@extend_schema_view(
    partial_update=extend_schema(responses={200: CandidateSerializer, 409: REFUSED})
)
class CandidateViewSet(
    CastingScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A role's candidates with their picks and availability conflicts."""

    serializer_class = CandidateSerializer
    permission_classes = [ReadsForDecidersWritesForOffice]
    filterset_fields = ["status", "source"]
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["person__name"]

    @cached_property
    def role(self) -> Role:
        if getattr(self, "swagger_fake_view", False):
            return Role(production=self.production)
        return selectors.role_get(self.production, self.kwargs["role_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Candidate.objects.none()
        return selectors.candidates_of(self.role)

    def _decorated(self, candidates):
        candidates = list(candidates)
        selectors.conflicts_for(candidates, self.role, self.role.work_days)
        directors = selectors.director_user_ids(self.production)
        for candidate in candidates:
            for pick in candidate.picks.all():
                pick.by_director = pick.user_id in directors
        return candidates

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self.get_serializer(self._decorated(page), many=True).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self._decorated([self.get_object()])[0]).data)

    def _reloaded(self, candidate):
        return self._decorated([self.get_queryset().get(pk=candidate.pk)])[0]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("status", None)
        data.pop("message", None)
        candidate = services.candidate_add(role=self.role, **data)
        serializer.instance = self._reloaded(candidate)

    def perform_update(self, serializer):
        candidate = services.candidate_update(
            candidate=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self._reloaded(candidate)

    @extend_schema(request=PickRequestSerializer, responses={200: PickSerializer})
    @action(detail=True, methods=["post"])
    def pick(self, request, slug=None, role_id=None, pk=None):
        """Record my yes / no / maybe with a note (director, producers, casting office)."""
        if not self.casting_access.decide:
            raise ApplicationError(
                "Only the director, producers and the casting office pick.", status_code=403
            )
        candidate = self.get_object()
        body = PickRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pick = services.pick_record(candidate=candidate, user=request.user, **body.validated_data)
        pick.by_director = request.user.pk in selectors.director_user_ids(self.production)
        return Response(PickSerializer(pick).data)

    @extend_schema(
        request={"multipart/form-data": HeadshotUploadSerializer},
        responses={201: HeadshotSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def headshots(self, request, slug=None, role_id=None, pk=None):
        """Upload a headshot (PNG, JPEG or WebP, checked by its bytes); the casting office."""
        candidate = self.get_object()
        body = HeadshotUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        photo = services.headshot_upload(
            candidate=candidate, upload=body.validated_data["file"], by=request.user
        )
        data = HeadshotSerializer(photo, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def get_permissions(self):
        if self.action == "pick":
            # Deciders who are not the casting office still pick: checked in the action.
            return [_Member()]
        return super().get_permissions()

    @extend_schema(
        request=BulkMoveSerializer, responses={200: CandidateSerializer(many=True), 409: REFUSED}
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request, slug=None, role_id=None):
        """Move several candidates at once (shortlist these, release the rest): all or none."""
        body = BulkMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = services.candidates_bulk_move(
            role=self.role,
            candidate_ids=body.validated_data["candidates"],
            status=body.validated_data["status"],
            message=body.validated_data["message"],
        )
        rows = self._decorated(self.get_queryset().filter(pk__in=[c.pk for c in moved]))
        return Response(self.get_serializer(rows, many=True).data)


class _Member(BasePermission):
    def has_permission(self, request, view) -> bool:
        return getattr(view, "membership", None) is not None


# ---------------------------------------------------------------- auditions


class AuditionFilter(StrictFilterSet):
    # An id, not a choice of this production's roles: an unknown role is an empty list.
    role = IdFilter(field_name="role_id")

    class Meta:
        model = AuditionSession
        fields = ["kind", "date", "role"]


class AuditionViewSet(
    CastingScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Audition sessions and their slots; links are shown to the casting office only."""

    serializer_class = AuditionSessionSerializer
    permission_classes = [ReadsForDecidersWritesForOffice]
    filterset_class = AuditionFilter
    filter_backends = STRICT_FILTER_BACKENDS

    def get_queryset(self):
        return selectors.sessions_of(self.production)

    def perform_create(self, serializer):
        session = auditions.session_create(production=self.production, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=session.pk)

    @extend_schema(request=InviteSerializer, responses={200: SlotSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def invite(self, request, slug=None, pk=None):
        """Give each candidate a slot and email them their personal link (once each)."""
        session = self.get_object()
        body = InviteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["candidates"]
        candidates = list(
            Candidate.objects.filter(pk__in=ids, role__production=self.production).select_related(
                "person", "role"
            )
        )
        if len(candidates) != len(set(ids)):
            raise ApplicationError(
                "Some of those candidates are not in this production.",
                errors={"candidates": ["Not found."]},
            )
        slots = auditions.session_invite(session=session, candidates=candidates)
        context = self.get_serializer_context()
        return Response(SlotSerializer(slots, many=True, context=context).data)

    @extend_schema(request=SlotMoveSerializer, responses={200: SlotSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def move(self, request, slug=None, pk=None):
        """Move an invitation to another open slot; the actor is emailed the new time."""
        session = self.get_object()
        body = SlotMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slot = Slot.objects.filter(pk=body.validated_data["slot"], session=session).first()
        to = Slot.objects.filter(
            pk=body.validated_data["to"], session__production=self.production
        ).first()
        if slot is None or to is None:
            raise ApplicationError(
                "Choose an invited slot of this session and an open slot of this production.",
                errors={"slot" if slot is None else "to": ["Not found."]},
                status_code=404,
            )
        moved = auditions.slot_move(slot=slot, to=to)
        return Response(SlotSerializer(moved, context=self.get_serializer_context()).data)


class InvitationThrottle(AnonRateThrottle):
    scope = "invitation"
    rate = "60/minute"


def _invitation(token: str):
    slot, expired = selectors.slot_find(token)
    if slot is None:
        raise ApplicationError("This invitation link is not valid.", status_code=404)
    return slot, expired


def invitation_data(slot, expired: bool) -> dict:
    session = slot.session
    return {
        "production": session.production.title,
        "role": session.role.name if session.role_id else None,
        "name": slot.candidate.person.name,
        "kind": session.get_kind_display(),
        "date": session.date,
        "start": slot.start,
        "place": session.place,
        "state": slot.state,
        "note": slot.note,
        "expired": expired,
        "rescheduled_at": slot.rescheduled_at,
        "sides": bool(session.role_id and session.role.sides_file),
    }


class InvitationView(APIView):
    """The invited person's own invitation, by their personal link (no sign-in)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [InvitationThrottle]

    @extend_schema(responses={200: InvitationSerializer, 404: ErrorSerializer}, auth=[])
    def get(self, request, token):
        slot, expired = _invitation(token)
        return Response(InvitationSerializer(invitation_data(slot, expired)).data)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: InvitationSerializer, 404: ErrorSerializer, 410: ErrorSerializer},
        auth=[],
    )
    def post(self, request, token):
        slot, expired = _invitation(token)
        if expired:
            raise ApplicationError(
                "This invitation has expired: the session is over.", status_code=410
            )
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slot = auditions.invitation_answer(slot=slot, **body.validated_data)
        slot, expired = _invitation(token)
        return Response(InvitationSerializer(invitation_data(slot, expired)).data)


# ---------------------------------------------------------------- offers


class OfferViewSet(
    CastingScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Offers with their history; owners and producers approve them before they are sent."""

    serializer_class = OfferSerializer
    permission_classes = [OfficeOnly]
    filterset_fields = ["status"]
    filter_backends = STRICT_FILTER_BACKENDS

    def get_queryset(self):
        return selectors.offers_of(self.production)

    def _reloaded(self, offer: Offer) -> Offer:
        return self.get_queryset().get(pk=offer.pk)

    def perform_create(self, serializer):
        offer = services.offer_create(
            production=self.production, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self._reloaded(offer)

    def perform_update(self, serializer):
        offer = services.offer_update(
            offer=serializer.instance, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self._reloaded(offer)

    def _done(self, offer: Offer) -> Response:
        return Response(self.get_serializer(self._reloaded(offer)).data)

    @extend_schema(request=None, responses={200: OfferSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def approve(self, request, slug=None, pk=None):
        """Approve the terms (owners and producers only)."""
        offer = services.offer_approve(
            offer=self.get_object(), by=request.user, membership=self.membership
        )
        return self._done(offer)

    @extend_schema(request=None, responses={200: OfferSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def send(self, request, slug=None, pk=None):
        """Send approved terms; the candidate becomes "offered"."""
        return self._done(services.offer_send(offer=self.get_object(), by=request.user))

    @extend_schema(request=OfferAnswerSerializer, responses={200: OfferSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def answer(self, request, slug=None, pk=None):
        """Record the answer; "accepted" books the actor in one transaction."""
        body = OfferAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offer = services.offer_answer(
            offer=self.get_object(), by=request.user, **body.validated_data
        )
        return self._done(offer)
