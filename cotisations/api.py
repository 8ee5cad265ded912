"""The dues' API (CONTRACT.md cotisations): scales, the call of a year, the dues with their payments and
exemptions. Views parse, see only what `selectors` lets the user see (404 otherwise) and call a service; the
services' refusals become 400/403 in config.api.exception_handler."""

import django_filters
from django.urls import path
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view, inline_serializer
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from config.api import PDFRenderer
from config.pdf import reponse_pdf
from config.perms import peut, regle
from gouvernance.models import Deliberation

from . import documents, services
from .api_etats import EtatImpayesVue
from .models import Bareme, Cotisation, ModePaiement, MotifExoneration, Relance, StatutCotisation
from .selectors import baremes_visibles, cotisations_visibles, paiements_recus_visibles


class Connecte(permissions.IsAuthenticated):
    """Who may do what is the services' answer (config.perms); who may see what, `get_queryset()`'s."""


def _reserve_au_service(user, acte: str) -> None:
    """Staff of another service are refused (403), rather than shown an empty list that would read as no dues."""
    if user.is_staff and not peut(user, acte):
        raise PermissionDenied(f"Vous n'avez pas le droit de {regle(acte).libelle}.")


class BaremeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bareme
        fields = ["annee", *services.CHAMPS_BAREME]
        extra_kwargs = {"annee": {"validators": []}}


@extend_schema_view(
    list=extend_schema(summary="Barèmes annuels des cotisations"),
    retrieve=extend_schema(summary="Barème d'une année"),
    create=extend_schema(summary="Enregistrer ou corriger le barème d'une année"),
)
class BaremeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = BaremeSerializer
    lookup_field = "annee"
    lookup_value_regex = r"\d{4}"
    permission_classes = [Connecte]

    def get_queryset(self):
        _reserve_au_service(self.request.user, "cotisations.baremes_consulter")
        return baremes_visibles(self.request.user).order_by("-annee")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        annee = donnees.pop("annee")
        existe = Bareme.objects.filter(annee=annee).exists()
        bareme = services.bareme_enregistrer(annee=annee, donnees=donnees, par=request.user, today=timezone.localdate())
        return Response(
            self.get_serializer(bareme).data, status=status.HTTP_200_OK if existe else status.HTTP_201_CREATED
        )


class RelanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relance
        fields = ["etape", "date", "frais"]
        read_only_fields = fields


class CotisationSerializer(serializers.ModelSerializer):
    exoneration = serializers.SerializerMethodField()
    solde = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    relances = serializers.SerializerMethodField()

    class Meta:
        model = Cotisation
        fields = [
            "id",
            "annee",
            "medecin",
            "societe",
            "categorie",
            "montant_bareme",
            "exoneration",
            "montant_du",
            "frais",
            "montant_paye",
            "solde",
            "statut",
            "relances",
            "reference",
        ]
        read_only_fields = fields

    def get_exoneration(self, obj) -> dict | None:
        if not obj.exoneration_motif:
            return None
        return {"motif": obj.exoneration_motif, "taux": obj.exoneration_taux}

    @extend_schema_field(RelanceSerializer(many=True))
    def get_relances(self, obj) -> list:
        return RelanceSerializer(obj.relances.all(), many=True).data


class PaiementEntreeSerializer(serializers.Serializer):
    montant = serializers.DecimalField(max_digits=12, decimal_places=2)
    mode = serializers.ChoiceField(choices=ModePaiement.choices)
    date = serializers.DateField()


class ExonerationEntreeSerializer(serializers.Serializer):
    motif = serializers.ChoiceField(choices=[MotifExoneration.INSUFFISANCE_RESSOURCES])
    taux = serializers.IntegerField()
    deliberation = serializers.PrimaryKeyRelatedField(
        queryset=Deliberation.objects.select_related("seance"), required=False, allow_null=True
    )


class CotisationFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=StatutCotisation.choices, label="statut")

    class Meta:
        model = Cotisation
        fields = ["annee", "medecin", "societe", "statut"]


