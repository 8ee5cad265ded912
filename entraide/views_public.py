"""The public page of the helplines (issue 12 point 12): « Médecin en difficulté ? », no login."""

from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def medecin_en_difficulte(request):
    return render(request, "entraide/medecin_en_difficulte.html")
