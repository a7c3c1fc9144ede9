from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.cached_api import cached_json
from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer
from core.permissions import IsProductionEditorOrReadOnly
from crew import selectors, services
from crew.api.serializers import (
    AssignmentSerializer,
    DepartmentSerializer,
    DepartmentUpdateSerializer,
    PersonSerializer,
    UnavailabilitySerializer,
)
from crew.models import Assignment, Person
from productions.api.scoping import ProductionScopedMixin
from productions.filters import STRICT_FILTER_BACKENDS
from productions.models import Membership, Production
from productions.selectors import production_for_user


def _can_edit_person(user, person: Person) -> bool:
    if user.is_superuser or user.pk in (person.created_by_id, person.user_id):
        return True
    editable = Membership.objects.filter(user=user, access__in=Membership.EDITORS).values(
        "production"
    )
    return person.assignments.filter(production__in=editable).exists()


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The directory: people on my productions, the ones I added, and me."""

    serializer_class = PersonSerializer
    search_fields = ["name", "email"]
    ordering_fields = ["name", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.people_for_user(self.request.user).prefetch_related("unavailabilities")

    def perform_create(self, serializer):
        serializer.instance = services.person_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        if not _can_edit_person(self.request.user, serializer.instance):
            raise ApplicationError(
                "Only coordinators of this person's productions can change their details.",
                status_code=403,
            )
        serializer.instance = services.person_update(
            person=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=UnavailabilitySerializer, responses={201: UnavailabilitySerializer})
    @action(detail=True, methods=["post"], url_path="unavailability")
    def add_unavailability(self, request, pk=None):
        """Record dates this person cannot work."""
        person = self.get_object()
        if not _can_edit_person(request.user, person):
            raise ApplicationError("You cannot change this person's dates off.", status_code=403)
        serializer = UnavailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.unavailability_create(person=person, **serializer.validated_data)
        return Response(UnavailabilitySerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        responses={
            201: DepartmentSerializer,
            404: OpenApiResponse(ErrorSerializer, "No production you can see has that slug."),
        }
    )
)
class DepartmentViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Standard film departments, plus the ones a production adds for itself."""

    serializer_class = DepartmentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    search_fields = ["name"]

    def get_queryset(self):
        return selectors.departments_for_user(self.request.user).select_related("production")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return DepartmentUpdateSerializer
        return DepartmentSerializer

    def _editable_production(self, slug: str) -> Production:
        production, membership = production_for_user(self.request.user, slug)
        if not membership.can_edit:
            raise ApplicationError(
                "Only the production's owners, producers and coordinators can add departments.",
                status_code=403,
            )
        return production

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        production = self._editable_production(data.pop("production_slug"))
        serializer.instance = services.department_create(production=production, **data)

    def perform_update(self, serializer):
        department = serializer.instance
        if department.production is None and not self.request.user.is_superuser:
            raise ApplicationError("The standard departments cannot be changed.", status_code=403)
        if department.production is not None:
            self._editable_production(department.production.slug)
        serializer.instance = services.department_update(
            department=department, **serializer.validated_data
        )


class AssignmentViewSet(ProductionScopedMixin, viewsets.ModelViewSet):
    """Roles on the production: directors, producers, creators, cast and crew."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsProductionEditorOrReadOnly]
    filterset_fields = ["role_kind", "department", "key_contact"]
    filter_backends = STRICT_FILTER_BACKENDS
    search_fields = ["title", "person__name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.assignments_for_production(self.production)

    def list(self, request, *args, **kwargs):
        # The same roles until someone changes them: served from the cache (pay by access).
        compute = super().list
        return cached_json("crew", self, request, lambda: compute(request, *args, **kwargs))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["membership"] = self.membership
        return context

    def perform_create(self, serializer):
        serializer.instance = services.assignment_create(
            production=self.production, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.assignment_update(
            assignment=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: Assignment):
        services.assignment_delete(assignment=instance)
