import django_filters

from .models import Status, Steckbrief


class SteckbriefFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Alle Status"
    )

    class Meta:
        model = Steckbrief
        fields = ["status"]
