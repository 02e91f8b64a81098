"""Admin actions with an intermediate page (a small form before the action runs)."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def aktion_mit_formular(
    model_admin, request, queryset, form_class, *, titel, frage, knopf, ausfuehren, form_kwargs=None
):
    """First call: show `form_class` with the selected objects. When the form comes back
    valid (`anwenden` in POST), run `ausfuehren(cleaned_data)` and return to the list."""
    form_kwargs = form_kwargs or {}
    if "anwenden" in request.POST:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            ausfuehren(form.cleaned_data)
            return None
    else:
        form = form_class(**form_kwargs)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": titel,
        "subtitle": None,
        "frage": frage,
        "knopf": knopf,
        "form": form,
        "objekte": list(queryset),
        "aktion": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/bewertung/aktion.html", context)
