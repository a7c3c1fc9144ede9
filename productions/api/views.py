from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from knox.models import AuthToken
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.authentication import tokens_expired_delete
from core.cached_api import cached_json
from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer
from core.permissions import IsProductionEditorOrReadOnly, IsProductionManagerOrReadOnly
from productions import scripts, selectors, services
from productions.api.scoping import ProductionScopedMixin
from productions.api.serializers import (
    CharacterSerializer,
    ElementSerializer,
    ImportResultSerializer,
    LocationSerializer,
    LocationUnavailabilitySerializer,
    MembershipSerializer,
    MembershipUpdateSerializer,
    ProductionSerializer,
    SceneSerializer,
    ScriptSerializer,
    ScriptUploadSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from productions.filters import STRICT_FILTER_BACKENDS, SceneApiFilter
from productions.models import Character, Membership, Production


class _WithoutFormatOverride:
    """DRF's settings, but with no ``URL_FORMAT_OVERRIDE``."""

    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name):
        return getattr(api_settings, name)


class FormatIsAFilter(DefaultContentNegotiation):
    """Content negotiation by the Accept header only: ``?format=`` is left to the filters."""

    settings = _WithoutFormatOverride()


class TokenThrottle(AnonRateThrottle):
    scope = "login"
    rate = "10/minute"


class TokenView(APIView):
    """Exchange a username and password for a new API token; DELETE revokes the one in use.

    The token is shown once: only its digest is stored. It lasts ``STUDIO_API_TOKEN_DAYS``
    (90) days from its last use; ``expiry`` says until when, if it is not used before.
    """

    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    def get_authenticators(self):
        # Signing in takes a username and password, whatever else the request carries.
        request = getattr(self, "request", None)  # None while the schema is generated
        signing_in = request is not None and request.method == "POST"
        return [] if signing_in else super().get_authenticators()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ErrorSerializer, "The username or password is not right."),
            429: OpenApiResponse(ErrorSerializer, "Too many failed sign-ins: wait 15 minutes."),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Django's own request, so that django-axes (studio.signin) counts the failure and a
        # locked-out account or address gets its 429 from AxesMiddleware.
        user = authenticate(request._request, **serializer.validated_data)
        if user is None:
            raise ApplicationError(
                "The username or password is not right.",
                errors={"password": ["Check the username and password."]},
            )
        tokens_expired_delete(user)
        instance, token = AuthToken.objects.create(user=user)
        return Response({"token": token, "expiry": instance.expiry})

    @extend_schema(request=None, responses={204: None, 401: ErrorSerializer})
    def delete(self, request):
        if not isinstance(request.auth, AuthToken):
            raise NotAuthenticated("Send the token to revoke as 'Authorization: Token …'.")
        request.auth.delete()
        return Response(status=204)


