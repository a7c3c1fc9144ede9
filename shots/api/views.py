from django.db import transaction
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer
from productions.api.scoping import ProductionScopedMixin
from shots import frames, selectors, services
from shots.api.serializers import (
    DayShotListSerializer,
    FrameSerializer,
    FrameUploadSerializer,
    ShotMarkSerializer,
    ShotMoveSerializer,
    ShotOrderSerializer,
    ShotSerializer,
)
from shots.models import Frame


class MayPlanOrReadOnly(BasePermission):
    """Members read; owners, producers, coordinators and the director write."""

    message = "Only the director, owners, producers and coordinators can change the shot list."

    def has_permission(self, request, view) -> bool:
        membership = getattr(view, "membership", None)
        if membership is None:
            return False
        if request.method in SAFE_METHODS:
            return True
        return selectors.may_plan(request.user, view.production, membership)


class MayMark(BasePermission):
    """The crew on set, and those who plan, mark shots."""

    message = "Only the crew, the director, owners, producers and coordinators can mark shots."

    def has_permission(self, request, view) -> bool:
        membership = getattr(view, "membership", None)
        if membership is None:
            return False
        return selectors.may_mark(request.user, view.production, membership)


class _SceneScoped(ProductionScopedMixin):
    """Find ``{scene_pk}`` among the production's scenes: another's is 404."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False):
            self.scene = selectors.scene_of(self.production, kwargs["scene_pk"])


class ShotViewSet(
    _SceneScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A scene's shot list, in shooting-plan order. Creating, changing, deleting, reordering or
    moving a shot rewrites the scene's `estimated_minutes` unless the AD set it by hand."""

    serializer_class = ShotSerializer
    permission_classes = [MayPlanOrReadOnly]
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ShotSerializer.Meta.model.objects.none()
        return selectors._shots_queryset().filter(scene=self.scene).order_by("position", "pk")

    def _fresh(self, shot):
        return self.get_serializer(self.get_queryset().get(pk=shot.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shot = services.shot_create(scene=self.scene, by=request.user, **serializer.validated_data)
        return Response(self._fresh(shot), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        shot = self.get_object()
        serializer = self.get_serializer(shot, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.shot_update(shot=shot, by=request.user, **serializer.validated_data)
        return Response(self._fresh(shot))

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.shot_delete(shot=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=ShotOrderSerializer,
        responses={200: ShotSerializer(many=True)},
        description="Put the scene's shots in a new order: every shot id, each once. Numbers "
        "follow the order, except locked ones (shots already in the can).",
    )
    @action(detail=False, methods=["put"], url_path="order")
    def order(self, request, *args, **kwargs):
        serializer = ShotOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shots = services.shots_reorder(
            scene=self.scene, order=serializer.validated_data["shots"], by=request.user
        )
        return Response(self.get_serializer(shots, many=True).data)

    @extend_schema(request=None, responses={201: ShotSerializer})
    @action(detail=True, methods=["post"], url_path="duplicate")
    def duplicate(self, request, *args, **kwargs):
        """Copy the shot (without its frames) right after it."""
        copy = services.shot_duplicate(shot=self.get_object(), by=request.user)
        return Response(self._fresh(copy), status=status.HTTP_201_CREATED)

    @extend_schema(request=ShotMoveSerializer, responses={200: ShotSerializer})
    @action(detail=True, methods=["post"], url_path="move")
    def move(self, request, *args, **kwargs):
        """Move the shot to the end of another scene's list; it takes that scene's number."""
        serializer = ShotMoveSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        shot = services.shot_move_to_scene(
            shot=self.get_object(), scene=serializer.validated_data["scene"], by=request.user
        )
        shot = selectors._shots_queryset().get(pk=shot.pk)
        return Response(self.get_serializer(shot).data)

    @extend_schema(
        request={"multipart/form-data": FrameUploadSerializer},
        responses={
            201: FrameSerializer,
            400: OpenApiResponse(ErrorSerializer, "Not an image, damaged, or too many frames."),
            413: OpenApiResponse(ErrorSerializer, "Over 5 MB."),
            415: OpenApiResponse(ErrorSerializer, "An image, but not PNG, JPEG or WebP."),
        },
        description="Add a storyboard frame (multipart `image`). The file is read by Pillow: "
        "its name and declared type are not trusted. The thumbnail follows from a task.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="frames",
        parser_classes=[MultiPartParser, FormParser],
    )
    def frames(self, request, *args, **kwargs):
        shot = self.get_object()
        serializer = FrameUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        frame = frames.frame_add(
            shot=shot, upload=serializer.validated_data["image"], by=request.user
        )
        frame = Frame.objects.get(pk=frame.pk)
        return Response(
            FrameSerializer(frame, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"frames/(?P<frame_id>[0-9]+)")
    def frame_delete(self, request, *args, frame_id=None, **kwargs):
        """Delete one storyboard frame of the shot."""
        shot = self.get_object()
        frame = selectors.frame_of(self.production, frame_id)
        if frame.shot_id != shot.pk:
            raise Http404("No such frame.")
        frames.frame_delete(frame=frame, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShotMarkView(ProductionScopedMixin, GenericAPIView):
    """Mark a shot done (`shot`) or not shot today (`not_shot`), from the set."""

    permission_classes = [MayMark]
    serializer_class = ShotMarkSerializer

    @extend_schema(request=ShotMarkSerializer, responses={200: ShotSerializer})
    def post(self, request, slug, pk):
        shot = selectors.shot_of(self.production, pk)
        serializer = ShotMarkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            services.shot_mark(
                shot=shot, status=serializer.validated_data["status"], by=request.user
            )
        shot = selectors._shots_queryset().get(pk=shot.pk)
        return Response(ShotSerializer(shot, context=self.get_serializer_context()).data)


class IsMember(BasePermission):
    def has_permission(self, request, view) -> bool:
        return getattr(view, "membership", None) is not None


class DayShotListView(ProductionScopedMixin, GenericAPIView):
    """The day's shots: every shot of its scenes, grouped by setup (or in script order)."""

    permission_classes = [IsMember]
    serializer_class = DayShotListSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "order",
                OpenApiTypes.STR,
                enum=["setup", "script"],
                description="`setup` (the default) groups shots by setup; `script` keeps the "
                "board's scene order and each scene's plan order.",
            )
        ],
        responses={200: DayShotListSerializer},
    )
    def get(self, request, slug, pk):
        order = request.query_params.get("order", "setup")
        if order not in selectors.ORDERS:
            raise ApplicationError(
                'Order the day\'s shots by "setup" or "script".',
                errors={"order": ['Use "setup" or "script".']},
            )
        day = selectors.day_of(self.production, pk)
        listing = selectors.day_shot_list(self.production, day, order)
        data = {
            "order": listing.order,
            "minutes": listing.minutes,
            "setups": listing.setups,
            "counts": listing.counts,
            "shots": listing.shots,
        }
        return Response(DayShotListSerializer(data, context=self.get_serializer_context()).data)
