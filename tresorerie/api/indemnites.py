"""The allowances' endpoints (CONTRACT.md tresorerie):

- `GET /api/tresorerie/indemnites/?annee=&inscrits=`: `{"president", "secretaire_general", "tresorier"}`, the yearly
  responsibility allowances in the default split (`inscrits` absent: the tableau on 1 October of the year before, or
  the figure the council recorded); `annee` absent: the current year.
- `GET /api/tresorerie/indemnites/rapport/?annee=&membre=` (`&format=xlsx`): the yearly statement per member and
  month, gross, CSG, CRDS, net.
- `POST /api/tresorerie/vacations/`: `membre`, `date`, `duree` (`heure`, `demi_journee`, `journee`), `heures` (with
  `heure`), `nature` (default `commission`), `seance` and `objet` (optional) → `201` with `id` and `montant`;
  `GET` lists them (`?membre=`, `?annee=`)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from cotisations.api_etats import RenduXlsx

from .. import selectors, services
from ..exports_indemnites import TYPE_XLSX, nom_du_fichier, rapport_indemnites_xlsx
from ..models import BaremeIndemnites, DureeVacation, NatureVacation, Vacation
from . import router
from .commun import Connecte, reserve


class IndemnitesParametresSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "L'année s'écrit en chiffres (par exemple ?annee=2027)."},
    )
    inscrits = serializers.IntegerField(
        required=False,
        min_value=0,
        error_messages={
            "invalid": "Le nombre d'inscrits est un entier (par exemple ?inscrits=5501).",
            "min_value": "Le nombre d'inscrits est positif ou nul.",
        },
    )


class RapportParametresSerializer(serializers.Serializer):
    annee = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    membre = serializers.IntegerField(required=False, min_value=1)


ARGENT = {"max_digits": 12, "decimal_places": 2}


class IndemnitesSerializer(serializers.Serializer):
    president = serializers.DecimalField(**ARGENT)
    secretaire_general = serializers.DecimalField(**ARGENT)
    tresorier = serializers.DecimalField(**ARGENT)


class IndemnitesViewSet(viewsets.GenericViewSet):
    """Figures, not rows: `queryset` only names the model whose view permission opens them (the scale)."""

    permission_classes = [Connecte]
    queryset = BaremeIndemnites.objects.none()
    serializer_class = IndemnitesSerializer
    pagination_class = None
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, RenduXlsx]

    @extend_schema(
        parameters=[
            OpenApiParameter("annee", OpenApiTypes.INT, description="l'année (par défaut : l'année en cours)"),
            OpenApiParameter(
                "inscrits", OpenApiTypes.INT, description="inscrits au 1er octobre N-1 (sinon : le tableau)"
            ),
        ],
        responses=IndemnitesSerializer,
    )
    def list(self, request):
        today = timezone.localdate()
        reserve(request.user, "tresorerie.indemnites_consulter")
        parametres = IndemnitesParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        montants = services.indemnites_responsabilite(
            annee=parametres.validated_data.get("annee", today.year),
            inscrits=parametres.validated_data.get("inscrits"),
            par=request.user,
            today=today,
        )
        return Response(IndemnitesSerializer(montants).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("annee", OpenApiTypes.INT),
            OpenApiParameter("membre", OpenApiTypes.INT),
            OpenApiParameter("format", str, enum=["json", "xlsx"]),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def rapport(self, request):
        today = timezone.localdate()
        reserve(request.user, "tresorerie.indemnites_rapport")
        parametres = RapportParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        rapport = services.indemnites_rapport(
            annee=parametres.validated_data.get("annee", today.year),
            membre_id=parametres.validated_data.get("membre"),
            par=request.user,
            today=today,
        )
        if request.accepted_renderer.format == "xlsx":
            return Response(
                rapport_indemnites_xlsx(rapport),
                content_type=TYPE_XLSX,
                headers={"Content-Disposition": f'attachment; filename="{nom_du_fichier(rapport["annee"])}"'},
            )
        return Response(_json(rapport))


def _json(rapport: dict) -> dict:
    """Amounts as decimal strings, as DRF writes them elsewhere."""

    def texte(d):
        return {k: f"{v:.2f}" if not isinstance(v, int) else v for k, v in d.items()}

    return {
        "annee": rapport["annee"],
        "lignes": [
            {
                "membre": ligne["membre"],
                "nom": ligne["nom"],
                "indemnites": ligne["indemnites"],
                "mois": [texte(m) for m in ligne["mois"]],
                "total": texte(ligne["total"]),
            }
            for ligne in rapport["lignes"]
        ],
        "total": texte(rapport["total"]),
    }


class VacationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vacation
        fields = ("id", "membre", "date", "nature", "duree", "heures", "nombre_vacations", "montant", "seance", "objet")
        read_only_fields = fields


class VacationEntreeSerializer(serializers.Serializer):
    membre = serializers.IntegerField(min_value=1)
    date = serializers.DateField(input_formats=["%Y-%m-%d"])
    duree = serializers.ChoiceField(
        choices=DureeVacation.choices,
        error_messages={"invalid_choice": "La durée est « heure », « demi_journee » ou « journee »."},
    )
    heures = serializers.DecimalField(max_digits=4, decimal_places=2, required=False, allow_null=True)
    nature = serializers.ChoiceField(choices=NatureVacation.choices, default=NatureVacation.COMMISSION)
    seance = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    objet = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class VacationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [Connecte]
    serializer_class = VacationSerializer
    queryset = Vacation.objects.none()  # the model read; the rows: get_queryset()

    def get_queryset(self):
        reserve(self.request.user, "tresorerie.indemnites_rapport")
        qs = selectors.vacations_liste()
        membre, annee = self.request.query_params.get("membre"), self.request.query_params.get("annee")
        if membre and membre.isdigit():
            qs = qs.filter(membre_id=int(membre))
        if annee and annee.isdigit():
            qs = qs.filter(date__year=int(annee))
        return qs

    @extend_schema(request=VacationEntreeSerializer, responses={201: VacationSerializer})
    def create(self, request, *args, **kwargs):
        entree = VacationEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        vacation = services.vacation_enregistrer(
            membre_id=d["membre"],
            date=d["date"],
            duree=d["duree"],
            heures=d.get("heures"),
            nature=d["nature"],
            seance_id=d.get("seance"),
            objet=d.get("objet", ""),
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(VacationSerializer(vacation).data, status=status.HTTP_201_CREATED)


router.register("indemnites", IndemnitesViewSet, basename="tresorerie-indemnites")
router.register("vacations", VacationViewSet, basename="tresorerie-vacation")
