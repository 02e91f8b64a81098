"""The portal's navigation offers the portfolio to whom may see it (the Geschäftsstelle and
the Lenkungskreis). Lazy: only a page that renders the navigation asks, and the roles come
from the account's cached groups, so it costs no query of its own."""

from django.utils.functional import SimpleLazyObject

from .regeln import darf_portfolio_sehen


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "portfolio_sichtbar": SimpleLazyObject(
            lambda: bool(user is not None and darf_portfolio_sehen(user))
        )
    }
