from django.db import models
from rest_framework import serializers

from crew.models import Assignment, Department, Person, Unavailability
from crew.selectors import departments_for_user, people_for_user


class VisiblePeopleField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return people_for_user(self.context["request"].user)


class VisibleDepartmentsField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return departments_for_user(self.context["request"].user)


class UnavailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Unavailability
        fields = ["id", "start_date", "end_date", "reason"]


class StrictCharField(serializers.CharField):
    """Text only: DRF's own CharField takes ``0`` or ``1.5`` and stores ``"0"``."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false`` only: DRF's own BooleanField takes ``0``, ``"yes"`` or ``"on"``."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class PersonSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }
    unavailabilities = UnavailabilitySerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "phone_private",
            "notes",
            "agent",
            "agent_email",
            "agent_phone",
            "manager",
            "manager_email",
            "manager_phone",
            "unavailabilities",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at", "unavailabilities"]

    def to_representation(self, person: Person) -> dict:
        data = super().to_representation(person)
        user = self.context["request"].user
        if person.phone_private and user.pk not in (person.created_by_id, person.user_id):
            data["phone"] = ""
        return data


class DepartmentSerializer(serializers.ModelSerializer):
    production = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Empty for the standard departments every production shares.",
    )
    production_slug = serializers.SlugField(
        write_only=True, help_text="The production that gets the new department."
    )

    class Meta:
        model = Department
        fields = ["id", "name", "order", "production", "production_slug"]
        read_only_fields = ["id", "production"]


class DepartmentUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["name", "order"]


class AssignmentSerializer(serializers.ModelSerializer):
    person = VisiblePeopleField()
    department = VisibleDepartmentsField()
    person_name = serializers.CharField(source="person.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "person",
            "person_name",
            "department",
            "department_name",
            "title",
            "role_kind",
            "key_contact",
            "start_date",
            "end_date",
            "daily_rate",
        ]
        read_only_fields = ["id", "person_name", "department_name"]

    def to_representation(self, assignment: Assignment) -> dict:
        data = super().to_representation(assignment)
        membership = self.context.get("membership")
        # Pay is for the people who manage the production, not the whole crew.
        if membership is None or not membership.can_manage:
            data.pop("daily_rate", None)
        return data
