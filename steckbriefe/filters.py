import django_filters
from django.db.models import Q

from .models import Status, Steckbrief


class SteckbriefFilter(django_filters.FilterSet):
    """The submitters' list: filtered by the status they may know (Steckbrief.sichtbarer_status:
    a decision counts once its notice went out)."""

    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Alle Status", method="nach_status"
    )

    def nach_status(self, queryset, name, wert):
        unveroeffentlicht = Q(status=Status.ENTSCHIEDEN, entscheidung_mitgeteilt_am__isnull=True)
        if wert == Status.ENTSCHIEDEN:
            return queryset.filter(status=wert).exclude(unveroeffentlicht)
        if wert == Status.BEWERTET:
            return queryset.filter(Q(status=wert) | unveroeffentlicht)
        return queryset.filter(status=wert)

    class Meta:
        model = Steckbrief
        fields = ["status"]
