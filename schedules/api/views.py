import json
import re

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from core.cached_api import cached_json
from core.exceptions import ApplicationError
from core.permissions import IsProductionEditorOrReadOnly
from crew.models import Person
from crew.selectors import people_for_user
from productions.api.scoping import ProductionScopedMixin
from productions.models import BreakdownElement, Membership, Production
from schedules import selectors, services
from schedules.api.serializers import (
    ConflictSerializer,
    DoodSerializer,
    ErrorSerializer,
    FeedResetSerializer,
    FeedsSerializer,
    PersonFeedSerializer,
    ShootDaySerializer,
    StripboardSerializer,
    board_data,
    dood_data,
)

ERRORS = {code: ErrorSerializer for code in (400, 401, 404)}


class IsProductionMember(BasePermission):
    """Any member of the production; the view's own checks decide what they may change."""

    def has_permission(self, request, view) -> bool:
        return getattr(view, "membership", None) is not None


class ShootDayViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The active schedule's shoot days; ``scenes`` are scene ids in shooting order."""

    serializer_class = ShootDaySerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.shoot_days_of(self.production)

    def _fresh(self, day) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=day.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        day = services.shoot_day_add(
            production=self.production, by=request.user, **serializer.validated_data
        )
        return Response(self._fresh(day), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        day = self.get_object()
        serializer = self.get_serializer(day, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.shoot_day_update(day=day, by=request.user, **serializer.validated_data)
        return Response(self._fresh(day))

    def perform_destroy(self, instance):
        services.shoot_day_remove(day=instance, by=self.request.user)


def _if_match(request) -> int:
    """Return the version an ``If-Match`` header names; 428 without one, 412 if unreadable."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        raise ApplicationError(
            "Saving the board needs the version you loaded: send it as If-Match (the ETag of "
            "GET stripboard/).",
            errors={"If-Match": ["Required."]},
            status_code=status.HTTP_428_PRECONDITION_REQUIRED,
        )
    match = re.fullmatch(r'(?:W/)?"?(\d+)"?', header.split(",")[0].strip())
    if match is None:
        raise ApplicationError(
            "If-Match must be the board's version, as its ETag gives it.",
            errors={"If-Match": ["Not a version."]},
            status_code=status.HTTP_412_PRECONDITION_FAILED,
        )
    return int(match.group(1))


class StripboardView(ProductionScopedMixin, generics.GenericAPIView):
    """The whole board of the active schedule: every day's strips in order, and the boneyard."""

    serializer_class = StripboardSerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    pagination_class = None
    filter_backends: list = []

    def get_object(self):
        """The board has no row of its own: its production stands for it (OPTIONS asks)."""
        return self.production

    def _board_response(self, board) -> Response:
        response = Response(board_data(board))
        response["ETag"] = f'"{board.revision}"'
        return response

    @extend_schema(
        responses={200: StripboardSerializer, **ERRORS},
        description="The board. Its version is also sent as the ETag.",
    )
    def get(self, request, slug):
        # The same board until someone changes it: served from the cache, ETag and all.
        def compute() -> Response:
            return self._board_response(selectors.board_layout_for(self.production))

        return cached_json("board", self, request, compute)

    @extend_schema(
        request=StripboardSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                # Required in effect, but its absence is answered by the contract's 428 (RFC
                # 6585), not by a 400: the schema says so rather than calling it malformed.
                required=False,
                description="The version of the board the edit was made on (its ETag). "
                "Needed: without it the answer is 428.",
            )
        ],
        responses={
            200: StripboardSerializer,
            403: ErrorSerializer,
            412: OpenApiResponse(ErrorSerializer, "Someone saved the board since; reload."),
            428: OpenApiResponse(ErrorSerializer, "If-Match is missing."),
            **ERRORS,
        },
        description="Replace the board. Every day of the schedule is sent, each with its "
        "strips in shooting order; scenes left out go to the boneyard.",
    )
    def put(self, request, slug):
        expected = _if_match(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.board_save(
            production=self.production,
            board=serializer.board_input(),
            expected_revision=expected,
            by=request.user,
        )
        return self._board_response(selectors.board_layout_for(self.production))


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Errors reach here as dicts when ?format=csv was asked for; they stay readable JSON.
        return data if isinstance(data, str | bytes) else json.dumps(data)


def _with_pay(membership: Membership | None) -> bool:
    return membership is not None and membership.can_manage


class DoodView(ProductionScopedMixin, generics.GenericAPIView):
    """Day Out of Days: one row per cast member (or element of ``?category=``)."""

    permission_classes = [IsProductionMember]
    serializer_class = DoodSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                enum=BreakdownElement.Category.values,
                description="A breakdown category; the cast by default.",
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
        ],
        responses={200: DoodSerializer, **ERRORS},
    )
    def get(self, request, slug):
        category = request.query_params.get("category") or BreakdownElement.Category.CAST
        if category not in BreakdownElement.Category.values:
            raise ApplicationError(
                f"“{category}” is not a breakdown category.", errors={"category": ["Unknown."]}
            )
        if request.accepted_renderer.format == "csv":
            table = selectors.dood_for(self.production, category=category)
            response = HttpResponse(selectors.dood_csv_text(table), content_type="text/csv")
            name = f"{self.production.slug}-day-out-of-days-{category}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response

        def compute() -> Response:
            table = selectors.dood_for(self.production, category=category)
            return Response(dood_data(table, with_pay=_with_pay(self.membership)))

        # The same table until the board or the cast changes: served from the cache.
        return cached_json("dood", self, request, compute)


