"""`POST/GET /api/solidarite/volontaires/`, `GET …/{id}/`, the acts `valider`, `demander-correction`, `refuser`,
`verifier` (open the verification), `classer-sans-suite`, `corriger` (the doctor, when a correction is asked),
`renouveler-lien` (revoke the private feed's secret link), and the volunteer's feeds `…/{id}/agenda.ics` and
`…/{id}/agenda.csv` (the volunteer himself and the staff who read volunteers; another doctor 404).

A doctor volunteers for himself (`medecin` omitted or his own); staff act on any doctor."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tableau.models import Medecin

from .. import agenda, selectors, services
from ..models import Lieu, Volontaire
from . import router
from .commun import RENDUS_AGENDA, Connecte, reponse_csv, reponse_ics, reserve_au_personnel


class VolontaireSerializer(serializers.ModelSerializer):
    lieux = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    lien_agenda = serializers.SerializerMethodField()

    class Meta:
        model = Volontaire
        fields = (
            "id",
            "medecin",
            "lieux",
            "creneaux_souhaites",
            "statut",
            "date_depot",
            "lieu_exercice_principal",
            "numero_dossier",
            "lien_agenda",
        )
        read_only_fields = fields

    def get_lien_agenda(self, volontaire) -> str:
        """The private feed's secret link (whoever reads the volunteer sees it; `renouveler-lien` revokes it)."""
        chemin = reverse("solidarite:agenda_secret", kwargs={"token": volontaire.jeton_agenda})
        requete = self.context.get("request")
        return requete.build_absolute_uri(chemin) if requete else chemin


class VolontaireEntreeSerializer(serializers.Serializer):
    medecin = serializers.PrimaryKeyRelatedField(queryset=Medecin.objects.all(), required=False)
    lieux = serializers.PrimaryKeyRelatedField(queryset=Lieu.objects.all(), many=True, allow_empty=False)
    creneaux_souhaites = serializers.CharField(required=False, allow_blank=True, default="")
    lieu_exercice_principal = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class CorrectionVolontaireSerializer(serializers.Serializer):
    lieux = serializers.PrimaryKeyRelatedField(queryset=Lieu.objects.all(), many=True, required=False)
    creneaux_souhaites = serializers.CharField(required=False, allow_blank=True)
    lieu_exercice_principal = serializers.CharField(required=False, allow_blank=True, max_length=255)


class MotifSolidariteSerializer(serializers.Serializer):
    motif = serializers.CharField(
        allow_blank=True,
        error_messages={"required": "Indiquez le motif.", "blank": "Indiquez le motif."},
    )


class VolontaireViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [Connecte]
    serializer_class = VolontaireSerializer
    queryset = Volontaire.objects.none()  # the model read; the rows: get_queryset()

    def get_queryset(self):
        user = self.request.user
        reserve_au_personnel(user, "solidarite.volontaire_lire")
        qs = selectors.volontaires_lisibles(user)
        statut = self.request.query_params.get("statut")
        return qs.filter(statut=statut) if statut else qs

    @extend_schema(request=VolontaireEntreeSerializer, responses={201: VolontaireSerializer})
    def create(self, request, *args, **kwargs):
        entree = VolontaireEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        medecin = d.get("medecin")
        if medecin is None:
            medecin = getattr(request.user, "medecin", None)
            if medecin is None:
                raise serializers.ValidationError({"medecin": ["Indiquez le médecin volontaire."]})
        volontaire = services.volontaire_deposer(
            medecin=medecin,
            lieux=d["lieux"],
            creneaux_souhaites=d["creneaux_souhaites"],
            lieu_exercice_principal=d["lieu_exercice_principal"],
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(self._lu(volontaire), status=status.HTTP_201_CREATED)

    def _lu(self, volontaire):
        return self.get_serializer(selectors.volontaires_liste().get(pk=volontaire.pk)).data

    def _acte(self, request, service, **arguments):
        volontaire = self.get_object()
        service(volontaire=volontaire, par=request.user, today=timezone.localdate(), **arguments)
        return Response(self._lu(volontaire))

    def _motif(self, request) -> str:
        entree = MotifSolidariteSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        return entree.validated_data["motif"]

    @extend_schema(request=None, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"])
    def valider(self, request, pk=None):
        return self._acte(request, services.volontaire_valider)

    @extend_schema(request=None, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"])
    def verifier(self, request, pk=None):
        return self._acte(request, services.volontaire_ouvrir_verification)

    @extend_schema(request=MotifSolidariteSerializer, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"], url_path="demander-correction")
    def demander_correction(self, request, pk=None):
        return self._acte(request, services.volontaire_demander_correction, motif=self._motif(request))

    @extend_schema(request=MotifSolidariteSerializer, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"])
    def refuser(self, request, pk=None):
        return self._acte(request, services.volontaire_refuser, motif=self._motif(request))

    @extend_schema(request=MotifSolidariteSerializer, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"], url_path="classer-sans-suite")
    def classer_sans_suite(self, request, pk=None):
        return self._acte(request, services.volontaire_classer_sans_suite, motif=self._motif(request))

    @extend_schema(request=CorrectionVolontaireSerializer, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"])
    def corriger(self, request, pk=None):
        entree = CorrectionVolontaireSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        return self._acte(request, services.volontaire_corriger, **entree.validated_data)

    @extend_schema(request=None, responses=VolontaireSerializer)
    @action(detail=True, methods=["post"], url_path="renouveler-lien")
    def renouveler_lien(self, request, pk=None):
        return self._acte(request, services.jeton_renouveler)

    def _exporter(self, request):
        volontaire = self.get_object()
        journees, exclus = services.journees_exporter(
            selectors.journees_du_volontaire(volontaire), par=request.user, today=timezone.localdate()
        )
        return volontaire, journees, exclus

    @extend_schema(
        summary="Agenda du volontaire (iCalendar)",
        operation_id="solidarite_volontaire_agenda_ics",
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    def agenda_ics(self, request, pk=None):
        volontaire, journees, exclus = self._exporter(request)
        nom = f"Solidarité territoriale – Dr {volontaire.medecin.nom_complet}"
        return reponse_ics(
            agenda.calendrier(journees, nom=nom, exclus=exclus), agenda.nom_fichier(f"volontaire-{pk}", "ics")
        )

    @extend_schema(
        summary="Agenda du volontaire (CSV)",
        operation_id="solidarite_volontaire_agenda_csv",
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def agenda_csv(self, request, pk=None):
        volontaire, journees, exclus = self._exporter(request)
        return reponse_csv(agenda.tableur(journees, exclus=exclus), agenda.nom_fichier(f"volontaire-{pk}", "csv"))


VOLONTAIRE_ICS = VolontaireViewSet.as_view({"get": "agenda_ics"}, renderer_classes=RENDUS_AGENDA)
VOLONTAIRE_CSV = VolontaireViewSet.as_view({"get": "agenda_csv"}, renderer_classes=RENDUS_AGENDA)

router.register("volontaires", VolontaireViewSet, basename="solidarite-volontaire")
