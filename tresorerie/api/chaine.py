"""The expense chain's endpoints (CONTRACT.md tresorerie): /api/tresorerie/engagements/ and its steps, the
supporting documents (uploaded multipart, streamed back after the permission check), and the président's
authorisations of exceptional urgent expenses (/api/tresorerie/depenses-urgentes/).

Who may act is the services' answer (403 for a wrong role, 400 for a step out of order or beyond the credit); who
may read, `get_queryset()`'s: whoever may not read the chain is refused (403)."""

import datetime

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from commun.fichiers import reponse_fichier
from config.perms import exiger

from .. import services
from ..models import (
    AutorisationDepenseUrgente,
    Engagement,
    ModeReglement,
    NatureDepenseUrgente,
    PieceJustificative,
    StatutEngagement,
)
from ..selectors import engagements_visibles
from . import router
from .commun import Connecte, MontantField, reserve


class PieceSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="nom_original", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = PieceJustificative
        fields = ["id", "nom", "type_contenu", "taille", "sha256", "deposee_le", "url"]
        read_only_fields = fields

    def get_url(self, piece) -> str:
        return f"/api/tresorerie/engagements/{piece.engagement_id}/pieces/{piece.pk}/"


class EngagementSerializer(serializers.ModelSerializer):
    rubrique = serializers.CharField(source="ligne.compte.numero", read_only=True)
    annee = serializers.IntegerField(source="ligne.budget.annee", read_only=True)
    montant = MontantField(read_only=True)
    montant_liquide = MontantField(read_only=True)
    pieces = PieceSerializer(many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "numero",
            "ligne",
            "rubrique",
            "annee",
            "objet",
            "tiers",
            "montant",
            "montant_liquide",
            "statut",
            "engage_le",
            "engage_par",
            "liquide_le",
            "liquide_par",
            "ordonnance_le",
            "ordonnance_par",
            "paye_le",
            "paye_par",
            "mode_reglement",
            "urgente",
            "autorisation",
            "remplacement_bien",
            "demande_dotation_complementaire",
            "pieces",
        ]
        read_only_fields = fields


class EngagerSerializer(serializers.Serializer):
    ligne = serializers.IntegerField()
    objet = serializers.CharField(max_length=255)
    tiers = serializers.CharField(max_length=200)
    montant = MontantField()
    autorisation = serializers.IntegerField(required=False, allow_null=True, default=None)
    remplacement_bien = serializers.BooleanField(required=False, default=False)


class LiquiderSerializer(serializers.Serializer):
    montant = MontantField()


class PayerSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(
        choices=ModeReglement.choices,
        error_messages={"invalid_choice": f"Mode de règlement inconnu : choisissez parmi {', '.join(ModeReglement)}."},
    )
    date = serializers.DateField()


class PieceEntreeSerializer(serializers.Serializer):
    fichier = serializers.FileField(error_messages={"required": "Joignez le document (champ « fichier »)."})


class EngagementFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=StatutEngagement.choices, label="statut")
    annee = django_filters.NumberFilter(field_name="ligne__budget__annee", label="exercice")
    dotation = django_filters.BooleanFilter(
        field_name="demande_dotation_complementaire", label="à présenter à la commission des dotations"
    )

    class Meta:
        model = Engagement
        fields = ["statut", "ligne", "annee", "dotation", "urgente", "remplacement_bien"]


def _aujourdhui() -> datetime.date:
    return timezone.localdate()


