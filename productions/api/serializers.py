from django.contrib.auth import get_user_model
from rest_framework import serializers

from productions.models import Membership, Production

User = get_user_model()


class ProductionSerializer(serializers.ModelSerializer):
    access = serializers.SerializerMethodField(help_text="The requesting user's access.")

    class Meta:
        model = Production
        fields = [
            "slug",
            "title",
            "kind",
            "phase",
            "logline",
            "start_date",
            "wrap_date",
            "time_zone",
            "currency",
            "access",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at", "access"]
        extra_kwargs = {"slug": {"required": False}}

    def get_access(self, production: Production) -> str | None:
        accesses = self.context.get("accesses") or {}
        return accesses.get(production.pk)


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    name = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "user", "name", "access", "created_at"]
        read_only_fields = ["id", "name", "created_at"]

    def get_name(self, membership: Membership) -> str:
        return membership.user.get_full_name() or membership.user.get_username()


class MembershipUpdateSerializer(serializers.Serializer):
    access = serializers.ChoiceField(choices=Membership.Access.choices)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
