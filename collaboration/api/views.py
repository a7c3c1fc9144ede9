"""The collaboration API: thin views over the services and selectors."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from collaboration import approvals, notifications, registry, selectors, services
from collaboration.api.serializers import (
    ActivityFilterSerializer,
    ActivitySerializer,
    ApprovalCreateSerializer,
    ApprovalSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
    DecideSerializer,
    MarkReadResultSerializer,
    MarkReadSerializer,
    MentionCandidateSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    PreferencesUpdateSerializer,
    ResolveSerializer,
)
from collaboration.models import Activity, Approval, Comment, Notification
from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer
from productions.api.scoping import ProductionScopedMixin

ON = OpenApiParameter(
    "on", OpenApiTypes.STR, description='Only what is on this object, "<kind>:<id>".'
)
# An id longer than a bigint's 18 digits names nothing: the router answers 404.
ID = r"[0-9]{1,18}"
UNREAD_CHOICES = ["0", "1"]
CONFLICT = OpenApiResponse(ErrorSerializer, "The comment was removed, or its edit window closed.")


def _on_param(request) -> str | None:
    on = request.query_params.get("on")
    if on is None:
        return None
    try:
        registry.parse_ref(on)
    except ValueError as error:
        raise ApplicationError(str(error), errors={"on": [str(error)]}) from None
    return on


class CommentViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on the production's objects that I may see; replies have a ``parent``."""

    serializer_class = CommentSerializer
    lookup_value_regex = ID
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "delete"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        on = _on_param(self.request) if self.action == "list" else None
        return selectors.comments_for(self.production, self.membership, on)

    @extend_schema(parameters=[ON])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": CommentCreateSerializer,
            "multipart/form-data": CommentCreateSerializer,
        },
        responses={201: CommentSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        parent = None
        if values.get("parent"):
            parent = selectors.comment_for(self.production, self.membership, values["parent"])
            if parent is None:
                raise ApplicationError(
                    "The comment to reply to is not here.", errors={"parent": ["Not found."]}
                )
        comment = services.comment_create(
            production=self.production,
            by=request.user,
            on=values["on"],
            body=values["body"],
            parent=parent,
            decision=values.get("decision", False),
            files=request.FILES.getlist("files"),
        )
        comment = selectors.comment_for(self.production, self.membership, comment.pk)
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CommentUpdateSerializer,
        responses={200: CommentSerializer, 409: CONFLICT},
        description="The author edits the body within 15 minutes; `decision` marks the thread.",
    )
    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not values:
            raise ApplicationError("Send a new body or decision.", errors={"body": ["Missing."]})
        if "body" in values:
            services.comment_edit(
                comment=comment, by=request.user, membership=self.membership, body=values["body"]
            )
        if "decision" in values:
            services.comment_mark_decision(
                comment=comment,
                by=request.user,
                membership=self.membership,
                decision=values["decision"],
            )
        comment = selectors.comment_for(self.production, self.membership, comment.pk)
        return Response(self.get_serializer(comment).data)

    @extend_schema(responses={204: None, 409: CONFLICT})
    def destroy(self, request, *args, **kwargs):
        services.comment_delete(
            comment=self.get_object(), by=request.user, membership=self.membership
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ResolveSerializer, responses={200: CommentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        root = services.comment_resolve(
            comment=self.get_object(),
            by=request.user,
            membership=self.membership,
            resolved=data.validated_data["resolved"],
        )
        comment = selectors.comment_for(self.production, self.membership, root.pk)
        return Response(self.get_serializer(comment).data)


class MentionCandidatesView(ProductionScopedMixin, APIView):
    """Members and departments to mention, for the editor's autocomplete."""

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What was typed.")],
        responses={200: MentionCandidateSerializer(many=True)},
    )
    def get(self, request, slug):
        candidates = selectors.mention_candidates(
            self.production, self.membership, request.query_params.get("q", "")
        )
        return Response(MentionCandidateSerializer(candidates, many=True).data)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My notifications across my productions, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(self.request.user, unread=self._unread())

    def _unread(self) -> bool:
        """``?unread=1`` lists only the unread, ``0`` (or none) all; any other value is a 400."""
        unread = self.request.query_params.get("unread")
        if unread is None or self.action != "list":
            return False
        if unread not in UNREAD_CHOICES:
            message = f"Choose one of {', '.join(UNREAD_CHOICES)}."
            raise ApplicationError(message, errors={"unread": [message]})
        return unread == "1"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread", OpenApiTypes.STR, enum=UNREAD_CHOICES, description="1: only the unread"
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=MarkReadSerializer, responses={200: MarkReadResultSerializer})
    @action(detail=False, methods=["post"])
    def read(self, request):
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = notifications.notifications_mark_read(
            user=request.user, ids=data.validated_data.get("ids"), all=data.validated_data["all"]
        )
        return Response({"marked": marked, "unread": selectors.unread_count(request.user)})


class PreferencesView(APIView):
    """How I want each kind of notification: `email`, `digest` or `none` (in Studio only)."""

    @extend_schema(responses={200: PreferencesSerializer})
    def get(self, request):
        return Response(notifications.preferences_of(request.user))

    @extend_schema(
        request=PreferencesUpdateSerializer,
        responses={200: PreferencesSerializer},
        description="Change the kinds named; the others keep their choice. One wrong word "
        "(a kind or a choice) refuses all of them.",
    )
    def put(self, request):
        data = PreferencesUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            notifications.preferences_set(user=request.user, choices=data.validated_data)
        )


class ApprovalViewSet(
    ProductionScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Sign-offs on the production's objects that I may see."""

    serializer_class = ApprovalSerializer
    lookup_value_regex = ID

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Approval.objects.none()
        on = _on_param(self.request) if self.action == "list" else None
        return selectors.approvals_for(self.production, self.membership, on)

    @extend_schema(parameters=[ON])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ApprovalCreateSerializer, responses={201: ApprovalSerializer})
    def create(self, request, *args, **kwargs):
        data = ApprovalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval = approvals.approval_request(
            production=self.production,
            by=request.user,
            membership=self.membership,
            **data.validated_data,
        )
        approval = self.get_queryset().get(pk=approval.pk)
        return Response(self.get_serializer(approval).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecideSerializer,
        responses={
            200: ApprovalSerializer,
            409: OpenApiResponse(ErrorSerializer, "The object changed since it was asked."),
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval = approvals.approval_decide(
            approval=self.get_object(),
            by=request.user,
            membership=self.membership,
            **data.validated_data,
        )
        approval = self.get_queryset().get(pk=approval.pk)
        return Response(self.get_serializer(approval).data)


class ActivityViewSet(ProductionScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What changed on the production, by whom, newest first: only what I may see."""

    serializer_class = ActivitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        filters = ActivityFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.activity_for(self.production, self.membership, **filters.validated_data)

    @extend_schema(
        parameters=[
            OpenApiParameter("event", OpenApiTypes.STR, description='e.g. "comment" or a name'),
            OpenApiParameter("actor", OpenApiTypes.STR, description="A username."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
