from django.utils.functional import SimpleLazyObject

from .phasen import prozessstand


def portal(request):
    """The process state, evaluated only where a template asks for it."""
    return {"prozess": SimpleLazyObject(prozessstand)}
