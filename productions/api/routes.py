from productions.api.views import (
    CharacterViewSet,
    ElementViewSet,
    LocationViewSet,
    MembershipViewSet,
    ProductionViewSet,
    SceneViewSet,
    ScriptViewSet,
)

PRODUCTION = r"productions/(?P<slug>[-\w]+)"


def register(router) -> None:
    router.register("productions", ProductionViewSet, basename="production")
    router.register(f"{PRODUCTION}/members", MembershipViewSet, basename="member")
    router.register(f"{PRODUCTION}/scripts", ScriptViewSet, basename="script")
    router.register(f"{PRODUCTION}/scenes", SceneViewSet, basename="scene")
    router.register(f"{PRODUCTION}/characters", CharacterViewSet, basename="character")
    router.register(f"{PRODUCTION}/elements", ElementViewSet, basename="element")
    router.register(f"{PRODUCTION}/locations", LocationViewSet, basename="location")


# Plain paths (not viewsets) that live under /api/v1/.
extra_urlpatterns: list = []
