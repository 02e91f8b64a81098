"""The exchange about one Steckbrief among its reviewers and the Geschäftsstelle
(admin:steckbriefe_steckbrief_austausch): the messages in order and a form for a new one.
Who may: regeln.austausch_hindernis (403 otherwise; a Steckbrief out of scope is 404)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import regeln, services
from ..models import Kommentar
from . import FEHLER
from .bewerten_laden import steckbrief_laden


class KommentarForm(forms.Form):
    text = forms.CharField(
        label="Ihre Nachricht an die Prüfenden und die Geschäftsstelle",
        max_length=services.KOMMENTAR_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Bitte schreiben Sie einen Text."},
        help_text="Nur die Prüfenden dieses Steckbriefs und die Geschäftsstelle lesen mit; die "
        "Einreichenden nicht.",
    )


def seite(request, model_admin, object_id):
    sb = steckbrief_laden(request, object_id)
    zuweisung = regeln.zuweisung_fuer(request.user, sb)
    if grund := regeln.austausch_hindernis(request.user, sb, zuweisung):
        raise PermissionDenied(grund)
    hier = reverse("admin:steckbriefe_steckbrief_austausch", args=[sb.pk])
    form = KommentarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kommentar_schreiben(sb, request.user, form.cleaned_data["text"])
        except FEHLER as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Ihre Nachricht ist gespeichert.")
            return HttpResponseRedirect(hier)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Austausch zu „{sb}“",
        "subtitle": None,
        "sb": sb,
        "kommentare": list(Kommentar.objects.filter(steckbrief=sb).select_related("autor")),
        "form": form,
        "bewerten_url": reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]),
    }
    return TemplateResponse(request, "admin/bewertung/austausch.html", context)
