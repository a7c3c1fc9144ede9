"""Settings read from the environment; see the README's configuration table."""

from .base import *  # noqa: F401,F403
