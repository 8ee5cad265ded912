"""conciliation API, documents slice (CONTRACT.md conciliation; issue 12 points 1, 2, 4, 5, 6):

- `GET /api/conciliation/echeances/?date=`: the open complaints whose next legal deadline has passed or falls
  within 7 days, among those the user may read: `[{"plainte", "type", "echeance", "depassee"}]`;
- `GET /api/conciliation/rapport/?annee=` (`&format=xlsx`, `&format=pdf`): the yearly report to the plenary;
- the letters as PDF (each read checked by `conciliation.plainte_lire` on the day and logged; 404 for whoever may
  not read the file): `plaintes/{id}/accuse-reception.pdf`, `plaintes/{id}/information-medecin.pdf`,
  `plaintes/{id}/transmission.pdf` (the letter to the chambre disciplinaire and the file),
  `reunions/{id}/convocation.pdf` (`?partie=plaignant|medecin`, both letters without it),
  `reunions/{id}/proces-verbal.pdf`."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from commun.xlsx import TYPE_XLSX
from config.api import PDFRenderer
from config.pdf import reponse_pdf
from config.perms import exiger, peut, regle
from cotisations.api_etats import RenduXlsx

from .. import documents, exports, selectors
from ..models import Plainte, Reunion, TypeEcheance
from . import commun, router


def _reserve(user, acte: str, date) -> None:
    """Whoever may not read is refused (403), rather than shown an empty list."""
    if not peut(user, acte, objet=Plainte(), date=date):
        raise PermissionDenied(f"Vous n'avez pas le droit de {regle(acte).libelle}.")


class ConciliationEcheancesParametresSerializer(serializers.Serializer):
    date = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "La date s'écrit AAAA-MM-JJ (par exemple ?date=2026-03-30)."},
    )


class ConciliationEcheanceSerializer(serializers.Serializer):
    plainte = serializers.IntegerField(help_text="Identifiant de la plainte.")
    type = serializers.ChoiceField(choices=TypeEcheance.choices)
    echeance = serializers.DateField()
    depassee = serializers.BooleanField()


class EcheancesViewSet(viewsets.GenericViewSet):
    """Deadlines, not rows: `queryset` only names the model whose view permission opens them (the complaint)."""

    permission_classes = [IsAuthenticated]
    queryset = Plainte.objects.none()
    serializer_class = ConciliationEcheanceSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[ConciliationEcheancesParametresSerializer],
        responses=ConciliationEcheanceSerializer(many=True),
        summary="Échéances légales passées ou dans les 7 jours (dossiers lisibles)",
    )
    def list(self, request):
        parametres = ConciliationEcheancesParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        # the right on the day of the request; `?date=` is only the list's horizon (selectors.echeances)
        today = commun.aujourd_hui()
        _reserve(request.user, "conciliation.echeances_consulter", today)
        horizon = parametres.validated_data.get("date") or today
        lignes = selectors.echeances(user=request.user, today=today, horizon=horizon)
        return Response(
            [
                {
                    "plainte": ligne["plainte"].pk,
                    "type": ligne["type"],
                    "echeance": ligne["echeance"].isoformat(),
                    "depassee": ligne["depassee"],
                }
                for ligne in lignes
            ]
        )


class ConciliationRapportParametresSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "L'année s'écrit en chiffres (par exemple ?annee=2026)."},
    )


class ConciliationRapportSerializer(serializers.Serializer):
    annee = serializers.IntegerField()
    recues = serializers.DictField(child=serializers.IntegerField())
    issues = serializers.DictField(child=serializers.IntegerField())
    transmises = serializers.IntegerField()
    conciliation_dans_le_mois = serializers.CharField(help_text="Pourcentage, chaîne décimale (« 75.00 »).")
    transmission_dans_les_3_mois = serializers.CharField(help_text="Pourcentage, chaîne décimale (« 66.67 »).")
    total = serializers.IntegerField()
    requalifiees = serializers.IntegerField()
    par_qualite = serializers.DictField(child=serializers.IntegerField())
    suites = serializers.DictField(child=serializers.IntegerField())
    delais = serializers.DictField()


class RapportViewSet(viewsets.GenericViewSet):
    """The yearly report to the plenary: figures, never a party's name."""

    permission_classes = [IsAuthenticated]
    queryset = Plainte.objects.none()
    serializer_class = ConciliationRapportSerializer
    pagination_class = None
    filter_backends = []
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, RenduXlsx, PDFRenderer]

    @extend_schema(
        parameters=[
            ConciliationRapportParametresSerializer,
            OpenApiParameter("format", str, enum=["json", "xlsx", "pdf"]),
        ],
        responses=ConciliationRapportSerializer,
        summary="Bilan annuel de la conciliation (JSON, XLSX ou PDF)",
    )
    def list(self, request):
        today = timezone.localdate()
        parametres = ConciliationRapportParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        _reserve(request.user, "conciliation.rapport_produire", today)
        rapport = selectors.rapport_annuel(annee=parametres.validated_data.get("annee", today.year), today=today)
        format_ = request.accepted_renderer.format
        if format_ == "xlsx":
            return Response(
                exports.rapport_xlsx(rapport),
                content_type=TYPE_XLSX,
                headers={"Content-Disposition": f'attachment; filename="{exports.nom_du_fichier(rapport["annee"])}"'},
            )
        if format_ == "pdf":
            return reponse_pdf(documents.rapport_pdf(rapport), f"bilan-conciliation-{rapport['annee']}.pdf")
        return Response(rapport)


