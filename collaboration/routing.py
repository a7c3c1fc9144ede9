from django.urls import path

from collaboration.consumers import ProductionConsumer

websocket_urlpatterns = [
    path("ws/productions/<slug:slug>/", ProductionConsumer.as_asgi()),
]