@extend_schema_view(
    list=extend_schema(summary="Engagements de dépense"),
    retrieve=extend_schema(summary="Un engagement de dépense, ses étapes et ses pièces"),
)
class EngagementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Engagement.objects.none()  # the model, for introspection; what a user sees: get_queryset()
    serializer_class = EngagementSerializer
    permission_classes = [Connecte]
    filter_backends = [DjangoFilterBackend]
    filterset_class = EngagementFilter
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        reserve(self.request.user, "tresorerie.engagements_consulter")
        return engagements_visibles().prefetch_related("pieces").order_by("-engage_le", "-id")

    def _reponse(self, engagement, code=status.HTTP_200_OK):
        engagement = self.get_queryset().get(pk=engagement.pk)
        return Response(self.get_serializer(engagement).data, status=code)

    @extend_schema(request=EngagerSerializer, summary="Engager une dépense (l'ordonnateur)")
    def create(self, request, *args, **kwargs):
        entree = EngagerSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        engagement = services.engagement_engager(
            ligne_id=donnees["ligne"],
            objet=donnees["objet"],
            tiers=donnees["tiers"],
            montant=donnees["montant"],
            autorisation_id=donnees["autorisation"],
            remplacement_bien=donnees["remplacement_bien"],
            par=request.user,
            today=_aujourdhui(),
        )
        return self._reponse(engagement, status.HTTP_201_CREATED)

    @extend_schema(request=LiquiderSerializer, summary="Liquider (le liquidateur, jamais celui qui a engagé)")
    @action(detail=True, methods=["post"])
    def liquider(self, request, pk=None):
        engagement = self.get_object()
        entree = LiquiderSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.engagement_liquider(
            engagement_id=engagement.pk, montant=entree.validated_data["montant"], par=request.user, today=_aujourdhui()
        )
        return self._reponse(engagement)

    @extend_schema(request=None, summary="Ordonnancer (l'ordonnateur)")
    @action(detail=True, methods=["post"])
    def ordonnancer(self, request, pk=None):
        engagement = self.get_object()
        services.engagement_ordonnancer(engagement_id=engagement.pk, par=request.user, today=_aujourdhui())
        return self._reponse(engagement)

    @extend_schema(request=PayerSerializer, summary="Payer (le trésorier)")
    @action(detail=True, methods=["post"])
    def payer(self, request, pk=None):
        engagement = self.get_object()
        entree = PayerSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.engagement_payer(
            engagement_id=engagement.pk, par=request.user, today=_aujourdhui(), **entree.validated_data
        )
        return self._reponse(engagement)

    @extend_schema(
        request={"multipart/form-data": PieceEntreeSerializer},
        responses={201: PieceSerializer},
        summary="Joindre une pièce justificative (PDF, JPEG ou PNG)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def pieces(self, request, pk=None):
        engagement = self.get_object()
        entree = PieceEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        piece = services.piece_deposer(
            engagement_id=engagement.pk, fichier=entree.validated_data["fichier"], par=request.user, today=_aujourdhui()
        )
        return Response(PieceSerializer(piece).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Télécharger une pièce justificative",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"pieces/(?P<piece_id>\d+)", url_name="piece")
    def piece(self, request, pk=None, piece_id=None):
        engagement = self.get_object()
        piece = get_object_or_404(PieceJustificative.objects.filter(engagement=engagement), pk=piece_id)
        exiger(request.user, "tresorerie.piece_lire", objet=engagement)
        return reponse_fichier(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)


class AutorisationSerializer(serializers.ModelSerializer):
    montant = MontantField()
    ligne = serializers.IntegerField(source="ligne_id")
    deliberation = serializers.IntegerField(source="deliberation_id", required=False, allow_null=True, default=None)
    nature = serializers.ChoiceField(choices=NatureDepenseUrgente.choices)
    engagement = serializers.SerializerMethodField()

    class Meta:
        model = AutorisationDepenseUrgente
        fields = [
            "id",
            "ligne",
            "objet",
            "nature",
            "motif",
            "montant",
            "deliberation",
            "autorisee_le",
            "autorisee_par",
            "engagement",
        ]
        read_only_fields = ["id", "autorisee_le", "autorisee_par", "engagement"]

    def get_engagement(self, autorisation) -> int | None:
        engagement = getattr(autorisation, "engagement", None)
        return engagement.pk if engagement else None


@extend_schema_view(
    list=extend_schema(summary="Dépenses exceptionnelles urgentes autorisées par le président"),
    retrieve=extend_schema(summary="Une autorisation de dépense urgente"),
    create=extend_schema(summary="Autoriser une dépense exceptionnelle urgente (le président)"),
)
class AutorisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = AutorisationDepenseUrgente.objects.none()  # the model; what a user sees: get_queryset()
    serializer_class = AutorisationSerializer
    permission_classes = [Connecte]

    def get_queryset(self):
        reserve(self.request.user, "tresorerie.depenses_urgentes_consulter")
        return AutorisationDepenseUrgente.objects.select_related("engagement").order_by("-autorisee_le", "-id")

    def create(self, request, *args, **kwargs):
        entree = self.get_serializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        autorisation = services.depense_urgente_autoriser(
            ligne_id=donnees["ligne_id"],
            objet=donnees["objet"],
            nature=donnees["nature"],
            motif=donnees["motif"],
            montant=donnees["montant"],
            deliberation_id=donnees["deliberation_id"],
            par=request.user,
            today=_aujourdhui(),
        )
        return Response(self.get_serializer(autorisation).data, status=status.HTTP_201_CREATED)


router.register("engagements", EngagementViewSet, basename="tresorerie-engagement")
router.register("depenses-urgentes", AutorisationViewSet, basename="tresorerie-depense-urgente")
