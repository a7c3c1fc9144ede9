"""The budget API: budgets (the topsheet), their structure, lines, fringes, globals, charges.

Only members who see money (owners, producers, accountants) find anything here: everyone else
gets 404, as for a production they cannot see.
"""

from functools import cached_property

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from budgets import selectors, services, topsheet_cache
from budgets.api.serializers import (
    AccountSerializer,
    BudgetCreateSerializer,
    BudgetSerializer,
    BudgetUpdateSerializer,
    CategorySerializer,
    ChargeSerializer,
    FringeSerializer,
    GlobalSerializer,
    LineSerializer,
    TopsheetSerializer,
    topsheet_data,
)
from budgets.models import Account, Budget, Category, Charge, Fringe, Global, Line
from core.exceptions import ApplicationError
from core.openapi import ErrorSerializer
from productions.api.scoping import ProductionScopedMixin

LOCKED = OpenApiResponse(
    ErrorSerializer, "The budget is locked or approved: set it to draft first."
)


class MoneyScopedMixin(ProductionScopedMixin):
    """Resolve the production, then answer 404 to members who do not see money."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        membership = self.membership
        if membership is None or not membership.can_see_money:
            raise NotFound("No production found.")


class BudgetScopedMixin(MoneyScopedMixin):
    """A view under ``budgets/{budget_pk}/``."""

    @cached_property
    def budget(self) -> Budget:
        if getattr(self, "swagger_fake_view", False):
            return Budget(pk=0, production=self.production)
        return selectors.budget_get(self.production, self.kwargs["budget_pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request.user.is_authenticated:
            context["budget"] = self.budget
        return context


class BudgetViewSet(MoneyScopedMixin, viewsets.ModelViewSet):
    """A production's budgets (versions); one budget's GET is its topsheet."""

    serializer_class = BudgetSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.budgets_of(self.production)

    def get_object(self):
        return selectors.budget_get(self.production, self.kwargs["pk"])

    @extend_schema(request=BudgetCreateSerializer, responses={201: BudgetSerializer})
    def create(self, request, *args, **kwargs):
        serializer = BudgetCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        based_on = None
        if data.get("based_on"):
            based_on = Budget.objects.filter(
                production=self.production, pk=data["based_on"]
            ).first()
            if based_on is None:
                raise ApplicationError(
                    "This production has no such budget to copy.",
                    errors={"based_on": ["No such budget."]},
                )
        budget = services.budget_create(
            production=self.production,
            by=request.user,
            name=data["name"],
            template=data.get("template") or Budget.Template.FEATURE,
            based_on=based_on,
        )
        return Response(BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: TopsheetSerializer})
    def retrieve(self, request, *args, **kwargs):
        return Response(topsheet_data(topsheet_cache.topsheet(self.get_object())))

    @extend_schema(request=BudgetUpdateSerializer, responses={200: BudgetSerializer, 409: LOCKED})
    def partial_update(self, request, *args, **kwargs):
        serializer = BudgetUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = services.budget_update(
            budget=self.get_object(), by=request.user, **serializer.validated_data
        )
        return Response(BudgetSerializer(budget).data)

    @extend_schema(responses={204: None, 409: LOCKED})
    def destroy(self, request, *args, **kwargs):
        services.budget_delete(budget=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _BudgetPartViewSet(BudgetScopedMixin, viewsets.ModelViewSet):
    """Shared shape of the viewsets of one budget's parts: every write goes to a service."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []


def _locked_409(serializer):
    """Document the success and the 409 of a locked budget on each write of a part."""
    return extend_schema_view(
        create=extend_schema(responses={201: serializer, 409: LOCKED}),
        partial_update=extend_schema(responses={200: serializer, 409: LOCKED}),
        destroy=extend_schema(responses={204: None, 409: LOCKED}),
    )


