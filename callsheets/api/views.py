"""The call sheet API: drafts, publishing, who has it, and the personal view by token.

Paths (under /api/v1/), wired in ``callsheets/api/routes.py``:
``productions/{slug}/callsheets/`` GET, POST · ``…/{id}/`` GET, PATCH · ``…/{id}/publish/``
POST · ``…/{id}/deliveries/`` GET · ``…/{id}/deliveries/{delivery}/resend/`` POST ·
``callsheets/{token}/`` GET and ``callsheets/{token}/confirm/`` POST (no account: the token is
the credential, so no session, no CSRF, and the anonymous throttle).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from callsheets import links, personal, selectors, services
from callsheets.api.serializers import (
    CallSheetCreateSerializer,
    CallSheetDetailSerializer,
    CallSheetSerializer,
    DeliverySerializer,
    PersonalSerializer,
    PublishedSerializer,
)
from callsheets.models import CallSheet, Delivery
from core.openapi import ErrorSerializer
from core.permissions import IsProductionEditorOrReadOnly
from productions.api.scoping import ProductionScopedMixin

ERRORS = {code: ErrorSerializer for code in (400, 401, 403, 404, 409)}


class CallSheetViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Call sheets by date; the draft is edited with PATCH, a version made with publish."""

    permission_classes = [IsProductionEditorOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.callsheets_of(self.production)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CallSheetDetailSerializer
        if self.action == "create":
            return CallSheetCreateSerializer
        return CallSheetSerializer

    def _fresh(self, callsheet: CallSheet, code=status.HTTP_200_OK) -> Response:
        callsheet = self.get_queryset().get(pk=callsheet.pk)
        return Response(
            CallSheetDetailSerializer(callsheet, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(
        request=CallSheetCreateSerializer, responses={201: CallSheetDetailSerializer, **ERRORS}
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        callsheet = services.callsheet_generate(
            production=self.production,
            on=serializer.validated_data.get("date"),
            shoot_day=serializer.validated_data.get("shoot_day"),
            by=request.user,
        )
        return self._fresh(callsheet, status.HTTP_201_CREATED)

    @extend_schema(
        request=CallSheetSerializer, responses={200: CallSheetDetailSerializer, **ERRORS}
    )
    def partial_update(self, request, *args, **kwargs):
        callsheet = self.get_object()
        serializer = CallSheetSerializer(
            callsheet, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cast, departments, crew = (data.pop(key, None) for key in ("cast", "departments", "crew"))
        services.callsheet_update(callsheet=callsheet, **data)
        if cast is not None:
            rows = [services.CastTimes(**row) for row in cast]
            services.callsheet_cast_set(callsheet=callsheet, rows=rows)
        if departments is not None or crew is not None:
            services.callsheet_crew_set(
                callsheet=callsheet,
                departments=[services.DepartmentCall(**row) for row in departments or []],
                people=[services.CrewCall(**row) for row in crew or []],
            )
        return self._fresh(callsheet)

    @extend_schema(request=None, responses={201: PublishedSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        """Freeze the draft as the next version and send it to everyone on it."""
        version = services.callsheet_publish(callsheet=self.get_object(), by=request.user)
        return Response(PublishedSerializer(version).data, status=status.HTTP_201_CREATED)


class DeliveryViewSet(ProductionScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who has the call sheet: one row per person of a version (default: the latest)."""

    serializer_class = DeliverySerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    filter_backends: list = []

    def _callsheet(self) -> CallSheet:
        found = selectors.callsheet_get(self.production, self.kwargs["pk"])
        if found is None:
            raise Http404("No call sheet found.")
        return found

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        number = self.request.query_params.get("version", "")
        version = selectors.version_get(
            self._callsheet(), int(number) if number.isdigit() else None
        )
        if version is None:
            return Delivery.objects.none()
        status_filter = self.request.query_params.get("status", "")
        return selectors.deliveries_of(version, status=status_filter).select_related("version")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        can_edit = bool(self.membership and self.membership.can_edit)
        context["can_edit"] = can_edit
        context["links"] = selectors.links_of(self._callsheet()) if can_edit else {}
        return context

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, description="A version number; default the latest."),
            OpenApiParameter(
                "status", str, description="queued, sent, failed, opened, confirmed or unconfirmed."
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={202: DeliverySerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="resend")
    def resend(self, request, *args, **kwargs):
        """Send this person the latest version again (a new link if theirs was revoked)."""
        delivery = get_object_or_404(
            Delivery.objects.select_related("version"),
            pk=self.kwargs["delivery"],
            version__callsheet=self._callsheet(),
        )
        delivery = services.delivery_resend(delivery=delivery, by=request.user)
        row = (
            selectors.deliveries_of(delivery.version).select_related("version").get(pk=delivery.pk)
        )
        return Response(self.get_serializer(row).data, status=status.HTTP_202_ACCEPTED)


class PersonalView(APIView):
    """One person's call sheet by their personal link."""

    http_method_names = ["get", "head", "options"]
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def view(self):
        link = links.callsheet_link_find(self.kwargs["token"])
        found = personal.personal_view(link.callsheet, link.person) if link else None
        if found is None:
            raise Http404("No call sheet found.")
        return found

    @extend_schema(responses={200: PersonalSerializer, 404: ErrorSerializer})
    def get(self, request, token):
        view = self.view()
        services.delivery_open(view=view)
        return Response(PersonalSerializer.of(view))


class PersonalConfirmView(PersonalView):
    http_method_names = ["post", "options"]

    @extend_schema(
        request=None,
        responses={200: PersonalSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def post(self, request, token):
        """Confirm the person has the latest version."""
        view = self.view()
        services.delivery_confirm(view=view)
        return Response(PersonalSerializer.of(personal.personal_view(view.callsheet, view.person)))


# The paths, explicit rather than a router's: one call sheet's deliveries hang under it.
_SHEETS = "productions/<slug:slug>/callsheets/"
urlpatterns = [
    path(
        _SHEETS,
        CallSheetViewSet.as_view({"get": "list", "post": "create"}),
        name="api-callsheet-list",
    ),
    path(
        f"{_SHEETS}<int:pk>/",
        CallSheetViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-callsheet-detail",
    ),
    path(
        f"{_SHEETS}<int:pk>/publish/",
        CallSheetViewSet.as_view({"post": "publish"}),
        name="api-callsheet-publish",
    ),
    path(
        f"{_SHEETS}<int:pk>/deliveries/",
        DeliveryViewSet.as_view({"get": "list"}),
        name="api-callsheet-deliveries",
    ),
    path(
        f"{_SHEETS}<int:pk>/deliveries/<int:delivery>/resend/",
        DeliveryViewSet.as_view({"post": "resend"}),
        name="api-callsheet-resend",
    ),
    path("callsheets/<str:token>/", PersonalView.as_view(), name="api-callsheet-personal"),
    path(
        "callsheets/<str:token>/confirm/",
        PersonalConfirmView.as_view(),
        name="api-callsheet-personal-confirm",
    ),
]
