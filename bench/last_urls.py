"""URLconf of the load benchmark only (bench.last_einstellungen): the portal's URLs plus a
trivial view that measures the ceiling of the stack (gunicorn + Django middleware, no
database query, no template)."""

from django.http import HttpResponse
from django.urls import path

from masterplan.urls import urlpatterns as portal


def leer(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/leer/", leer, name="bench_leer"), *portal]
