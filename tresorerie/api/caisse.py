"""The cash box's endpoints (CONTRACT.md: `POST/GET /api/tresorerie/caisse/`: `sens`, `montant`, `objet`, `date`; a
balance above the ceiling or below zero → 400). Beyond the contract: an optional `compte` (counterpart account,
512 by default) and an optional multipart `fichier` (the document) at creation; `POST caisse/{id}/pieces/`
(multipart `fichier`) attaches a document later; `POST caisse/{id}/annuler/` (`motif`, `date`) records the
counter-movement. `justifie` says whether the movement has its document."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from .. import services
from ..models import MouvementCaisse, SensMouvement
from . import router
from .commun import Connecte, MontantField, reserve


class MouvementCaisseSerializer(serializers.ModelSerializer):
    compte = serializers.CharField(source="compte.numero", read_only=True)
    justifie = serializers.SerializerMethodField()

    class Meta:
        model = MouvementCaisse
        fields = [
            "id",
            "numero",
            "sens",
            "montant",
            "objet",
            "date",
            "compte",
            "annule",
            "motif_annulation",
            "justifie",
        ]
        read_only_fields = fields

    def get_justifie(self, obj) -> bool:
        if obj.annule_id is not None:
            return True
        nombre = getattr(obj, "nb_pieces", None)  # annotated on the lists; a fresh movement asks
        return obj.pieces.exists() if nombre is None else nombre > 0


class MouvementEntreeSerializer(serializers.Serializer):
    sens = serializers.ChoiceField(choices=SensMouvement.choices)
    montant = MontantField()
    objet = serializers.CharField(max_length=255)
    date = serializers.DateField()
    compte = serializers.CharField(max_length=10, required=False, allow_blank=True)
    fichier = serializers.FileField(required=False, allow_empty_file=True)


class AnnulationEntreeSerializer(serializers.Serializer):
    motif = serializers.CharField()
    date = serializers.DateField()


@extend_schema_view(
    list=extend_schema(summary="Mouvements de caisse"),
    retrieve=extend_schema(summary="Un mouvement de caisse"),
    create=extend_schema(request=MouvementEntreeSerializer, summary="Enregistrer une entrée ou une sortie de caisse"),
)
class MouvementCaisseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = MouvementCaisseSerializer
    queryset = MouvementCaisse.objects.none()  # the model, for the tools; get_queryset() says what one may see
    permission_classes = [Connecte]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        from django.db.models import Count

        reserve(self.request.user, "tresorerie.caisse_consulter")
        return (
            MouvementCaisse.objects.select_related("compte")
            .annotate(nb_pieces=Count("pieces"))
            .order_by("-date", "-id")
        )

    def create(self, request, *args, **kwargs):
        entree = MouvementEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        mouvement = services.mouvement_caisse_enregistrer(
            sens=donnees["sens"],
            montant=donnees["montant"],
            objet=donnees["objet"],
            date=donnees["date"],
            compte=donnees.get("compte") or None,
            fichier=donnees.get("fichier"),
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(self.get_serializer(mouvement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"fichier": {"type": "string", "format": "binary"}}}
        },
        summary="Joindre le justificatif d'un mouvement de caisse",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def pieces(self, request, pk=None):
        mouvement = self.get_object()
        fichier = request.FILES.get("fichier")
        if fichier is None:
            raise serializers.ValidationError({"fichier": ["Joignez le justificatif (champ « fichier »)."]})
        piece = services.caisse_piece_deposer(
            mouvement_id=mouvement.pk, fichier=fichier, par=request.user, today=timezone.localdate()
        )
        return Response({"id": piece.pk, "nom": piece.nom_original}, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnnulationEntreeSerializer, summary="Annuler un mouvement par un contre-mouvement")
    @action(detail=True, methods=["post"])
    def annuler(self, request, pk=None):
        mouvement = self.get_object()
        entree = AnnulationEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        contre = services.mouvement_caisse_annuler(
            mouvement_id=mouvement.pk, par=request.user, today=timezone.localdate(), **entree.validated_data
        )
        return Response(self.get_serializer(contre).data, status=status.HTTP_201_CREATED)


router.register("caisse", MouvementCaisseViewSet, basename="tresorerie-caisse")
