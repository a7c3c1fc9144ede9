import factory
from django.contrib.auth import get_user_model

from crew.models import Assignment, Department, Person, Unavailability
from crew.services import departments_ensure_standard
from productions.models import Membership, Production


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw-for-tests-1")


class ProductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Production

    title = factory.Sequence(lambda n: f"Production {n}")
    slug = factory.Sequence(lambda n: f"production-{n}")
    kind = Production.Kind.FEATURE
    phase = Production.Phase.PRE_PRODUCTION
    time_zone = "Europe/London"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    production = factory.SubFactory(ProductionFactory)
    user = factory.SubFactory(UserFactory)
    access = Membership.Access.CREW


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    phone = factory.Sequence(lambda n: f"+44 20 7946 {n % 10000:04d}")


def department(name: str = "Camera") -> Department:
    departments_ensure_standard()
    return Department.objects.get(name=name, production=None)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    production = factory.SubFactory(ProductionFactory)
    person = factory.SubFactory(PersonFactory)
    department = factory.LazyFunction(department)
    title = factory.Sequence(lambda n: f"Camera Assistant {n}")
    role_kind = Assignment.RoleKind.CREW


class UnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unavailability

    person = factory.SubFactory(PersonFactory)
    reason = "Holiday"
