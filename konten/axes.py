"""django-axes: which login name an attempt is about, for both login forms.

The portal login (allauth) posts the address as "login" and authenticates with
email=…; the admin login posts and authenticates with username=…. Names are compared
case-insensitively, so that changing the case does not reset the count."""


def login_name(request, credentials: dict | None) -> str:
    for key in ("username", "email", "login"):
        value = (credentials or {}).get(key)
        if value:
            return str(value).strip().lower()
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    for key in ("login", "username"):
        value = data.get(key)
        if value:
            return str(value).strip().lower()
    return ""
