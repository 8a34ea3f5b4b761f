"""The portal's URLs with `/bench/trivial/`: a Django view through the same middleware, with no query."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("portal.urls"))]
