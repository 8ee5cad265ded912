from django.conf import settings


def site(request):
    return {"CDOM_NOM": settings.CDOM_NOM}
