"""API token authentication: django-rest-knox, so that only a digest of each token is stored.

``Authorization: Token <64 hex characters>``, as the contract has it. A token lasts
``STUDIO_API_TOKEN_DAYS`` days from its last use.

Finding the token and its user was a query and two models on every API call, more than the
rest of a cached list's answer. The token (with its user) is kept in the cache under its
digest (``core.read_cache``), stamped with a generation of its user's that every save or
delete of the user or of any of their tokens moves: a revoked token, a deactivated user or a
user made (or no longer) superuser is refused or seen as they are at once. The generation is
read before the token, so it must be known which user to read it for: the first call of a
token in a process reads the database only (and notes the user), the next reads the user's
generation and then the database and keeps the token; calls after that read the cache only.
An expired token is refused from the cache as from the database.
"""

from hmac import compare_digest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import knox_settings
from knox.signals import token_expired
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

from core import read_cache

# Part of every key: change it whenever what is cached changes shape.
FORMAT = 1
# Token digest -> its user's id, in this process: which user's generation to read first.
_users: dict[str, int] = {}
USERS_KEPT = 10_000


def _key(digest: str) -> str:
    return f"auth:{FORMAT}:{digest}"


def user_generation(user_id: int) -> str:
    """The generation (``core.read_cache``) that stamps what is cached of the user."""
    return f"user:{user_id}"


def _user_changed(sender, instance, **kwargs) -> None:
    user_id = instance.pk if isinstance(instance, get_user_model()) else instance.user_id
    if user_id is not None:
        read_cache.expire(user_generation(user_id))


def read_ahead_keys(request) -> tuple[int | None, list[str]]:
    """Whose the request's token is, if this process has seen it, and the cache keys its
    lookup will ask for (``core.read_cache.ReadAhead``); ``(None, [])`` otherwise."""
    header = get_authorization_header(request).split()
    if len(header) != 2 or header[0].lower() != knox_settings.AUTH_HEADER_PREFIX.lower().encode():
        return None, []
    try:
        digest = hash_token(header[1].decode("utf-8"))
    except UnicodeDecodeError:
        return None, []
    user_id = _users.get(digest)
    if user_id is None:
        return None, []
    return user_id, read_cache.keys_for(_key(digest), user_generation(user_id))


def receivers_connect() -> None:
    """Expire a user's cached tokens whenever the user or one of their tokens is saved or
    deleted (``StudioConfig.ready``)."""
    read_cache.expire_on_writes(_user_changed, [get_user_model(), AuthToken], uid="auth-tokens")


def tokens_expired_delete(user, *, keep: AuthToken | None = None) -> int:
    """Delete the user's tokens that have expired (all but ``keep``); return how many."""
    expired = AuthToken.objects.filter(user=user, expiry__lt=timezone.now())
    if keep is not None:
        expired = expired.exclude(digest=keep.digest)
    gone = list(expired)
    for token in gone:
        token.delete()
        token_expired.send(
            sender=TokenAuthentication, username=user.get_username(), source="other_token"
        )
    return len(gone)


class TokenAuthentication(KnoxTokenAuthentication):
    ahead: read_cache.ReadAhead | None = None

    def authenticate(self, request):
        # What the request read from the cache ahead (productions.api.scoping), if anything.
        self.ahead = getattr(request, "read_ahead", None)
        return super().authenticate(request)

    def authenticate_credentials(self, token: bytes):
        # knox decodes the header as UTF-8 unchecked: bytes that are not would be a 500.
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        if not settings.STUDIO_BOARD_CACHE:
            return super().authenticate_credentials(token)
        digest = hash_token(text)
        auth_token = self._cached_token(digest)
        if auth_token is None or self._cleanup_token(auth_token):
            raise exceptions.AuthenticationFailed("Invalid token.")
        if knox_settings.AUTO_REFRESH and auth_token.expiry:
            self.renew_token(auth_token)
        return self.validate_user(auth_token)

    def _cached_token(self, digest: str) -> AuthToken | None:
        """Return the token whose digest this is, with its user, from the cache if it holds it."""
        key = _key(digest)
        user_id = _users.get(digest)
        if user_id is None:
            found = _token_read(digest)
            if found is not None:
                _remember(digest, found.user_id)
            return found
        value, stamps = read_cache.lookup(key, user_generation(user_id), self.ahead)
        if isinstance(value, AuthToken) and compare_digest(value.digest, digest):
            return value
        found = _token_read(digest)
        if found is not None and found.user_id == user_id:
            read_cache.store(key, stamps, found)
        return found

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        """Refuse (and delete) the token if it has expired.

        knox also reads every other token of the user on each request, to delete the expired
        ones: a query and a model per token on every API call, for housekeeping. That sweep
        runs when a token's expiry is renewed (at most once a minute) and at sign-in instead;
        an expired token is refused on its own use either way.
        """
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False

    def renew_token(self, auth_token: AuthToken) -> None:
        before = auth_token.expiry
        super().renew_token(auth_token)
        # knox saves the new expiry only when it moved by more than this: sweep as seldom.
        if (auth_token.expiry - before).total_seconds() > knox_settings.MIN_REFRESH_INTERVAL:
            tokens_expired_delete(auth_token.user, keep=auth_token)


def _token_read(digest: str) -> AuthToken | None:
    # The password's hash stays in the database: nothing an API call does needs it.
    tokens = AuthToken.objects.select_related("user").defer("user__password")
    return tokens.filter(digest=digest).first()


def _remember(digest: str, user_id: int) -> None:
    if len(_users) >= USERS_KEPT:
        _users.clear()
    _users[digest] = user_id
