from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from taskforce.models import Taskforce


def home(request: HttpRequest) -> HttpResponse:
    taskforce = Taskforce.current()
    return render(
        request,
        "taskforce/home.html",
        {"taskforce": taskforce, "deadline": taskforce and taskforce.deadline()},
    )


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """The cheapest page of the app: the floor for benchmarks and a liveness probe."""
    return HttpResponse("ok", content_type="text/plain")