class ProductionViewSet(viewsets.ModelViewSet):
    """The productions I may see; creating one makes me its owner."""

    serializer_class = ProductionSerializer
    lookup_field = "slug"
    filterset_fields = ["kind", "phase"]
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["title", "logline"]
    ordering_fields = ["title", "start_date", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.productions_for_user(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["accesses"] = dict(
                Membership.objects.filter(user=self.request.user).values_list(
                    "production_id", "access"
                )
            )
        return context

    def _membership(self, production: Production) -> Membership:
        return selectors.production_for_user(self.request.user, production.slug)[1]

    def perform_create(self, serializer):
        serializer.instance = services.production_create(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        if not self._membership(serializer.instance).can_manage:
            raise ApplicationError(
                "Only the production's owners and producers can change it.", status_code=403
            )
        serializer.instance = services.production_update(
            production=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        description="Soft-delete the production (restorable for 30 days). Send "
        '`{"confirm_title": "<the exact title>"}`; owners only.',
        responses={
            204: None,
            400: OpenApiResponse(ErrorSerializer, "`confirm_title` is not the exact title."),
        },
    )
    def destroy(self, request, *args, **kwargs):
        production = self.get_object()
        if self._membership(production).access != Membership.Access.OWNER:
            raise ApplicationError("Only an owner can delete the production.", status_code=403)
        services.production_delete(
            production=production,
            by=request.user,
            confirm_title=str(request.data.get("confirm_title", "")),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MembershipViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Who may use the production. Members read; owners and producers manage."""

    serializer_class = MembershipSerializer
    permission_classes = [IsProductionManagerOrReadOnly]
    filterset_fields = ["access"]
    filter_backends = STRICT_FILTER_BACKENDS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.memberships_of_production(self.production)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return MembershipUpdateSerializer
        return MembershipSerializer

    def perform_create(self, serializer):
        serializer.instance = services.membership_add(
            production=self.production, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=MembershipUpdateSerializer, responses={200: MembershipSerializer})
    def partial_update(self, request, *args, **kwargs):
        if isinstance(request.data, dict) and "access" not in request.data:
            # A PATCH that changes nothing answers with the member as they are.
            return Response(MembershipSerializer(self.get_object()).data)
        serializer = MembershipUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_change(
            membership=self.get_object(), by=request.user, **serializer.validated_data
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        responses={
            204: None,
            400: OpenApiResponse(ErrorSerializer, "It would leave the production without owner."),
        }
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.membership_remove(membership=instance, by=self.request.user)


# ---------------------------------------------------------------- the screenplay and its breakdown


class _BreakdownViewSet(ProductionScopedMixin, viewsets.ModelViewSet):
    """Members read; owners, producers and coordinators write."""

    permission_classes = [IsProductionEditorOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class ScriptViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The screenplay's versions, newest first. Uploading one imports its scenes."""

    serializer_class = ScriptSerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    parser_classes = [MultiPartParser, FormParser]
    # `?format=` filters by file format here; it does not pick a renderer (JSON it is).
    content_negotiation_class = FormatIsAFilter
    filterset_fields = ["format", "revision_colour"]
    filter_backends = STRICT_FILTER_BACKENDS
    ordering_fields = ["uploaded_at"]

    def get_queryset(self):
        return selectors.scripts_for_production(self.production)

    @extend_schema(
        request={"multipart/form-data": ScriptUploadSerializer},
        responses={
            201: ImportResultSerializer,
            200: ImportResultSerializer,
            400: OpenApiResponse(description="Empty, unreadable or without scene headings."),
            413: OpenApiResponse(description="Over 10 MB."),
            415: OpenApiResponse(description="Not a Fountain or Final Draft file."),
        },
        description=(
            "Import a Fountain (`.fountain`, `.spmd`, `.txt`) or Final Draft (`.fdx`) file as the "
            "current script, in one transaction: scenes are matched by number, changed ones "
            "updated, missing ones marked omitted (never deleted); breakdown elements, "
            "locations and hand-made character links are kept. Answers 201 with the "
            "`import_script --json` result when a new version was stored, 200 when the file is "
            "the current version already and nothing changed (`script` is null then). Bad input "
            "changes nothing."
        ),
    )
    def create(self, request, *args, **kwargs):
        serializer = ScriptUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        result = scripts.script_import(
            production=self.production,
            file=upload,
            filename=upload.name,
            by=request.user,
            revision_name=serializer.validated_data.get("revision_name", ""),
            revision_colour=serializer.validated_data["revision_colour"],
        )
        stored = status.HTTP_201_CREATED if result.script else status.HTTP_200_OK
        return Response(result.as_contract_dict(), status=stored)


@extend_schema_view(
    list=extend_schema(
        description="The scenes in script order, omitted ones included (filter `omitted`). "
        "`character`, `location` and `element` take ids."
    ),
    partial_update=extend_schema(
        description="Change a scene. `characters` and `elements`, when sent, replace the "
        "scene's lists. Ids of another production are refused with 400 field errors."
    ),
)
class SceneViewSet(_BreakdownViewSet):
    """The production's scenes, as the stripboard and call sheets use them."""

    serializer_class = SceneSerializer
    filterset_class = SceneApiFilter
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["set_name", "synopsis", "number"]
    ordering_fields = ["script_order", "page_eighths", "number"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.scenes_for_production(self.production)

    def list(self, request, *args, **kwargs):
        # The same page of scenes until the breakdown changes: served from the cache.
        compute = super().list
        return cached_json("scenes", self, request, lambda: compute(request, *args, **kwargs))

    def perform_create(self, serializer):
        serializer.instance = services.scene_create(
            production=self.production, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.scene_update(
            scene=serializer.instance, **serializer.validated_data
        )


class CharacterViewSet(_BreakdownViewSet):
    """Speaking parts with their cast IDs, and the actor playing each."""

    serializer_class = CharacterSerializer
    filterset_fields = ["cast_id"]
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["name"]

    def get_queryset(self):
        return selectors.characters_for_production(self.production)

    def _reloaded(self, character: Character) -> Character:
        return self.get_queryset().get(pk=character.pk)

    def perform_create(self, serializer):
        character = services.character_create(
            production=self.production, **serializer.validated_data
        )
        serializer.instance = self._reloaded(character)

    def perform_update(self, serializer):
        character = services.character_update(
            character=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self._reloaded(character)

    def perform_destroy(self, instance):
        services.character_delete(character=instance)


class ElementViewSet(_BreakdownViewSet):
    """The breakdown's elements: props, vehicles, stunts, extras… by category."""

    serializer_class = ElementSerializer
    filterset_fields = ["category"]
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["name", "notes"]

    def get_queryset(self):
        return selectors.elements_for_production(self.production)

    def perform_create(self, serializer):
        element = services.element_create(production=self.production, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=element.pk)

    def perform_update(self, serializer):
        element = services.element_update(element=serializer.instance, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=element.pk)

    def perform_destroy(self, instance):
        services.element_delete(element=instance)


class LocationViewSet(_BreakdownViewSet):
    """Real places the company shoots at, with parking, the nearest hospital and dates off."""

    serializer_class = LocationSerializer
    search_fields = ["name", "address"]

    def get_queryset(self):
        return selectors.locations_for_production(self.production)

    def perform_create(self, serializer):
        location = services.location_create(production=self.production, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=location.pk)

    def perform_update(self, serializer):
        location = services.location_update(
            location=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=location.pk)

    def perform_destroy(self, instance):
        services.location_delete(location=instance)

    @extend_schema(
        request=LocationUnavailabilitySerializer,
        responses={201: LocationUnavailabilitySerializer},
    )
    @action(detail=True, methods=["post"], url_path="unavailability")
    def add_unavailability(self, request, slug=None, pk=None):
        """Record dates the location cannot be used."""
        location = self.get_object()
        serializer = LocationUnavailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.location_unavailability_add(location=location, **serializer.validated_data)
        return Response(
            LocationUnavailabilitySerializer(entry).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"unavailability/(?P<entry_id>[0-9]+)")
    def remove_unavailability(self, request, slug=None, pk=None, entry_id=None):
        """Delete one stretch of dates the location cannot be used."""
        location = self.get_object()
        entry = get_object_or_404(location.unavailabilities, pk=entry_id)
        services.location_unavailability_remove(unavailability=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)
