from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from productions import selectors, services
from productions.api.scoping import ProductionScopedMixin
from productions.api.serializers import (
    MembershipSerializer,
    MembershipUpdateSerializer,
    ProductionSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from productions.models import Membership, Production
from studio.exceptions import ApplicationError
from studio.permissions import IsProductionManagerOrReadOnly


class TokenThrottle(AnonRateThrottle):
    scope = "login"
    rate = "10/minute"


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None:
            raise ApplicationError(
                "The username or password is not right.",
                errors={"password": ["Check the username and password."]},
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class ProductionViewSet(viewsets.ModelViewSet):
    """The productions I may see; creating one makes me its owner."""

    serializer_class = ProductionSerializer
    lookup_field = "slug"
    filterset_fields = ["kind", "phase"]
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
        responses={204: None},
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
        serializer = MembershipUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_change(
            membership=self.get_object(), by=request.user, **serializer.validated_data
        )
        return Response(MembershipSerializer(membership).data)

    def perform_destroy(self, instance):
        services.membership_remove(membership=instance, by=self.request.user)
