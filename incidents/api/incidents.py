"""Violence incidents: `POST/GET /api/incidents/`, `GET /api/incidents/{id}/`, `GET /api/incidents/statistiques/
?annee=` (anonymous figures) and `…/statistiques-xlsx/?annee=` (the same for the CNOM's observatory). Every
declaration shown is a logged read."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from commun.xlsx import TYPE_XLSX
from config.perms import exiger, peut, regle

from .. import selectors, services
from ..exports import statistiques_xlsx
from ..models import AuteurIncident, Incident, LieuIncident
from . import router


class IncidentSerializer(serializers.ModelSerializer):
    types = serializers.ListField(child=serializers.CharField(), help_text="Parmi les types de la liste fermée.")
    lieu = serializers.ChoiceField(choices=LieuIncident.choices)
    auteur = serializers.ChoiceField(choices=AuteurIncident.choices)
    description = serializers.CharField()
    declarant = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Le médecin connecté (le personnel indique `declarant` pour un médecin)."
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "declarant",
            "date",
            "commune",
            "lieu",
            "types",
            "auteur",
            "plainte_deposee",
            "main_courante",
            "description",
        ]
        read_only_fields = ["id", "declarant"]


class StatistiquesIncidentsSerializer(serializers.Serializer):
    annee = serializers.IntegerField()
    total = serializers.IntegerField()
    par_type = serializers.DictField(child=serializers.IntegerField())
    par_lieu = serializers.DictField(child=serializers.IntegerField())
    par_auteur = serializers.DictField(child=serializers.IntegerField())
    part_plainte = serializers.DecimalField(max_digits=5, decimal_places=2)


ANNEE = OpenApiParameter("annee", OpenApiTypes.INT, required=True, description="Année des faits (AAAA).")


def _annee(request) -> int:
    brut = request.query_params.get("annee", "")
    if not brut.isdigit() or not 1900 <= int(brut) <= 2999:
        raise ValidationError({"annee": ["Indiquez l'année sur quatre chiffres, par exemple ?annee=2026."]})
    return int(brut)


@extend_schema_view(
    list=extend_schema(summary="Déclarations d'incidents (le médecin : les siennes)"),
    retrieve=extend_schema(summary="Une déclaration d'incident (consultation enregistrée)"),
    create=extend_schema(summary="Déclarer un incident de violence"),
)
class IncidentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = IncidentSerializer
    filter_backends = []

    def get_queryset(self):
        user, jour = self.request.user, timezone.localdate()
        if user.is_staff and not peut(user, "incidents.incidents_consulter", objet=Incident(), date=jour):
            raise PermissionDenied(f"Vous n'avez pas le droit de {regle('incidents.incidents_consulter').libelle}.")
        return selectors.incidents_lisibles(user=user, date=jour)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        services.lectures_consigner(user=request.user, incidents=page)
        return self.get_paginated_response(IncidentSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        incident = self.get_object()
        exiger(request.user, "incidents.incident_lire", objet=incident, date=timezone.localdate(), lecture=True)
        return Response(IncidentSerializer(incident).data)

    def create(self, request, *args, **kwargs):
        entree = IncidentSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        medecin = None
        if request.user.is_staff:
            from tableau.models import Medecin

            declarant = request.data.get("declarant")
            medecin = Medecin.objects.filter(pk=declarant).first() if str(declarant or "").isdigit() else None
            if medecin is None:
                raise ValidationError({"declarant": ["Indiquez le médecin (son identifiant) qui déclare l'incident."]})
        elif getattr(request.user, "medecin", None) is None:
            raise PermissionDenied("Seul un médecin inscrit déclare un incident depuis son compte.")
        incident = services.incident_declarer(
            medecin=medecin, par=request.user, today=timezone.localdate(), **entree.validated_data
        )
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    def _statistiques(self, request) -> dict:
        jour = timezone.localdate()
        exiger(request.user, "incidents.statistiques_consulter", objet=Incident(), date=jour)
        return selectors.statistiques(annee=_annee(request))

    @extend_schema(
        parameters=[ANNEE], responses=StatistiquesIncidentsSerializer, summary="Chiffres anonymes d'une année"
    )
    @action(detail=False, methods=["get"])
    def statistiques(self, request):
        return Response(StatistiquesIncidentsSerializer(self._statistiques(request)).data)

    @extend_schema(
        parameters=[ANNEE],
        responses={(200, TYPE_XLSX): OpenApiTypes.BINARY},
        summary="Chiffres anonymes d'une année, en tableur pour l'observatoire du CNOM",
    )
    @action(detail=False, methods=["get"], url_path="statistiques-xlsx")
    def statistiques_xlsx(self, request):
        stats = self._statistiques(request)
        reponse = HttpResponse(statistiques_xlsx(stats, cdom=getattr(settings, "CDOM_NOM", "")), content_type=TYPE_XLSX)
        reponse["Content-Disposition"] = f'attachment; filename="observatoire-securite-{stats["annee"]}.xlsx"'
        return reponse


router.register("", IncidentViewSet, basename="incidents")
