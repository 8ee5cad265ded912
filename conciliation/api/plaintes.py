"""conciliation API: plaintes (CONTRACT.md conciliation). Who sees a file: the service juridique, the président,
the members of the conciliation commission on the date, never a party; anybody else gets 404 (the list is
filtered in `get_queryset()`), and every detail read, document download included, is logged
(`exiger(..., lecture=True)`, commun.JournalAcces)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from commun.chiffrement import reponse_fichier_chiffre
from config.perms import exiger
from tableau.models import Medecin

from .. import selectors, services
from ..models import NaturePlainte, Plainte, QualitePlaignant
from . import commun, router
from .commun import Connecte


class ConciliateurPlainteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    membre = serializers.IntegerField(source="membre_id")
    nom = serializers.CharField(source="membre.medecin.nom_complet")
    designe_le = serializers.DateField()
    retire_le = serializers.DateField(allow_null=True)
    motif_retrait = serializers.CharField()


class ProcesVerbalPlainteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    issue = serializers.CharField()
    desaccords = serializers.CharField()
    accord = serializers.CharField()
    etabli_le = serializers.DateField()


class ReunionPlainteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    heure = serializers.TimeField()
    lieu = serializers.CharField()
    hors_delai = serializers.BooleanField()
    proces_verbal = serializers.SerializerMethodField()

    def get_proces_verbal(self, reunion) -> ProcesVerbalPlainteSerializer(allow_null=True):  # type: ignore[valid-type]
        pv = getattr(reunion, "proces_verbal", None)
        return ProcesVerbalPlainteSerializer(pv).data if pv is not None else None


class PiecePlainteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nom = serializers.CharField(source="nom_original")
    type_contenu = serializers.CharField()
    taille = serializers.IntegerField()
    deposee_le = serializers.DateField()


class LienDeclarePlainteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    membre = serializers.IntegerField(source="membre_id")
    description = serializers.CharField()
    declare_le = serializers.DateField()


class PlainteSerializer(serializers.ModelSerializer):
    echeance_conciliation = serializers.DateField(read_only=True)
    echeance_transmission = serializers.DateField(read_only=True)
    hors_delai = serializers.BooleanField(source="transmission_hors_delai", read_only=True)
    conciliateurs = ConciliateurPlainteSerializer(many=True, read_only=True)
    reunions = ReunionPlainteSerializer(many=True, read_only=True)
    pieces = PiecePlainteSerializer(many=True, read_only=True)
    liens = LienDeclarePlainteSerializer(many=True, read_only=True)

    class Meta:
        model = Plainte
        fields = [
            "id",
            "numero",
            "nature",
            "nature_initiale",
            "medecin",
            "plaignant_nom",
            "plaignant_qualite",
            "plaignant_medecin",
            "plaignant_email",
            "plaignant_adresse",
            "objet",
            "recue_le",
            "date_enregistrement",
            "statut",
            "echeance_conciliation",
            "echeance_transmission",
            "depaysement",
            "motif_classement",
            "deliberation",
            "avis",
            "conseil_se_joint",
            "date_transmission",
            "hors_delai",
            "conciliateurs",
            "reunions",
            "pieces",
            "liens",
        ]
        read_only_fields = fields


class PlainteEntreeSerializer(serializers.Serializer):
    nature = serializers.ChoiceField(choices=NaturePlainte.choices)
    medecin = serializers.PrimaryKeyRelatedField(queryset=Medecin.objects.all())
    plaignant_nom = serializers.CharField(max_length=200)
    plaignant_qualite = serializers.ChoiceField(choices=QualitePlaignant.choices)
    plaignant_medecin = serializers.PrimaryKeyRelatedField(
        queryset=Medecin.objects.all(), required=False, allow_null=True
    )
    plaignant_email = serializers.EmailField(required=False, allow_blank=True, default="")
    plaignant_adresse = serializers.CharField(required=False, allow_blank=True, default="")
    objet = serializers.CharField()
    date_enregistrement = serializers.DateField(required=False, allow_null=True)
    recue_le = serializers.DateField(required=False, allow_null=True)


class ClasserPlainteEntreeSerializer(serializers.Serializer):
    motif = serializers.CharField(allow_blank=True)


class PiecePlainteEntreeSerializer(serializers.Serializer):
    fichier = serializers.FileField()


class ConciliateursEntreeSerializer(serializers.Serializer):
    membres = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class LienEntreeSerializer(serializers.Serializer):
    membre = serializers.IntegerField()
    description = serializers.CharField(allow_blank=True)


class ReunionEntreeSerializer(serializers.Serializer):
    date = serializers.DateField()
    heure = serializers.TimeField()
    lieu = serializers.CharField(max_length=300, allow_blank=True)


class ReunionCreeeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plainte = serializers.IntegerField(source="plainte_id")
    date = serializers.DateField()
    heure = serializers.TimeField()
    lieu = serializers.CharField()
    hors_delai = serializers.BooleanField()


class TransmettreEntreeSerializer(serializers.Serializer):
    deliberation = serializers.IntegerField()
    avis = serializers.CharField(allow_blank=True)
    conseil_se_joint = serializers.BooleanField(required=False, default=False)
    date_transmission = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Le jour où le dossier est parti (par défaut aujourd'hui ; jamais dans le futur, jamais avant la "
        "séance de la délibération).",
    )


@extend_schema_view(
    list=extend_schema(summary="Plaintes, doléances et signalements (lecteurs habilités seulement)"),
    retrieve=extend_schema(summary="Un dossier de plainte (la lecture est journalisée)"),
    create=extend_schema(request=PlainteEntreeSerializer, summary="Enregistrer une plainte (t0)"),
)
class PlainteViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = PlainteSerializer
    permission_classes = [Connecte]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.plaintes_detaillees(
            selectors.plaintes_lisibles(user=self.request.user, date=commun.aujourd_hui())
        )

    def _detail(self, plainte, code=status.HTTP_200_OK):
        """The whole file after an act: it shows the confidential text, so it is a read, checked and logged."""
        plainte = get_object_or_404(self.get_queryset(), pk=plainte.pk)
        exiger(self.request.user, "conciliation.plainte_lire", objet=plainte, date=commun.aujourd_hui(), lecture=True)
        return Response(PlainteSerializer(plainte).data, status=code)

    def _dossier(self):
        """The file, 404 for whoever may not read it."""
        return get_object_or_404(
            selectors.plaintes_lisibles(user=self.request.user, date=commun.aujourd_hui()), pk=self.kwargs["pk"]
        )

    def retrieve(self, request, *args, **kwargs):
        plainte = self.get_object()
        exiger(request.user, "conciliation.plainte_lire", objet=plainte, date=commun.aujourd_hui(), lecture=True)
        return Response(PlainteSerializer(plainte).data)

    def create(self, request, *args, **kwargs):
        entree = PlainteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        plainte = services.plainte_enregistrer(
            nature=d["nature"],
            medecin=d["medecin"],
            plaignant_nom=d["plaignant_nom"],
            plaignant_qualite=d["plaignant_qualite"],
            plaignant_medecin=d.get("plaignant_medecin"),
            plaignant_email=d.get("plaignant_email", ""),
            plaignant_adresse=d.get("plaignant_adresse", ""),
            objet=d["objet"],
            date_enregistrement=d.get("date_enregistrement"),
            recue_le=d.get("recue_le"),
            par=request.user,
            today=commun.aujourd_hui(),
        )
        if not selectors.plaintes_lisibles(user=request.user, date=commun.aujourd_hui()).filter(pk=plainte.pk).exists():
            return Response({"id": plainte.pk, "numero": plainte.numero}, status=status.HTTP_201_CREATED)
        return self._detail(plainte, status.HTTP_201_CREATED)

    @extend_schema(
        request=None, responses=PlainteSerializer, summary="Requalifier une doléance en plainte (t0 ce jour)"
    )
    @action(detail=True, methods=["post"])
    def requalifier(self, request, pk=None):
        plainte = services.plainte_requalifier(
            plainte_id=self._dossier().pk, par=request.user, today=commun.aujourd_hui()
        )
        return self._detail(plainte)

    @extend_schema(
        request=ClasserPlainteEntreeSerializer,
        responses=PlainteSerializer,
        summary="Classer une doléance ou un signalement (motif)",
    )
    @action(detail=True, methods=["post"])
    def classer(self, request, pk=None):
        dossier = self._dossier()
        entree = ClasserPlainteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        plainte = services.plainte_classer(
            plainte_id=dossier.pk, motif=entree.validated_data["motif"], par=request.user, today=commun.aujourd_hui()
        )
        return self._detail(plainte)

    @extend_schema(
        request={"multipart/form-data": PiecePlainteEntreeSerializer},
        responses={201: PiecePlainteSerializer},
        summary="Joindre une pièce (PDF, JPEG, PNG ; chiffrée au repos)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def pieces(self, request, pk=None):
        dossier = self._dossier()
        entree = PiecePlainteEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        piece = services.piece_deposer(
            plainte_id=dossier.pk,
            fichier=entree.validated_data["fichier"],
            par=request.user,
            today=commun.aujourd_hui(),
        )
        return Response(PiecePlainteSerializer(piece).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="Le document, en clair")},
        summary="Télécharger une pièce (la lecture est journalisée)",
    )
    @action(detail=True, methods=["get"], url_path=r"pieces/(?P<piece_id>\d+)", url_name="piece")
    def piece(self, request, pk=None, piece_id=None):
        dossier = self._dossier()
        piece = get_object_or_404(dossier.pieces.all(), pk=piece_id)
        exiger(request.user, "conciliation.plainte_lire", objet=piece, date=commun.aujourd_hui(), lecture=True)
        return reponse_fichier_chiffre(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)

    @extend_schema(
        request=ConciliateursEntreeSerializer,
        responses={201: PlainteSerializer},
        summary="Désigner les conciliateurs (le président)",
    )
    @action(detail=True, methods=["post"])
    def conciliateurs(self, request, pk=None):
        dossier = self._dossier()
        entree = ConciliateursEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.conciliateurs_designer(
            plainte_id=dossier.pk,
            membres=entree.validated_data["membres"],
            par=request.user,
            today=commun.aujourd_hui(),
        )
        return self._detail(dossier, status.HTTP_201_CREATED)

    @extend_schema(
        request=LienEntreeSerializer,
        responses={201: LienDeclarePlainteSerializer},
        summary="Déclarer le lien d'un membre avec une partie (il se déporte)",
    )
    @action(detail=True, methods=["post"])
    def liens(self, request, pk=None):
        dossier = self._dossier()
        entree = LienEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        lien = services.lien_declarer(
            plainte_id=dossier.pk,
            membre_id=entree.validated_data["membre"],
            description=entree.validated_data["description"],
            par=request.user,
            today=commun.aujourd_hui(),
        )
        return Response(LienDeclarePlainteSerializer(lien).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReunionEntreeSerializer,
        responses={201: ReunionCreeeSerializer},
        summary="Fixer la réunion de conciliation (hors délai signalé, jamais refusé)",
    )
    @action(detail=True, methods=["post"])
    def reunions(self, request, pk=None):
        dossier = self._dossier()
        entree = ReunionEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        reunion = services.reunion_fixer(
            plainte_id=dossier.pk, **entree.validated_data, par=request.user, today=commun.aujourd_hui()
        )
        return Response(ReunionCreeeSerializer(reunion).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TransmettreEntreeSerializer,
        responses=PlainteSerializer,
        summary="Transmettre à la chambre disciplinaire de première instance",
    )
    @action(detail=True, methods=["post"])
    def transmettre(self, request, pk=None):
        dossier = self._dossier()
        entree = TransmettreEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        plainte = services.plainte_transmettre(
            plainte_id=dossier.pk,
            deliberation_id=d["deliberation"],
            avis=d["avis"],
            conseil_se_joint=d["conseil_se_joint"],
            date_transmission=d.get("date_transmission"),
            par=request.user,
            today=commun.aujourd_hui(),
        )
        return self._detail(plainte)


router.register("plaintes", PlainteViewSet, basename="conciliation-plaintes")
