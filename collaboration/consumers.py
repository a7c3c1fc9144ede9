"""The websocket of a production's open pages: members only, and only what they may see.

Messages out: ``{"event", "on", "id", "actor", …}`` (contract). Messages in: ``{"type":
"presence", "page": "stripboard"}`` says who has a page open; everyone else on the production
hears ``presence.join`` / ``presence.here`` / ``presence.leave`` with the username.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from collaboration import registry
from collaboration.live import production_group, user_group
from productions.models import Membership, Production

PRESENCE = "presence"


@database_sync_to_async
def _membership(user, slug: str):
    if not user.is_authenticated:
        return None
    production = Production.objects.active().filter(slug=slug).first()
    if production is None:
        return None
    return Membership.objects.filter(production=production, user=user).first()


class ProductionConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        self.membership = await _membership(user, self.scope["url_route"]["kwargs"]["slug"])
        if self.membership is None:
            # Not a member (or not signed in): refuse like a 404, telling nothing.
            await self.close(code=4404)
            return
        self.username = user.username
        self.pages: set[str] = set()
        self.group = production_group(self.membership.production_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.channel_layer.group_add(user_group(user.pk), self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if getattr(self, "membership", None) is None:
            return
        for page in self.pages:
            await self._presence("presence.leave", page)
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.channel_layer.group_discard(user_group(self.scope["user"].pk), self.channel_name)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("type") != PRESENCE:
            return
        page = str(content.get("page", ""))[:40]
        if page and page not in self.pages:
            self.pages.add(page)
            await self._presence("presence.join", page)

    async def _presence(self, event: str, page: str, to_channel: str | None = None):
        message = {
            "type": "studio.presence",
            "event": event,
            "page": page,
            "actor": self.username,
            "reply_to": self.channel_name,
        }
        if to_channel:
            await self.channel_layer.send(to_channel, message)
        else:
            await self.channel_layer.group_send(self.group, message)

    async def studio_presence(self, message):
        if message["reply_to"] == self.channel_name or message["page"] not in self.pages:
            return
        await self.send_json(
            {"event": message["event"], "page": message["page"], "actor": message["actor"]}
        )
        if message["event"] == "presence.join":
            # Tell the newcomer this page is open here too.
            await self._presence("presence.here", message["page"], to_channel=message["reply_to"])

    async def studio_message(self, message):
        payload = message["message"]
        on = payload.get("on") or ""
        name = on.partition(":")[0]
        kind = registry.kinds().get(name)
        if name and kind is not None and not kind.can_view(self.membership):
            return
        await self.send_json(payload)