@extend_schema_view(
    list=extend_schema(summary="Cotisations (un médecin ne voit que les siennes)"),
    retrieve=extend_schema(summary="Une cotisation"),
)
class CotisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CotisationSerializer
    permission_classes = [Connecte]
    filter_backends = [DjangoFilterBackend]
    filterset_class = CotisationFilter

    def get_queryset(self):
        user = self.request.user
        _reserve_au_service(user, "cotisations.cotisations_consulter")
        return cotisations_visibles(user).order_by("-annee", "id")

    @extend_schema(request=PaiementEntreeSerializer, summary="Enregistrer un paiement")
    @action(detail=True, methods=["post"])
    def paiements(self, request, pk=None):
        cotisation = self.get_object()
        entree = PaiementEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        paiement = services.paiement_enregistrer(cotisation=cotisation, par=request.user, **entree.validated_data)
        return Response(
            {"id": paiement.pk, "numero_recu": paiement.numero_recu, "montant": f"{paiement.montant:.2f}"},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ExonerationEntreeSerializer, summary="Enregistrer une exonération décidée en plénière")
    @action(detail=True, methods=["post"])
    def exonerations(self, request, pk=None):
        cotisation = self.get_object()
        entree = ExonerationEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        cotisation = services.exoneration_accorder(
            cotisation=cotisation,
            motif=donnees["motif"],
            taux=donnees["taux"],
            deliberation=donnees.get("deliberation"),
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(self.get_serializer(cotisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Appel de cotisation (PDF)",
        operation_id="cotisations_appel_pdf",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def appel(self, request, pk=None):
        """La lettre d'appel de cette cotisation, telle qu'elle est imprimée (un médecin : la sienne seulement)."""
        # Mounted without trailing slash at {id}/appel.pdf (CONTRACT.md), above the router (urlpatterns below).
        cotisation = self.get_object()
        return reponse_pdf(documents.appel_pdf(cotisation), documents.nom_appel(cotisation))


class RecuPaiement(generics.GenericAPIView):
    """The receipt of a payment, for whoever sees its dues (a doctor his own, else 404); a cancelled payment's
    receipt stays downloadable, with its cancellation shown."""

    permission_classes = [Connecte]
    renderer_classes = [JSONRenderer, PDFRenderer]
    serializer_class = None

    def get_queryset(self):
        user = self.request.user
        _reserve_au_service(user, "cotisations.cotisations_consulter")
        return paiements_recus_visibles(user)

    @extend_schema(
        summary="Reçu d'un paiement (PDF)",
        operation_id="cotisations_paiements_recu_pdf",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk: int):
        paiement = self.get_object()
        return reponse_pdf(documents.recu_pdf(paiement), documents.nom_recu(paiement))


class AppelerCampagne(APIView):
    permission_classes = [Connecte]

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "ResultatAppel", {"creees": serializers.IntegerField(), "existantes": serializers.IntegerField()}
            )
        },
        summary="Appeler les cotisations d'une année (idempotent)",
    )
    def post(self, request, annee: int):
        resultat = services.cotisations_appeler(annee=annee, today=timezone.localdate(), par=request.user)
        return Response(resultat, status=status.HTTP_200_OK)


class ImporterReleve(APIView):
    """`POST /api/cotisations/releves/` (multipart, `fichier`): a bank statement, OFX or CAMT.053, judged by its
    content (importation_releves); the service records it (services.banque.releve_importer)."""

    permission_classes = [Connecte]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"fichier": {"type": "string", "format": "binary"}}}
        },
        responses={
            201: inline_serializer(
                "ResultatImportReleve",
                {
                    "lignes": serializers.IntegerField(),
                    "rapprochees": serializers.IntegerField(),
                    "a_confirmer": serializers.IntegerField(),
                    "non_rapprochees": serializers.IntegerField(),
                    "deja_importees": serializers.IntegerField(),
                },
            )
        },
        summary="Importer un relevé bancaire (OFX ou CAMT.053) et rapprocher ses crédits",
    )
    def post(self, request):
        from commun.fichiers import taille_max_par_defaut

        from .importation_releves import lire_releve, message_trop_gros

        fichier = request.FILES.get("fichier")
        if fichier is None:
            raise serializers.ValidationError({"fichier": ["Joignez le relevé bancaire (champ « fichier »)."]})
        if fichier.size > taille_max_par_defaut():  # refused before it is read (settings.FICHIERS_TAILLE_MAX)
            raise serializers.ValidationError({"fichier": [message_trop_gros()]})
        releve = lire_releve(fichier.read(), fichier.name)
        resultat = services.releve_importer(releve=releve, par=request.user, today=timezone.localdate())
        return Response(
            {
                cle: resultat[cle]
                for cle in ("lignes", "rapprochees", "a_confirmer", "non_rapprochees", "deja_importees")
            },
            status=status.HTTP_201_CREATED,
        )


router = SimpleRouter()
router.register("baremes", BaremeViewSet, basename="cotisations-bareme")
router.register("", CotisationViewSet, basename="cotisations-cotisation")

urlpatterns = [
    path("campagnes/<int:annee>/appeler/", AppelerCampagne.as_view(), name="cotisations-campagne-appeler"),
    path("releves/", ImporterReleve.as_view(), name="cotisations-releve-importer"),
    # impression: the letters as PDF, without trailing slash (CONTRACT.md), before the router's "" prefix.
    path(
        "<int:pk>/appel.pdf",
        CotisationViewSet.as_view({"get": "appel"}, renderer_classes=[JSONRenderer, PDFRenderer]),
        name="cotisations-cotisation-appel",
    ),
    path("paiements/<int:pk>/recu.pdf", RecuPaiement.as_view(), name="cotisations-paiement-recu"),
    # etats (before the router: its "<pk>/" would take "impayes/")
    path("impayes/", EtatImpayesVue.as_view(), name="cotisations-impayes"),
    *router.urls,
]