router.register("echeances", EcheancesViewSet, basename="conciliation-echeances")
router.register("rapport", RapportViewSet, basename="conciliation-rapport")


# --- the letters (PDF) ---------------------------------------------------------------------------------------------

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


class _DocumentsMixin:
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, PDFRenderer]
    pagination_class = None
    filter_backends = []
    serializer_class = serializers.Serializer

    def _lire(self, plainte):
        exiger(self.request.user, "conciliation.plainte_lire", objet=plainte, date=timezone.localdate(), lecture=True)


class DocumentsPlainteViewSet(_DocumentsMixin, viewsets.GenericViewSet):
    """The letters of a complaint; the file must be readable (404 otherwise)."""

    def get_queryset(self):
        return selectors.plaintes_lisibles(user=self.request.user, date=timezone.localdate())

    @extend_schema(summary="Accusé de réception au plaignant (PDF)", responses=PDF)
    def accuse_reception(self, request, pk=None):
        plainte = self.get_object()
        self._lire(plainte)
        return reponse_pdf(
            documents.accuse_reception_pdf(plainte_id=plainte.pk), documents.nom_fichier("accuse-reception", plainte)
        )

    @extend_schema(summary="Information du médecin mis en cause (PDF)", responses=PDF)
    def information_medecin(self, request, pk=None):
        plainte = self.get_object()
        self._lire(plainte)
        return reponse_pdf(
            documents.information_medecin_pdf(plainte_id=plainte.pk),
            documents.nom_fichier("information-medecin", plainte),
        )

    @extend_schema(
        summary="Lettre de transmission à la chambre disciplinaire de première instance et dossier (PDF)",
        responses=PDF,
    )
    def transmission(self, request, pk=None):
        plainte = self.get_object()
        self._lire(plainte)
        return reponse_pdf(
            documents.transmission_pdf(plainte_id=plainte.pk), documents.nom_fichier("transmission", plainte)
        )


class DocumentsReunionViewSet(_DocumentsMixin, viewsets.GenericViewSet):
    """The letters of a conciliation meeting; its file must be readable (404 otherwise)."""

    def get_queryset(self):
        lisibles = selectors.plaintes_lisibles(user=self.request.user, date=timezone.localdate())
        return Reunion.objects.filter(plainte__in=lisibles.values("pk")).select_related("plainte")

    @extend_schema(
        summary="Convocation des parties à la réunion de conciliation (PDF)",
        parameters=[OpenApiParameter("partie", str, enum=list(documents.PARTIES))],
        responses=PDF,
    )
    def convocation(self, request, pk=None):
        reunion = self.get_object()
        self._lire(reunion.plainte)
        partie = request.query_params.get("partie") or None
        return reponse_pdf(
            documents.convocation_pdf(reunion_id=reunion.pk, partie=partie),
            documents.nom_fichier(f"convocation-{partie}" if partie else "convocations", reunion),
        )

    @extend_schema(summary="Procès-verbal de conciliation (PDF)", responses=PDF)
    def proces_verbal(self, request, pk=None):
        reunion = self.get_object()
        self._lire(reunion.plainte)
        return reponse_pdf(
            documents.proces_verbal_pdf(reunion_id=reunion.pk), documents.nom_fichier("proces-verbal", reunion)
        )


def _vue(viewset, action):
    return viewset.as_view({"get": action})


# Mounted below the router (api/__init__.py), without trailing slash: `….pdf` is a file.
urlpatterns = [
    path(
        "plaintes/<int:pk>/accuse-reception.pdf",
        _vue(DocumentsPlainteViewSet, "accuse_reception"),
        name="conciliation-document-accuse-reception",
    ),
    path(
        "plaintes/<int:pk>/information-medecin.pdf",
        _vue(DocumentsPlainteViewSet, "information_medecin"),
        name="conciliation-document-information-medecin",
    ),
    path(
        "plaintes/<int:pk>/transmission.pdf",
        _vue(DocumentsPlainteViewSet, "transmission"),
        name="conciliation-document-transmission",
    ),
    path(
        "reunions/<int:pk>/convocation.pdf",
        _vue(DocumentsReunionViewSet, "convocation"),
        name="conciliation-document-convocation",
    ),
    path(
        "reunions/<int:pk>/proces-verbal.pdf",
        _vue(DocumentsReunionViewSet, "proces_verbal"),
        name="conciliation-document-proces-verbal",
    ),
]
