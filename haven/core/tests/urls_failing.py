"""Haven's URLs plus one view that fails, to test what a person sees when something breaks."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from haven.urls import handler500
from haven.urls import urlpatterns as haven_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals of a bug")


urlpatterns = [path("broken/", _broken), *haven_urlpatterns]
