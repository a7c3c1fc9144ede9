from decimal import Decimal

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.openapi import ErrorSerializer
from core.permissions import IsProductionEditorOrReadOnly
from productions.api.scoping import ProductionScopedMixin
from schedules import optimize
from schedules.models import OptimizerRun


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false`` as JSON has them: the schema's boolean, not 0, 1 or "yes"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class DecimalStringField(serializers.DecimalField):
    """An amount as the API writes amounts: a decimal string such as ``"250.00"``, never a
    JSON number (whose float would not be exact)."""

    default_error_messages = {"not_a_string": "Send the amount as a decimal string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class OptimizeRequestSerializer(serializers.Serializer):
    time_limit = serializers.IntegerField(
        min_value=1,
        max_value=optimize.MAX_TIME_LIMIT,
        default=optimize.DEFAULT_TIME_LIMIT,
        help_text="Seconds the search may take.",
    )
    move_cost = DecimalStringField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        default=Decimal(0),
        help_text="What one company move costs, in the production's currency.",
    )
    keep_night_blocks = StrictBooleanField(
        default=False, help_text="Keep night work in as few blocks of days as it is now."
    )
    locked_strips = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Strip ids to keep on their day; the rest of the board stays as it was.",
    )


class OptimizerRunSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = OptimizerRun
        fields = [
            "id",
            "status",
            "progress",
            "url",
            "options",
            "source",
            "source_revision",
            "proposal",
            "input_cost",
            "best_cost",
            "lower_bound",
            "explanation",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_url(self, run: OptimizerRun) -> str:
        path = reverse("optimize-run-detail", kwargs={"slug": run.production.slug, "pk": run.pk})
        return self.context["request"].build_absolute_uri(path)


class StartedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.URLField()


class OptimizeViewSet(
    ProductionScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The schedule optimizer: start a run (202), follow its progress, accept or discard its
    proposal. Costs are in cents of the production's currency."""

    serializer_class = OptimizerRunSerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    filter_backends: list = []

    def get_queryset(self):
        return optimize.optimizer_runs_of(self.production)

    @extend_schema(
        request=OptimizeRequestSerializer,
        responses={
            202: StartedSerializer,
            200: OpenApiResponse(StartedSerializer, description="The same run is in progress."),
        },
    )
    def create(self, request, *args, **kwargs):
        """Optimize the active board as a task; the same board and options already running
        answers that run (200) instead of starting another."""
        serializer = OptimizeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        locked = data.pop("locked_strips", None)
        if locked is not None:
            optimize.strips_lock(production=self.production, strip_ids=locked, by=request.user)
        run, created = optimize.optimizer_run_start(
            production=self.production, by=request.user, options=optimize.OptimizeOptions(**data)
        )
        body = OptimizerRunSerializer(run, context=self.get_serializer_context()).data
        started = {key: body[key] for key in ("id", "status", "url")}
        return Response(started, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(
        request=None,
        responses={
            200: OptimizerRunSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The run has no proposal."),
            412: OpenApiResponse(
                ErrorSerializer, description="The board changed after the run; run it again."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        """Make the proposal the active schedule (412 if the board changed since the run)."""
        run = self.get_object()
        optimize.optimizer_run_accept(run=run, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data)

    @extend_schema(
        request=None,
        responses={
            200: OptimizerRunSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The run has not finished."),
        },
    )
    @action(detail=True, methods=["post"])
    def discard(self, request, *args, **kwargs):
        """Drop the proposal; nothing on the board changes."""
        run = optimize.optimizer_run_discard(run=self.get_object(), by=request.user)
        return Response(self.get_serializer(run).data)

    @extend_schema(
        request=None,
        responses={
            200: OptimizerRunSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The run is not in progress."),
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Stop a queued or running search."""
        run = optimize.optimizer_run_cancel(run=self.get_object(), by=request.user)
        return Response(self.get_serializer(run).data)