class ConflictsView(ProductionScopedMixin, generics.GenericAPIView):
    """Availability, double bookings, capacity, locations and turnaround on the active board."""

    permission_classes = [IsProductionMember]
    serializer_class = ConflictSerializer
    filter_backends: list = []

    @extend_schema(responses={200: ConflictSerializer(many=True), **ERRORS})
    def get(self, request, slug):
        found = selectors.conflicts_for(self.production, viewer=request.user)
        page = self.paginate_queryset([selectors.conflict_data(c) for c in found])
        return self.get_paginated_response(page)


class FeedsView(ProductionScopedMixin, generics.GenericAPIView):
    """The secret calendar feed URLs: the production's, and my own calls."""

    permission_classes = [IsProductionMember]
    serializer_class = FeedsSerializer
    pagination_class = None
    filter_backends: list = []

    def _data(self) -> dict:
        person = selectors.person_of(self.request.user, self.production)
        return {
            "production": selectors.feed_links(
                self.request, services.feed_token_get(production=self.production)
            ),
            "mine": selectors.feed_links(
                self.request, services.feed_token_get(production=self.production, person=person)
            )
            if person
            else None,
            "can_reset": self.membership.access == Membership.Access.OWNER,
        }

    @extend_schema(responses={200: FeedsSerializer, **ERRORS})
    def get(self, request, slug):
        return Response(self._data())

    @extend_schema(
        request=FeedResetSerializer,
        responses={200: FeedsSerializer, 403: ErrorSerializer, **ERRORS},
        description="Reset a feed's secret URL: the production's (owners), or a person's "
        "(owners, or the person themselves). The old URL stops working at once.",
    )
    def post(self, request, slug):
        serializer = FeedResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = self._person_to_reset(serializer.validated_data)
        services.feed_token_reset(production=self.production, person=person)
        return Response(self._data())

    def _person_to_reset(self, data: dict) -> Person | None:
        is_owner = self.membership.access == Membership.Access.OWNER
        if data["feed"] == "production":
            if not is_owner:
                raise ApplicationError(
                    "Only an owner can reset the production's feed link.", status_code=403
                )
            return None
        mine = selectors.person_of(self.request.user, self.production)
        wanted = data.get("person") or (mine.pk if mine else None)
        person = Person.objects.filter(pk=wanted, assignments__production=self.production).first()
        if person is None:
            raise ApplicationError("No such person on this production.", status_code=404)
        if not is_owner and (mine is None or person.pk != mine.pk):
            raise ApplicationError(
                "Only an owner, or the person themselves, can reset a person's feed link.",
                status_code=403,
            )
        return person


class PersonFeedView(generics.GenericAPIView):
    """A person's calendar feed URLs, one per production: for themselves, or their editors."""

    serializer_class = PersonFeedSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(responses={200: PersonFeedSerializer, 403: ErrorSerializer, **ERRORS})
    def get(self, request, pk):
        person = get_object_or_404(people_for_user(request.user), pk=pk)
        productions = self._productions(person)
        if not productions:
            raise ApplicationError(
                "Only the person themselves, or a coordinator of their production, can see "
                "their feed link.",
                status_code=403,
            )
        feeds = []
        for production in productions:
            token = services.feed_token_get(production=production, person=person)
            links = selectors.feed_links(request, token)
            feeds.append({"production": production.slug, "title": production.title, **links})
        return Response({"person": person.pk, "name": person.name, "feeds": feeds})

    def _productions(self, person: Person) -> list[Production]:
        user = self.request.user
        theirs = Production.objects.visible_to(user).filter(assignments__person=person)
        if person.user_id != user.pk and not user.is_superuser:
            theirs = theirs.filter(
                memberships__user=user, memberships__access__in=Membership.EDITORS
            )
        return list(theirs.distinct().order_by("title"))
