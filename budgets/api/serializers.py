"""The budget API's shapes, as the contract states them; amounts are decimal strings."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budgets.models import Account, Budget, Category, Charge, Cost, Fringe, Line
from crew.models import Person

SECTIONS = Category.Section.values


class NameField(serializers.CharField):
    """A trimmed name whose ``max_length`` holds for what was sent, as the schema states it:
    trimming first would take a name a character too long once it began with a space."""

    def to_internal_value(self, data):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class BudgetSerializer(serializers.ModelSerializer):
    based_on = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    grand_total = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "name", "status", "currency", "based_on", "grand_total"]
        read_only_fields = ["id", "status", "currency", "based_on", "grand_total"]


class BudgetCreateSerializer(serializers.Serializer):
    name = NameField(max_length=120)
    template = serializers.ChoiceField(choices=Budget.Template.values, required=False)
    based_on = serializers.IntegerField(required=False, min_value=1)


class BudgetUpdateSerializer(serializers.Serializer):
    name = NameField(max_length=120, required=False)
    status = serializers.ChoiceField(choices=Budget.Status.values, required=False)


class TopsheetCategorySerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()
    subtotal = serializers.DecimalField(max_digits=16, decimal_places=2)
    fringes = serializers.DecimalField(max_digits=16, decimal_places=2)
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class TopsheetSectionSerializer(serializers.Serializer):
    name = serializers.CharField(source="key")
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    categories = TopsheetCategorySerializer(many=True)


class ChargeTotalSerializer(serializers.Serializer):
    name = serializers.CharField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class TopsheetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    sections = TopsheetSectionSerializer(many=True)
    fringes_total = serializers.DecimalField(max_digits=16, decimal_places=2)
    charges = ChargeTotalSerializer(many=True)
    grand_total = serializers.DecimalField(max_digits=16, decimal_places=2)


def topsheet_data(sheet) -> dict:
    budget = sheet.budget
    return TopsheetSerializer(
        {
            "id": budget.pk,
            "name": budget.name,
            "status": budget.status,
            "currency": budget.currency,
            "sections": sheet.sections,
            "fringes_total": sheet.fringes_total,
            "charges": [{"name": name, "total": total} for name, total in sheet.charges],
            "grand_total": sheet.grand_total,
        }
    ).data


class CategorySerializer(serializers.ModelSerializer):
    section = serializers.ChoiceField(choices=SECTIONS, required=False)
    total = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, default=Decimal("0")
    )

    class Meta:
        model = Category
        fields = ["id", "number", "name", "section", "total"]


class AccountSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.number")
    total = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, default=Decimal("0")
    )

    class Meta:
        model = Account
        fields = ["id", "number", "name", "category", "total"]


@extend_schema_field(OpenApiTypes.STR)
class CellField(serializers.Field):
    """A cell: a number or a formula over the budget's globals; answered as a decimal string."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float, Decimal)):
            raise serializers.ValidationError("Give a number or a formula, as a string.")
        if isinstance(data, float):
            data = repr(data)
        text = str(data).strip()
        if len(text) > 200:
            raise serializers.ValidationError("A formula can be at most 200 characters long.")
        return text

    def to_representation(self, value):
        return str(value)


class LinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["cast", "crew"])
    assignment = serializers.IntegerField(min_value=1)


