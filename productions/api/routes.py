from productions.api.views import MembershipViewSet, ProductionViewSet

PRODUCTION = r"productions/(?P<slug>[-\w]+)"


def register(router) -> None:
    router.register("productions", ProductionViewSet, basename="production")
    router.register(f"{PRODUCTION}/members", MembershipViewSet, basename="member")
