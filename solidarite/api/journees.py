"""`POST/GET /api/solidarite/journees/` (`?volontaire=`, `?lieu=`, `?mois=YYYY-MM`), `POST …/serie/` (a recurrence:
`premiere`, `nombre`, `semaines`; it generates one row per day, all or none), `GET/PATCH …/{id}/` (move a
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


class SerieEntreeSerializer(JourneeEntreeSerializer):
    date = None
    premiere = serializers.DateField(input_formats=["%Y-%m-%d"], help_text="La date de la première journée.")
    nombre = serializers.IntegerField(
        min_value=1,
        max_value=24,
        help_text="Le nombre de journées de la série (24 au plus).",
        error_messages={
            "min_value": "Une série compte au moins une journée.",
            "max_value": "Une série compte au plus 24 journées : planifiez la suite ensuite.",
        },
    )
    semaines = serializers.IntegerField(
        min_value=1,
        max_value=12,
        default=4,
        help_text="L'écart entre deux journées, en semaines (4 par défaut).",
        error_messages={
            "min_value": "Les journées d'une série sont espacées d'au moins une semaine.",
            "max_value": "Les journées d'une série sont espacées de 12 semaines au plus.",
        },
    )


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

    @extend_schema(request=SerieEntreeSerializer, responses={201: JourneeSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def serie(self, request):
        """A recurrence: its days, each a row of its own under the same rules (two a month, no overlap); if one is
        refused, none is written and the message says which."""
        entree = SerieEntreeSerializer(data=request.data, user=request.user)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        journees = services.journees_planifier_serie(
            volontaire=d["volontaire"],
            lieu=d["lieu"],
            premiere=d["premiere"],
            nombre=d["nombre"],
            semaines=d["semaines"],
            debut=d["debut"],
            fin=d["fin"],
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(JourneeSerializer(journees, many=True).data, status=status.HTTP_201_CREATED)

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
