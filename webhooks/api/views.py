"""The REST API of webhooks: the owners' alone (others get 403; people outside the
production 404, as everywhere).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from core.openapi import ErrorSerializer
from productions.api.scoping import ProductionScopedMixin
from productions.models import Membership
from webhooks import selectors, services
from webhooks.api.serializers import (
    WebhookCreatedSerializer,
    WebhookDeliverySerializer,
    WebhookSerializer,
)
from webhooks.models import Webhook

ERRORS = {code: ErrorSerializer for code in (400, 401, 403, 404)}


class IsProductionOwner(BasePermission):
    """Only the production's owners."""

    message = "Only the production's owners can manage its webhooks."

    def has_permission(self, request, view) -> bool:
        membership = getattr(view, "membership", None)
        return membership is not None and membership.access == Membership.Access.OWNER


class WebhookViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Outgoing webhooks, signed with their secret (shown once, when registered)."""

    serializer_class = WebhookSerializer
    permission_classes = [IsProductionOwner]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.webhooks_of(self.production)

    @extend_schema(request=WebhookSerializer, responses={201: WebhookCreatedSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        webhook = services.webhook_register(
            production=self.production, by=request.user, **serializer.validated_data
        )
        return Response(WebhookCreatedSerializer(webhook).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Webhook) -> None:
        services.webhook_delete(webhook=instance)

    @extend_schema(responses={200: WebhookDeliverySerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        page = self.paginate_queryset(selectors.deliveries_of(self.get_object()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer, **ERRORS})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_pk>[0-9]+)/resend",
        url_name="resend",
    )
    def resend(self, request, *args, delivery_pk=None, **kwargs):
        delivery = get_object_or_404(self.get_object().deliveries, pk=delivery_pk)
        again = services.webhook_resend(delivery=delivery)
        return Response(WebhookDeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
