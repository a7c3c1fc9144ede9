"""The budget pages' forms: shapes only; the services decide and refuse."""

from django import forms

from budgets.models import Budget, Category, Cost, Fringe, Line

CELL = {"class": "num", "inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}


class BudgetCreateForm(forms.Form):
    name = forms.CharField(max_length=120)
    template = forms.ChoiceField(
        choices=Budget.Template.choices, initial="feature", label="Start from"
    )
    based_on = forms.ModelChoiceField(
        queryset=Budget.objects.none(),
        required=False,
        label="Or copy the version",
        empty_label="— a new chart of accounts —",
    )

    def __init__(self, *args, production, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = Budget.objects.filter(production=production)


class BudgetStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Budget.Status.choices)


class LineForm(forms.Form):
    """One detail line's cells; amount, x and rate take a number or a formula."""

    description = forms.CharField(max_length=200, required=False)
    amount = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs=CELL))
    unit = forms.ChoiceField(choices=Line.Unit.choices, initial=Line.Unit.ALLOW)
    x = forms.CharField(
        max_length=200, required=False, initial="1", widget=forms.TextInput(attrs=CELL)
    )
    rate = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs=CELL))
    fringes = forms.ModelMultipleChoiceField(
        queryset=Fringe.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fringes"].queryset = budget.fringes.all()


class CategoryForm(forms.Form):
    number = forms.CharField(max_length=12)
    name = forms.CharField(max_length=120)
    section = forms.ChoiceField(choices=Category.Section.choices)


class AccountForm(forms.Form):
    number = forms.CharField(max_length=12)
    name = forms.CharField(max_length=120)
    category = forms.CharField(max_length=12, help_text="The category's number, e.g. 3300")


class FringeForm(forms.ModelForm):
    class Meta:
        model = Fringe
        fields = ["code", "name", "kind", "rate", "cutoff"]


class GlobalForm(forms.Form):
    name = forms.RegexField(
        r"^[A-Z][A-Z0-9_]{0,39}$",
        max_length=40,
        error_messages={"invalid": "Capital letters, digits and underscores."},
    )
    formula = forms.CharField(max_length=200, widget=forms.TextInput(attrs=CELL))
    description = forms.CharField(max_length=200, required=False)


class ChargeForm(forms.Form):
    name = forms.CharField(max_length=120)
    percent = forms.DecimalField(max_digits=8, decimal_places=4, min_value=0)
    sections = forms.MultipleChoiceField(
        choices=Category.Section.choices, widget=forms.CheckboxSelectMultiple
    )
    excluded = forms.CharField(
        max_length=400,
        required=False,
        label="Excluded accounts",
        help_text="Account numbers, comma-separated",
    )


class CostForm(forms.ModelForm):
    account_number = forms.CharField(max_length=12, label="Account")

    class Meta:
        model = Cost
        fields = [
            "account_number",
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
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class EtcForm(forms.Form):
    account = forms.CharField(max_length=12)
    amount = forms.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, label="Estimate to complete"
    )
    reason = forms.CharField(max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="XLSX or CSV: account, description, amount, unit, x, rate")


class ImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