@_locked_409(CategorySerializer)
class CategoryViewSet(_BudgetPartViewSet):
    serializer_class = CategorySerializer

    def get_queryset(self):
        return selectors.categories_with_totals(self.budget)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.category_create(
            budget=self.budget,
            by=self.request.user,
            number=data["number"],
            name=data["name"],
            section=data.get("section", Category.Section.PRODUCTION),
        )

    def perform_update(self, serializer):
        serializer.instance = services.category_update(
            category=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.category_delete(category=instance, by=self.request.user)


@_locked_409(AccountSerializer)
class AccountViewSet(_BudgetPartViewSet):
    serializer_class = AccountSerializer

    def get_queryset(self):
        return selectors.accounts_with_totals(self.budget)

    def _fields(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        if "category" in data:
            data["category"] = data.pop("category")["number"]
        return data

    def perform_create(self, serializer):
        data = self._fields(serializer)
        serializer.instance = services.account_create(
            budget=self.budget, by=self.request.user, **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.account_update(
            account=serializer.instance, by=self.request.user, **self._fields(serializer)
        )

    def perform_destroy(self, instance: Account):
        services.account_delete(account=instance, by=self.request.user)


@_locked_409(LineSerializer)
class LineViewSet(_BudgetPartViewSet):
    serializer_class = LineSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.lines_of(self.budget)

    def _fields(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        if "link" in data and data["link"] is not None:
            data["link"] = dict(data["link"])
        return data

    def perform_create(self, serializer):
        data = self._fields(serializer)
        account = data.pop("account")
        serializer.instance = services.line_create(
            budget=self.budget, by=self.request.user, account=account, **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.line_update(
            line=serializer.instance, by=self.request.user, **self._fields(serializer)
        )

    def perform_destroy(self, instance: Line):
        services.line_delete(line=instance, by=self.request.user)


@_locked_409(FringeSerializer)
class FringeViewSet(_BudgetPartViewSet):
    serializer_class = FringeSerializer

    def get_queryset(self):
        return self.budget.fringes.order_by("code", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.fringe_create(
            budget=self.budget, by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.fringe_update(
            fringe=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Fringe):
        services.fringe_delete(fringe=instance, by=self.request.user)


@_locked_409(GlobalSerializer)
class GlobalViewSet(_BudgetPartViewSet):
    """The schedule's read-only globals (``id`` null, ``source`` set), then the budget's own."""

    serializer_class = GlobalSerializer

    def get_queryset(self):
        return Global.objects.filter(budget=self.budget).order_by("name", "pk")

    def list(self, request, *args, **kwargs):
        rows = selectors.globals_of(self.budget)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(GlobalSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self._row(self.get_object()))

    def _row(self, item: Global) -> dict:
        return GlobalSerializer(
            {
                "id": item.pk,
                "name": item.name,
                "formula": item.formula,
                "value": item.value,
                "source": None,
                "description": item.description,
            }
        ).data

    def perform_create(self, serializer):
        serializer.instance = services.global_create(
            budget=self.budget, by=self.request.user, **serializer.validated_data
        )

    @extend_schema(responses={201: GlobalSerializer, 409: LOCKED})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.global_create(
            budget=self.budget, by=request.user, **serializer.validated_data
        )
        item.refresh_from_db()
        return Response(self._row(item), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: GlobalSerializer, 409: LOCKED})
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = services.global_update(item=item, by=request.user, **serializer.validated_data)
        item.refresh_from_db()
        return Response(self._row(item))

    def perform_destroy(self, instance: Global):
        services.global_delete(item=instance, by=self.request.user)


@_locked_409(ChargeSerializer)
class ChargeViewSet(_BudgetPartViewSet):
    serializer_class = ChargeSerializer

    def get_queryset(self):
        return self.budget.charges.prefetch_related("excluded_accounts").order_by("order", "pk")

    def _with_totals(self, charges):
        accounts = list(selectors.accounts_with_totals(self.budget))
        totals = {c.pk: t for c, t in selectors.charges_with_totals(self.budget, accounts)}
        for charge in charges:
            charge.total = totals.get(charge.pk, 0)
        return charges

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(list(self.get_queryset()))
        data = ChargeSerializer(
            self._with_totals(page), many=True, context=self.get_serializer_context()
        ).data
        return self.get_paginated_response(data)

    def _answer(self, charge: Charge, code=status.HTTP_200_OK):
        charge = self.get_queryset().get(pk=charge.pk)
        self._with_totals([charge])
        return Response(
            ChargeSerializer(charge, context=self.get_serializer_context()).data, status=code
        )

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @extend_schema(responses={201: ChargeSerializer, 409: LOCKED})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        charge = services.charge_create(
            budget=self.budget, by=request.user, **serializer.validated_data
        )
        return self._answer(charge, status.HTTP_201_CREATED)

    @extend_schema(responses={200: ChargeSerializer, 409: LOCKED})
    def partial_update(self, request, *args, **kwargs):
        charge = self.get_object()
        serializer = self.get_serializer(charge, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        charge = services.charge_update(charge=charge, by=request.user, **serializer.validated_data)
        return self._answer(charge)

    def perform_destroy(self, instance: Charge):
        services.charge_delete(charge=instance, by=self.request.user)
