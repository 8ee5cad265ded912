"""`GET /api/solidarite/indemnites/?mois=YYYY-MM`: `[{"medecin", "jours", "montant"}]`, the days `effectuee` of the
month times the year's daily allowance; `POST …/indemnites/payer/` (`medecin`, `mois`, `date_paiement`) records
their payment (the days are then locked); `GET …/indemnites/releve.pdf|releve.xlsx?medecin=&mois=`: the monthly
statement of a doctor for the pilot's paper form."""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from config.api import PDFRenderer
from config.pdf import reponse_pdf
from tableau.models import Medecin

from .. import documents, services
from ..models import PaiementIndemnite
from . import router
from .commun import Connecte, reserve_au_personnel


class MoisField(serializers.DateField):
    default_error_messages = {"invalid": "Le mois s'écrit AAAA-MM, par exemple 2026-10."}

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m"], format="%Y-%m", **kwargs)


class MoisSolidariteSerializer(serializers.Serializer):
    mois = MoisField(error_messages={"required": "Indiquez le mois (?mois=AAAA-MM)."})


class MoisParDefautSerializer(serializers.Serializer):
    mois = MoisField(required=False)


class ReleveSolidariteParametresSerializer(MoisSolidariteSerializer):
    medecin = serializers.PrimaryKeyRelatedField(queryset=Medecin.objects.all())


class IndemniteSolidariteSerializer(serializers.Serializer):
    medecin = serializers.IntegerField()
    jours = serializers.IntegerField()
    montant = serializers.DecimalField(max_digits=12, decimal_places=2)


class PaiementIndemniteEntreeSerializer(ReleveSolidariteParametresSerializer):
    date_paiement = serializers.DateField(input_formats=["%Y-%m-%d"])


class PaiementIndemniteSerializer(serializers.ModelSerializer):
    mois = serializers.DateField(format="%Y-%m")

    class Meta:
        model = PaiementIndemnite
        fields = ("id", "medecin", "mois", "jours", "montant", "date_paiement")
        read_only_fields = fields


def _refuser_aux_medecins(user) -> None:
    """The allowances are the accounting service's: staff by their permission, never a doctor (403)."""
    reserve_au_personnel(user, "solidarite.indemnites_consulter")
    if not (user.is_staff or user.is_superuser):
        raise PermissionDenied("Vous n'avez pas le droit de consulter les indemnités de solidarité territoriale.")


class IndemnitesSolidariteViewSet(viewsets.GenericViewSet):
    """Figures, not rows: `queryset` only names the model whose view permission opens them (the payments)."""

    permission_classes = [Connecte]
    queryset = PaiementIndemnite.objects.none()
    serializer_class = IndemniteSolidariteSerializer
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("mois", OpenApiTypes.STR, description="AAAA-MM (par défaut : le mois en cours)")],
        responses=IndemniteSolidariteSerializer(many=True),
    )
    def list(self, request):
        _refuser_aux_medecins(request.user)
        parametres = MoisParDefautSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        today = timezone.localdate()
        lignes = services.indemnites_du_mois(
            mois=parametres.validated_data.get("mois", today.replace(day=1)), par=request.user, today=today
        )
        return Response(IndemniteSolidariteSerializer(lignes, many=True).data)

    @extend_schema(request=PaiementIndemniteEntreeSerializer, responses={201: PaiementIndemniteSerializer})
    @action(detail=False, methods=["post"])
    def payer(self, request):
        entree = PaiementIndemniteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        paiement = services.indemnites_payer(
            medecin=d["medecin"],
            mois=d["mois"],
            date_paiement=d["date_paiement"],
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(PaiementIndemniteSerializer(paiement).data, status=status.HTTP_201_CREATED)


class RenduXlsxBinaire(JSONRenderer):
    media_type = documents.TYPE_XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else super().render(data, accepted_media_type, renderer_context)


class ReleveVue(generics.GenericAPIView):
    """A doctor's monthly statement, PDF or XLSX (`format_fichier`), for the accounting service."""

    permission_classes = [Connecte]
    queryset = PaiementIndemnite.objects.none()
    renderer_classes = [JSONRenderer, PDFRenderer, RenduXlsxBinaire]
    serializer_class = None
    format_fichier = "pdf"

    @extend_schema(
        parameters=[
            OpenApiParameter("mois", OpenApiTypes.STR, description="AAAA-MM", required=True),
            OpenApiParameter("medecin", OpenApiTypes.INT, required=True),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        _refuser_aux_medecins(request.user)
        parametres = ReleveSolidariteParametresSerializer(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        d = parametres.validated_data
        releve = services.releve_mensuel(
            medecin=d["medecin"], mois=d["mois"], par=request.user, today=timezone.localdate()
        )
        if self.format_fichier == "xlsx":
            reponse = HttpResponse(documents.releve_xlsx(releve), content_type=documents.TYPE_XLSX)
            reponse["Content-Disposition"] = f'attachment; filename="{documents.nom_releve(releve, "xlsx")}"'
            return reponse
        return reponse_pdf(documents.releve_pdf(releve), documents.nom_releve(releve, "pdf"))


router.register("indemnites", IndemnitesSolidariteViewSet, basename="solidarite-indemnites")
