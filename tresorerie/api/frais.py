"""Expense claims (CONTRACT.md: /api/tresorerie/notes-frais/…): file a draft with its lines, attach a receipt to a
line, submit; then the liquidateur's check and the expense chain. A member sees his own claims (another's answers
404); the chain's members and the accounting service see them all."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from .. import selectors_frais, services
from ..models import ModeReglement, NoteFrais, TypeFrais
from . import router
from .commun import Connecte, MontantField, reserve


class LigneFraisEntreeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TypeFrais.choices)
    date = serializers.DateField()
    montant = MontantField(required=False, allow_null=True)
    km = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    libelle = serializers.CharField(required=False, allow_blank=True, max_length=200)


class NoteEntreeSerializer(serializers.Serializer):
    membre = serializers.IntegerField(
        required=False, allow_null=True, help_text="Un médecin dépose pour lui-même : son propre mandat est retenu."
    )
    lignes = LigneFraisEntreeSerializer(many=True)
    vehicule_cv = serializers.IntegerField(required=False, allow_null=True)
    objet = serializers.CharField(required=False, allow_blank=True, max_length=255)


class JustificatifFraisEntreeSerializer(serializers.Serializer):
    fichier = serializers.FileField()
    ligne = serializers.IntegerField()


class RenvoiNoteEntreeSerializer(serializers.Serializer):
    motif = serializers.CharField(allow_blank=True, required=False, default="")


class PaiementNoteEntreeSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=ModeReglement.choices)
    date = serializers.DateField()


class JustificatifFraisSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nom = serializers.CharField(source="nom_original")
    type_contenu = serializers.CharField()
    taille = serializers.IntegerField()


class LigneFraisSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    date = serializers.DateField()
    libelle = serializers.CharField()
    montant = serializers.DecimalField(max_digits=12, decimal_places=2)
    km = serializers.IntegerField(allow_null=True)
    km_retenus = serializers.IntegerField(allow_null=True)
    montant_rembourse = serializers.DecimalField(max_digits=12, decimal_places=2)
    justificatifs = JustificatifFraisSerializer(many=True)


class NoteFraisSerializer(serializers.ModelSerializer):
    lignes = LigneFraisSerializer(many=True)

    class Meta:
        model = NoteFrais
        fields = [
            "id",
            "numero",
            "membre",
            "statut",
            "objet",
            "vehicule_cv",
            "hors_departement",
            "adresse_depart",
            "montant_demande",
            "montant_rembourse",
            "lignes",
            "cree_le",
            "soumise_le",
            "verifiee_le",
            "motif_correction",
            "engagement",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Notes de frais (un membre ne voit que les siennes)"),
    retrieve=extend_schema(summary="Une note de frais"),
    create=extend_schema(request=NoteEntreeSerializer, summary="Déposer une note de frais (brouillon)"),
)
class NoteFraisViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = NoteFraisSerializer
    permission_classes = [Connecte]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.request.user.is_staff:  # another service's staff: refused, rather than shown an empty list
            reserve(self.request.user, "tresorerie.notes_frais_consulter")
        return selectors_frais.notes_frais_visibles(self.request.user).order_by("-cree_le", "-id")

    def _detail(self, note, code=status.HTTP_200_OK):
        note = self.get_queryset().get(pk=note.pk)
        return Response(NoteFraisSerializer(note).data, status=code)

    def create(self, request, *args, **kwargs):
        entree = NoteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        note = services.note_frais_deposer(
            membre_id=donnees.get("membre"),
            lignes=[
                services.LigneSaisie(
                    type=ligne["type"],
                    date=ligne["date"],
                    montant=ligne.get("montant"),
                    km=ligne.get("km"),
                    libelle=ligne.get("libelle", ""),
                )
                for ligne in donnees["lignes"]
            ],
            vehicule_cv=donnees.get("vehicule_cv"),
            objet=donnees.get("objet", ""),
            par=request.user,
            today=timezone.localdate(),
        )
        return self._detail(note, status.HTTP_201_CREATED)

    @extend_schema(request=JustificatifFraisEntreeSerializer, summary="Joindre un justificatif à une ligne")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def justificatifs(self, request, pk=None):
        note = self.get_object()
        entree = JustificatifFraisEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        justificatif = services.justificatif_deposer(
            note_id=note.pk,
            ligne_id=entree.validated_data["ligne"],
            fichier=entree.validated_data["fichier"],
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(
            {"id": justificatif.pk, "ligne": justificatif.ligne_id, "nom": justificatif.nom_original},
            status=status.HTTP_201_CREATED,
        )

    def _acte(self, service, **kwargs):
        note = self.get_object()
        note = service(note_id=note.pk, par=self.request.user, **kwargs)
        return self._detail(note)

    @extend_schema(request=None, summary="Soumettre la note au liquidateur (chaque ligne a son justificatif)")
    @action(detail=True, methods=["post"])
    def soumettre(self, request, pk=None):
        return self._acte(services.note_frais_soumettre, today=timezone.localdate())

    @extend_schema(request=None, summary="Vérifier la note (liquidateur)")
    @action(detail=True, methods=["post"])
    def verifier(self, request, pk=None):
        return self._acte(services.note_frais_verifier, today=timezone.localdate())

    @extend_schema(
        request=RenvoiNoteEntreeSerializer, summary="Renvoyer la note au membre pour correction (liquidateur)"
    )
    @action(detail=True, methods=["post"])
    def renvoyer(self, request, pk=None):
        entree = RenvoiNoteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        return self._acte(
            services.note_frais_renvoyer, motif=entree.validated_data["motif"], today=timezone.localdate()
        )

    @extend_schema(request=None, summary="Engager la note sur la ligne 6251 du budget de l'année (ordonnateur)")
    @action(detail=True, methods=["post"])
    def engager(self, request, pk=None):
        return self._acte(services.note_frais_engager, today=timezone.localdate())

    @extend_schema(request=None, summary="Liquider la note (liquidateur)")
    @action(detail=True, methods=["post"])
    def liquider(self, request, pk=None):
        return self._acte(services.note_frais_liquider, today=timezone.localdate())

    @extend_schema(request=None, summary="Ordonnancer la note (ordonnateur)")
    @action(detail=True, methods=["post"])
    def ordonnancer(self, request, pk=None):
        return self._acte(services.note_frais_ordonnancer, today=timezone.localdate())

    @extend_schema(request=PaiementNoteEntreeSerializer, summary="Payer la note (trésorier)")
    @action(detail=True, methods=["post"])
    def payer(self, request, pk=None):
        entree = PaiementNoteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        return self._acte(services.note_frais_payer, **entree.validated_data)


router.register("notes-frais", NoteFraisViewSet, basename="notes-frais")
