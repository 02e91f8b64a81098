"""The rows of the Steckbrief changelist (templates/admin/steckbriefe/steckbrief/
change_list.html): Django's result_list with the rows rendered by
SteckbriefAdmin.listen_zeilen when it can (same template, same markup)."""

from django import template
from django.contrib.admin.templatetags.admin_list import ResultList, result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode

register = template.Library()


def steckbrief_ergebnisse(cl):
    zeilen = cl.model_admin.listen_zeilen(cl)
    if zeilen is None:
        return result_list(cl)
    kontext = result_list_ohne_zeilen(cl)
    kontext["results"] = [ResultList(None, [zeile]) for zeile in zeilen]
    return kontext


def result_list_ohne_zeilen(cl) -> dict:
    """result_list(cl) without rendering its rows (headers and hidden fields only)."""
    alle = cl.result_list
    cl.result_list = []
    try:
        return result_list(cl)
    finally:
        cl.result_list = alle


@register.tag(name="steckbrief_ergebnisse")
def steckbrief_ergebnisse_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=steckbrief_ergebnisse,
        template_name="change_list_results.html",
        takes_context=False,
    )
