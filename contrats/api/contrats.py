"""Contracts communicated to the council (L4113-9): `POST/GET /api/contrats/` (multipart, `fichier` a PDF),
`GET /api/contrats/{id}/`, `GET …/{id}/fichier/` (the PDF, after the permission check), `POST …/{id}/etudier/`,
`POST …/{id}/avis/` (`avis`, `motivation`), `POST …/{id}/liens/` (a member of the commission declares that the
contract concerns him: he steps aside)."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from commun.fichiers import reponse_fichier
from config.perms import exiger, peut, regle

from .. import selectors, services
from ..models import AvisContrat, Contrat, TypeContrat
from . import router


class ContratSerializer(serializers.ModelSerializer):
    fichier = serializers.SerializerMethodField(
        help_text="Adresse de téléchargement du PDF (après vérification des droits)."
    )

    class Meta:
        model = Contrat
        fields = [
            "id",
            "medecin",
            "type",
            "date_signature",
            "fichier",
            "date_reception",
            "hors_delai",
            "statut",
            "avis",
            "motivation",
            "avis_le",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_fichier(self, contrat) -> str:
        return reverse("contrats-fichier", args=[contrat.pk])


class ContratEntreeSerializer(serializers.Serializer):
    medecin = serializers.IntegerField(required=False, help_text="Pour le personnel : le médecin du contrat.")
    type = serializers.ChoiceField(choices=TypeContrat.choices)
    date_signature = serializers.DateField()
    fichier = serializers.FileField(help_text="Le contrat signé, en PDF (jugé sur son contenu).")


class AvisContratEntreeSerializer(serializers.Serializer):
    avis = serializers.ChoiceField(choices=AvisContrat.choices)
    motivation = serializers.CharField(allow_blank=True)


class LienContratEntreeSerializer(serializers.Serializer):
    motif = serializers.CharField(allow_blank=True)
    membre = serializers.IntegerField(required=False, help_text="Pour le personnel : le membre concerné.")


@extend_schema_view(
    list=extend_schema(summary="Contrats communiqués (le médecin : les siens)"),
    retrieve=extend_schema(summary="Un contrat communiqué"),
    create=extend_schema(request={"multipart/form-data": ContratEntreeSerializer}, summary="Communiquer un contrat"),
)
class ContratViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ContratSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends = []

    def get_queryset(self):
        user, jour = self.request.user, timezone.localdate()
        if user.is_staff and not peut(user, "contrats.contrats_consulter", objet=Contrat(), date=jour):
            raise PermissionDenied(f"Vous n'avez pas le droit de {regle('contrats.contrats_consulter').libelle}.")
        return selectors.contrats_visibles(user=user, date=jour)

    def _detail(self, contrat, code=status.HTTP_200_OK):
        return Response(ContratSerializer(Contrat.objects.get(pk=contrat.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        entree = ContratEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        medecin = None
        if request.user.is_staff:
            from tableau.models import Medecin

            medecin = Medecin.objects.filter(pk=donnees.get("medecin")).first() if donnees.get("medecin") else None
            if medecin is None:
                raise ValidationError({"medecin": ["Indiquez le médecin (son identifiant) dont c'est le contrat."]})
        elif getattr(request.user, "medecin", None) is None:
            raise PermissionDenied("Seul un médecin inscrit communique un contrat depuis son compte.")
        contrat = services.contrat_envoyer(
            medecin=medecin,
            type=donnees["type"],
            date_signature=donnees["date_signature"],
            fichier=donnees["fichier"],
            par=request.user,
            today=timezone.localdate(),
        )
        return self._detail(contrat, status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, summary="Le PDF du contrat")
    @action(detail=True, methods=["get"])
    def fichier(self, request, pk=None):
        contrat = self.get_object()
        exiger(request.user, "contrats.contrat_lire", objet=contrat, date=timezone.localdate())
        return reponse_fichier(contrat.fichier.name, nom=contrat.nom_original, type_contenu=contrat.type_contenu)

    @extend_schema(request=None, responses=ContratSerializer, summary="Mettre le contrat à l'étude")
    @action(detail=True, methods=["post"])
    def etudier(self, request, pk=None):
        contrat = self.get_object()
        return self._detail(
            services.contrat_etudier(contrat_id=contrat.pk, par=request.user, today=timezone.localdate())
        )

    @extend_schema(
        request=AvisContratEntreeSerializer,
        responses=ContratSerializer,
        summary="Rendre l'avis motivé de la commission d'étude des contrats",
    )
    @action(detail=True, methods=["post"])
    def avis(self, request, pk=None):
        contrat = self.get_object()
        entree = AvisContratEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        contrat = services.contrat_avis_rendre(
            contrat_id=contrat.pk, par=request.user, today=timezone.localdate(), **entree.validated_data
        )
        return self._detail(contrat)

    @extend_schema(
        request=LienContratEntreeSerializer,
        responses={201: OpenApiTypes.OBJECT},
        summary="Déclarer un lien avec le contrat (le membre se retire de son examen)",
    )
    @action(detail=True, methods=["post"])
    def liens(self, request, pk=None):
        contrat = self.get_object()
        entree = LienContratEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        membre = None
        if request.user.is_staff and entree.validated_data.get("membre"):
            from gouvernance.models import Membre

            membre = Membre.objects.filter(pk=entree.validated_data["membre"]).first()
        lien = services.lien_declarer(
            contrat_id=contrat.pk,
            motif=entree.validated_data["motif"],
            membre=membre,
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(
            {"id": lien.pk, "contrat": contrat.pk, "membre": lien.membre_id, "motif": lien.motif},
            status=status.HTTP_201_CREATED,
        )


router.register("", ContratViewSet, basename="contrats")
