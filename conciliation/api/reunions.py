"""conciliation API: reunions — a meeting's detail (with its PV) and its procès-verbal (CONTRACT.md:
`POST /api/conciliation/reunions/{id}/proces-verbal/`). Seen by the file's readers only (404 otherwise)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.perms import exiger

from .. import selectors, services
from ..models import IssueConciliation, Reunion
from . import commun, router
from .commun import Connecte
from .plaintes import ProcesVerbalPlainteSerializer, ReunionPlainteSerializer


class ReunionConciliationSerializer(ReunionPlainteSerializer):
    plainte = serializers.IntegerField(source="plainte_id")


class ProcesVerbalEntreeSerializer(serializers.Serializer):
    issue = serializers.ChoiceField(choices=IssueConciliation.choices)
    desaccords = serializers.CharField(required=False, allow_blank=True, default="")
    accord = serializers.CharField(required=False, allow_blank=True, default="")


class ProcesVerbalCreeSerializer(ProcesVerbalPlainteSerializer):
    reunion = serializers.IntegerField(source="reunion_id")
    statut = serializers.CharField(source="reunion.plainte.statut")


@extend_schema_view(retrieve=extend_schema(summary="Une réunion de conciliation et son procès-verbal"))
class ReunionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReunionConciliationSerializer
    permission_classes = [Connecte]

    def get_queryset(self):
        lisibles = selectors.plaintes_lisibles(user=self.request.user, date=commun.aujourd_hui())
        return Reunion.objects.filter(plainte__in=lisibles.values("pk")).select_related("plainte", "proces_verbal")

    def retrieve(self, request, *args, **kwargs):
        reunion = self.get_object()
        exiger(
            request.user, "conciliation.plainte_lire", objet=reunion.plainte, date=commun.aujourd_hui(), lecture=True
        )
        return Response(ReunionConciliationSerializer(reunion).data)

    @extend_schema(
        request=ProcesVerbalEntreeSerializer,
        responses={201: ProcesVerbalCreeSerializer},
        summary="Établir le procès-verbal : son issue fait avancer le dossier",
    )
    @action(detail=True, methods=["post"], url_path="proces-verbal", url_name="proces-verbal")
    def proces_verbal(self, request, pk=None):
        reunion = self.get_object()
        entree = ProcesVerbalEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        pv = services.proces_verbal_etablir(
            reunion_id=reunion.pk, **entree.validated_data, par=request.user, today=commun.aujourd_hui()
        )
        return Response(ProcesVerbalCreeSerializer(pv).data, status=status.HTTP_201_CREATED)


router.register("reunions", ReunionViewSet, basename="conciliation-reunions")