class LineSerializer(serializers.ModelSerializer):
    account = serializers.PrimaryKeyRelatedField(queryset=Account.objects.none())
    amount = CellField(required=False)
    x = CellField(required=False)
    rate = CellField(required=False)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), allow_null=True, required=False
    )
    fringes = serializers.PrimaryKeyRelatedField(
        queryset=Fringe.objects.none(), many=True, required=False
    )
    link = LinkSerializer(allow_null=True, required=False)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)

    class Meta:
        model = Line
        fields = [
            "id",
            "account",
            "description",
            "amount",
            "amount_formula",
            "unit",
            "x",
            "x_formula",
            "rate",
            "rate_formula",
            "currency",
            "person",
            "fringes",
            "subtotal",
            "fringe_total",
            "total",
            "link",
        ]
        read_only_fields = [
            "amount_formula",
            "x_formula",
            "rate_formula",
            "subtotal",
            "fringe_total",
            "total",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        budget = self.context.get("budget")
        if budget is not None:
            self.fields["account"].queryset = budget.accounts.all()
            self.fields["fringes"].child_relation.queryset = budget.fringes.all()
            self.fields["person"].queryset = Person.objects.filter(
                assignments__production_id=budget.production_id
            ).distinct()


class FringeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fringe
        fields = ["id", "code", "name", "kind", "rate", "cutoff"]


class GlobalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, allow_null=True)
    name = serializers.RegexField(r"^[A-Z][A-Z0-9_]{0,39}$", max_length=40)
    formula = CellField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4, read_only=True)
    source = serializers.CharField(read_only=True, allow_null=True)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ChargeSerializer(serializers.ModelSerializer):
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=SECTIONS), required=False
    )
    excluded_accounts = serializers.SlugRelatedField(
        slug_field="number", many=True, queryset=Account.objects.none(), required=False
    )
    total = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, default=Decimal("0")
    )

    class Meta:
        model = Charge
        fields = ["id", "name", "percent", "sections", "excluded_accounts", "total"]
        extra_kwargs = {"percent": {"required": True}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        budget = self.context.get("budget")
        if budget is not None:
            self.fields["excluded_accounts"].child_relation.queryset = budget.accounts.all()


class CompareRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()
    this = serializers.DecimalField(max_digits=16, decimal_places=2)
    other = serializers.DecimalField(max_digits=16, decimal_places=2)
    difference = serializers.DecimalField(max_digits=16, decimal_places=2)


class CompareTotalSerializer(serializers.Serializer):
    this = serializers.DecimalField(max_digits=16, decimal_places=2)
    other = serializers.DecimalField(max_digits=16, decimal_places=2)
    difference = serializers.DecimalField(max_digits=16, decimal_places=2)


class CompareSerializer(serializers.Serializer):
    accounts = CompareRowSerializer(many=True)
    grand_total = CompareTotalSerializer()


class CostSerializer(serializers.ModelSerializer):
    account = serializers.CharField(source="account_number", max_length=12)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)

    class Meta:
        model = Cost
        fields = [
            "id",
            "account",
            "date",
            "kind",
            "vendor",
            "reference",
            "description",
            "amount",
            "currency",
            "exchange_rate",
            "open",
        ]


class CostRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    actual_to_date = serializers.DecimalField(max_digits=16, decimal_places=2)
    period = serializers.DecimalField(max_digits=16, decimal_places=2)
    open_pos = serializers.DecimalField(max_digits=16, decimal_places=2)
    etc = serializers.DecimalField(max_digits=16, decimal_places=2)
    efc = serializers.DecimalField(max_digits=16, decimal_places=2)
    variance = serializers.DecimalField(max_digits=16, decimal_places=2)


class CostTotalsSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    actual_to_date = serializers.DecimalField(max_digits=16, decimal_places=2)
    period = serializers.DecimalField(max_digits=16, decimal_places=2)
    open_pos = serializers.DecimalField(max_digits=16, decimal_places=2)
    etc = serializers.DecimalField(max_digits=16, decimal_places=2)
    efc = serializers.DecimalField(max_digits=16, decimal_places=2)
    variance = serializers.DecimalField(max_digits=16, decimal_places=2)


class CostReportSerializer(serializers.Serializer):
    through = serializers.DateField()
    accounts = CostRowSerializer(many=True)
    totals = CostTotalsSerializer()


class EtcSerializer(serializers.Serializer):
    account = serializers.CharField(max_length=12)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"))
    reason = serializers.CharField(max_length=300)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    confirm = serializers.BooleanField(required=False, default=False)
