"""Every new sign-up becomes an Einreichende (submitter)."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .services import als_einreichende


@receiver(user_signed_up, dispatch_uid="konten_rolle_einreichende")
def rolle_bei_registrierung(sender, request, user, **kwargs):
    als_einreichende(user)
