"""The register's API (CONTRACT.md tableau): /api/medecins/ and /api/societes/.

Views parse with a serializer, see only what `selectors` lets the user see (404 otherwise), call a service and
serialize its result; service errors become 400/403 in config.api.exception_handler.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import filters, mixins, permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from config.perms import peut

from .models import CHAMPS_COORDONNEES, MESSAGE_CHAMP_RESERVE, Exercice, Medecin, Statut
from .selectors import medecins_rechercher, medecins_visibles, societes_visibles
from .serializers import MedecinCoordonneesSerializer, MedecinSerializer, SocieteSerializer
from .services import (
    medecin_coordonnees_modifier,
    medecin_creer,
    medecin_modifier,
    societe_creer,
    societe_modifier,
)


class PermissionTableau(permissions.BasePermission):
    """The door's first answer, from the same table as the services (tableau/perms.py, config.perms): staff by
    the act each method performs (`view.actes`); a doctor only with the methods the view opens to doctors, on
    the rows `get_queryset()` lets him see — the service then checks the record is his."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method.lower() not in view.http_method_names:
            return True  # the view answers 405
        if user.is_staff:
            acte = view.actes.get(request.method)
            return acte is not None and peut(user, acte)
        return request.method in view.methodes_medecin


class MedecinFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=Statut.choices, label="statut")
    exercice = django_filters.ChoiceFilter(choices=Exercice.choices, label="mode d'exercice")

    class Meta:
        model = Medecin
        fields = ["statut", "exercice"]


class RechercheMedecin(filters.SearchFilter):
    """`?search=`: the register's own search (name, first name or RPPS; every word must match; accents and case
    ignored)."""

    search_description = (
        "Nom, prénom ou numéro RPPS ; chaque mot doit correspondre ; accents et majuscules indifférents."
    )

    def filter_queryset(self, request, queryset, view):
        return medecins_rechercher(queryset, request.query_params.get(self.search_param, ""))


@extend_schema_view(
    list=extend_schema(summary="Médecins du tableau (un médecin ne voit que sa fiche)"),
    retrieve=extend_schema(summary="Fiche d'un médecin"),
    create=extend_schema(summary="Inscrire une fiche au tableau (personnel)"),
    partial_update=extend_schema(
        summary="Modifier une fiche",
        description="Le personnel modifie la fiche (un changement de statut suit les passages prévus). "
        "Un médecin ne peut modifier que son adresse électronique, son téléphone et ses adresses.",
    ),
)
class MedecinViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MedecinSerializer
    actes = {
        "GET": "tableau.medecins_lister",
        "HEAD": "tableau.medecins_lister",
        "OPTIONS": "tableau.medecins_lister",
        "POST": "tableau.medecin_creer",
        "PATCH": "tableau.medecin_modifier",
    }
    methodes_medecin = ("GET", "HEAD", "OPTIONS", "PATCH")
    permission_classes = [PermissionTableau]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = [DjangoFilterBackend, RechercheMedecin, filters.OrderingFilter]
    filterset_class = MedecinFilter
    search_fields = ["nom", "prenom", "rpps"]
    ordering_fields = ["nom", "prenom", "rpps", "date_inscription", "statut"]

    def get_queryset(self):
        return medecins_visibles(self.request.user).order_by("nom", "prenom", "id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        medecin = medecin_creer(donnees=serializer.validated_data, par=request.user, today=timezone.localdate())
        return Response(self.get_serializer(medecin).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        medecin = self.get_object()
        if peut(request.user, "tableau.medecin_modifier", objet=medecin):
            serializer = self.get_serializer(medecin, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            medecin = medecin_modifier(
                medecin=medecin, donnees=serializer.validated_data, par=request.user, today=timezone.localdate()
            )
        else:
            interdits = sorted(set(request.data) - set(CHAMPS_COORDONNEES))
            if interdits:
                raise ValidationError({champ: MESSAGE_CHAMP_RESERVE for champ in interdits})
            serializer = MedecinCoordonneesSerializer(medecin, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            medecin = medecin_coordonnees_modifier(medecin=medecin, par=request.user, **serializer.validated_data)
        return Response(MedecinSerializer(medecin).data)


@extend_schema_view(
    list=extend_schema(summary="Sociétés du tableau"),
    retrieve=extend_schema(summary="Fiche d'une société"),
    create=extend_schema(summary="Inscrire une société (personnel)"),
    partial_update=extend_schema(summary="Modifier une société (personnel)"),
)
class SocieteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SocieteSerializer
    actes = {
        "GET": "tableau.societes_lister",
        "HEAD": "tableau.societes_lister",
        "OPTIONS": "tableau.societes_lister",
        "POST": "tableau.societe_creer",
        "PATCH": "tableau.societe_modifier",
    }
    methodes_medecin = ("GET", "HEAD", "OPTIONS")
    permission_classes = [PermissionTableau]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    filterset_fields = ["statut", "forme"]
    ordering_fields = ["raison_sociale", "date_inscription"]

    def get_queryset(self):
        return societes_visibles(self.request.user).order_by("raison_sociale", "id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        associes = donnees.pop("associes", ())
        societe = societe_creer(donnees=donnees, associes=associes, par=request.user)
        return Response(self.get_serializer(societe).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        societe = self.get_object()
        serializer = self.get_serializer(societe, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        associes = donnees.pop("associes", None)
        societe = societe_modifier(societe=societe, donnees=donnees, associes=associes, par=request.user)
        return Response(self.get_serializer(societe).data)


router = SimpleRouter()
router.register("medecins", MedecinViewSet, basename="medecin")
router.register("societes", SocieteViewSet, basename="societe")

urlpatterns = router.urls
