"""The statements' API (CONTRACT.md cotisations): `GET /api/cotisations/impayes/?date=YYYY-MM-DD`, the unpaid-dues
statement at that date, `{"date", "nombre", "total", "results"}` (not paginated: the statement is whole, its total
is that of every row; the totals by year and category come as `totaux`). `?format=xlsx` gives the same statement as
a spreadsheet. Staff with the statement's permission and the council's treasury only (403 otherwise); a missing or
invalid date is a 400 in French."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.perms import peut, regle

from .exports import TYPE_XLSX, etat_impayes_xlsx, nom_du_fichier
from .selectors import etat_impayes

ACTE = "cotisations.etat_impayes_consulter"


class RenduXlsx(BaseRenderer):
    """`?format=xlsx`: the view hands the workbook's bytes, passed through as they are."""

    media_type = TYPE_XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DateEtatSerializer(serializers.Serializer):
    date = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Indiquez la date de l'état : ?date=AAAA-MM-JJ (par exemple ?date=2026-09-30).",
            "null": "Indiquez la date de l'état : ?date=AAAA-MM-JJ (par exemple ?date=2026-09-30).",
            "invalid": "Date invalide : écrivez-la AAAA-MM-JJ, une date qui existe (par exemple 2026-09-30).",
        },
    )


class LigneImpayeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    annee = serializers.IntegerField()
    medecin = serializers.IntegerField(allow_null=True)
    societe = serializers.IntegerField(allow_null=True)
    redevable = serializers.CharField()
    categorie = serializers.CharField()
    montant_du = serializers.DecimalField(max_digits=12, decimal_places=2)
    frais = serializers.DecimalField(max_digits=12, decimal_places=2, source="frais_a_date")
    montant_paye = serializers.DecimalField(max_digits=12, decimal_places=2, source="paye_a_date")
    solde = serializers.DecimalField(max_digits=12, decimal_places=2, source="solde_a_date")
    derniere_relance = serializers.CharField(allow_null=True)


class TotalImpayesSerializer(serializers.Serializer):
    annee = serializers.IntegerField()
    categorie = serializers.CharField()
    nombre = serializers.IntegerField()
    montant_du = serializers.DecimalField(max_digits=14, decimal_places=2)
    frais = serializers.DecimalField(max_digits=14, decimal_places=2)
    montant_paye = serializers.DecimalField(max_digits=14, decimal_places=2)
    solde = serializers.DecimalField(max_digits=14, decimal_places=2)


class EtatImpayesVue(APIView):
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, RenduXlsx]

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, required=True, description="date de l'état (AAAA-MM-JJ)"),
            OpenApiParameter("format", str, enum=["json", "xlsx"], description="xlsx : le classeur de l'état"),
        ],
        responses={
            200: inline_serializer(
                "EtatImpayes",
                {
                    "date": serializers.DateField(),
                    "nombre": serializers.IntegerField(),
                    "total": serializers.DecimalField(max_digits=14, decimal_places=2),
                    "results": LigneImpayeSerializer(many=True),
                    "totaux": TotalImpayesSerializer(many=True),
                },
            )
        },
        summary="État de situation des impayés à une date",
    )
    def get(self, request):
        if not peut(request.user, ACTE):
            raise PermissionDenied(f"Vous n'avez pas le droit de {regle(ACTE).libelle}.")
        entree = DateEtatSerializer(data=request.query_params)
        entree.is_valid(raise_exception=True)
        date = entree.validated_data["date"]
        etat = etat_impayes(date=date, par=request.user)
        if request.accepted_renderer.format == RenduXlsx.format:
            return Response(
                etat_impayes_xlsx(etat),
                content_type=TYPE_XLSX,
                headers={"Content-Disposition": f'attachment; filename="{nom_du_fichier(date)}"'},
            )
        return Response(
            {
                "date": date.isoformat(),
                "nombre": etat["nombre"],
                "total": f"{etat['total']:.2f}",
                "results": LigneImpayeSerializer(etat["lignes"], many=True).data,
                "totaux": TotalImpayesSerializer(etat["totaux"], many=True).data,
            }
        )

    def finalize_response(self, request, response, *args, **kwargs):
        # A refusal (400, 403) asked as xlsx is answered in JSON, the contract's errors, not as a workbook.
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(getattr(response, "accepted_renderer", None), RenduXlsx):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response["Content-Type"] = JSONRenderer.media_type
        return response
