"""`POST/GET /api/solidarite/journees/` (`?volontaire=`, `?lieu=`, `?mois=YYYY-MM`), `GET/PATCH …/{id}/` (move a
day: `lieu`, `date`, `debut`, `fin`), `POST …/{id}/annuler/` (`motif`), `POST …/{id}/effectuer/`. Times are the
place's local times (`HH:MM`). A doctor sees and plans his own days; staff act on any."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors, services
from ..models import Journee, Lieu, Volontaire
from . import router
from .commun import Connecte, reserve_au_personnel

HEURES = {"format": "%H:%M", "input_formats": ["%H:%M", "%H:%M:%S"]}


class JourneeSerializer(serializers.ModelSerializer):
    debut = serializers.TimeField(**HEURES)
    fin = serializers.TimeField(**HEURES)
    payee = serializers.SerializerMethodField()

    class Meta:
        model = Journee
        fields = ("id", "volontaire", "lieu", "date", "debut", "fin", "statut", "sequence", "motif_annulation", "payee")
        read_only_fields = fields

    def get_payee(self, journee) -> bool:
        return journee.paiement_id is not None


class JourneeEntreeSerializer(serializers.Serializer):
    volontaire = serializers.PrimaryKeyRelatedField(queryset=Volontaire.objects.all())
    lieu = serializers.PrimaryKeyRelatedField(queryset=Lieu.objects.all())
    date = serializers.DateField(input_formats=["%Y-%m-%d"])
    debut = serializers.TimeField(**HEURES)
    fin = serializers.TimeField(**HEURES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # A doctor names his own application only: another's is "not found" (nothing shows it exists).
            self.fields["volontaire"].queryset = selectors.volontaires_lisibles(user)


class JourneeModificationSerializer(serializers.Serializer):
    lieu = serializers.PrimaryKeyRelatedField(queryset=Lieu.objects.all(), required=False)
    date = serializers.DateField(input_formats=["%Y-%m-%d"], required=False)
    debut = serializers.TimeField(required=False, **HEURES)
    fin = serializers.TimeField(required=False, **HEURES)


class AnnulationJourneeSerializer(serializers.Serializer):
    motif = serializers.CharField(allow_blank=True, error_messages={"required": "Indiquez le motif de l'annulation."})


class JourneeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [Connecte]
    serializer_class = JourneeSerializer
    queryset = Journee.objects.none()  # the model read; the rows: get_queryset()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        reserve_au_personnel(user, "solidarite.journees_lire")
        qs = selectors.journees_lisibles(user)
        p = self.request.query_params
        for champ in ("volontaire", "lieu"):
            if (p.get(champ) or "").isdigit():
                qs = qs.filter(**{f"{champ}_id": int(p[champ])})
        mois = p.get("mois") or ""
        try:
            jour = datetime.datetime.strptime(mois, "%Y-%m").date() if mois else None
        except ValueError:
            raise serializers.ValidationError({"mois": ["Le mois s'écrit AAAA-MM, par exemple 2026-10."]}) from None
        if jour:
            qs = qs.filter(date__year=jour.year, date__month=jour.month)
        return qs

    @extend_schema(request=JourneeEntreeSerializer, responses={201: JourneeSerializer})
    def create(self, request, *args, **kwargs):
        entree = JourneeEntreeSerializer(data=request.data, user=request.user)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        journee = services.journee_planifier(
            volontaire=d["volontaire"],
            lieu=d["lieu"],
            date=d["date"],
            debut=d["debut"],
            fin=d["fin"],
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(JourneeSerializer(journee).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=JourneeModificationSerializer, responses=JourneeSerializer)
    def partial_update(self, request, *args, **kwargs):
        journee = self.get_object()
        entree = JourneeModificationSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        journee = services.journee_modifier(
            journee=journee, par=request.user, today=timezone.localdate(), **entree.validated_data
        )
        return Response(JourneeSerializer(journee).data)

    @extend_schema(request=AnnulationJourneeSerializer, responses=JourneeSerializer)
    @action(detail=True, methods=["post"])
    def annuler(self, request, pk=None):
        journee = self.get_object()
        entree = AnnulationJourneeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        journee = services.journee_annuler(
            journee=journee, motif=entree.validated_data["motif"], par=request.user, today=timezone.localdate()
        )
        return Response(JourneeSerializer(journee).data)

    @extend_schema(request=None, responses=JourneeSerializer)
    @action(detail=True, methods=["post"])
    def effectuer(self, request, pk=None):
        journee = services.journee_effectuer(journee=self.get_object(), par=request.user, today=timezone.localdate())
        return Response(JourneeSerializer(journee).data)


router.register("journees", JourneeViewSet, basename="solidarite-journee")
