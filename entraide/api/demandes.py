"""entraide API: the requests (CONTRACT.md entraide). A reader (deliberative member of the entraide commission on
the day, the référent when there is none, the entraide's staff) reads the files in full, each read logged; the
applicant sees his own requests' `id`, `statut` and dates; anybody else an empty list and 404 on a file (the
attempt logged); staff of another service 403."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from commun.chiffrement import reponse_fichier_chiffre
from commun.models import JournalAcces
from config.perms import peut, regle
from tableau.models import Medecin

from .. import selectors, services
from ..models import Beneficiaire, Demande, NatureDifficulte, PieceDemande
from . import router


class PieceDemandeEntraideSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="nom_original")

    class Meta:
        model = PieceDemande
        fields = ["id", "nom", "type_contenu", "taille", "deposee_le"]
        read_only_fields = fields


class DemandeEntraideSerializer(serializers.ModelSerializer):
    """A file as its readers read it."""

    natures = serializers.ListField(child=serializers.ChoiceField(choices=NatureDifficulte.choices))
    questionnaire = serializers.DictField(child=serializers.CharField(), required=False)
    pieces = PieceDemandeEntraideSerializer(many=True, read_only=True)

    class Meta:
        model = Demande
        fields = [
            "id",
            "numero",
            "medecin",
            "beneficiaire",
            "beneficiaire_nom",
            "natures",
            "situation",
            "questionnaire",
            "notes_commission",
            "date_depot",
            "statut",
            "statut_le",
            "pieces",
        ]
        read_only_fields = fields


class SuiviDemandeEntraideSerializer(serializers.ModelSerializer):
    """What the applicant sees of his own request: its status and dates, never the commission's work."""

    class Meta:
        model = Demande
        fields = ["id", "statut", "date_depot", "statut_le"]
        read_only_fields = fields


class DemandeEntraideEntreeSerializer(serializers.Serializer):
    medecin = serializers.PrimaryKeyRelatedField(
        queryset=Medecin.objects.all(),
        required=False,
        allow_null=True,
        help_text="Le médecin concerné ; un médecin qui dépose pour lui-même : sa propre fiche, quoi que dise la "
        "requête.",
    )
    beneficiaire = serializers.ChoiceField(choices=Beneficiaire.choices, default=Beneficiaire.MEDECIN)
    beneficiaire_nom = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    natures = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    situation = serializers.CharField(allow_blank=True, trim_whitespace=False)
    questionnaire = serializers.DictField(required=False, default=dict)
    date_depot = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medecin"].error_messages["does_not_exist"] = "Aucun médecin n'a l'identifiant {pk_value}."


class PieceDemandeEntraideEntreeSerializer(serializers.Serializer):
    fichier = serializers.FileField(
        error_messages={
            "required": "Joignez le document (PDF, JPEG ou PNG).",
            "empty": "Le fichier est vide : joignez le document lui-même.",
        }
    )


class InstructionDemandeEntraideSerializer(serializers.Serializer):
    notes_commission = serializers.CharField(allow_blank=True, trim_whitespace=False)


class AccesDemandeEntraideSerializer(serializers.Serializer):
    utilisateur = serializers.SerializerMethodField()
    date = serializers.DateTimeField(source="le")
    action = serializers.SerializerMethodField()
    acte = serializers.CharField(source="action")
    adresse = serializers.IPAddressField(allow_null=True)
    accorde = serializers.BooleanField()

    def get_utilisateur(self, obj) -> str:
        u = obj.utilisateur
        return f"{u.get_full_name() or u.username} ({u.username})"

    def get_action(self, obj) -> str:
        try:
            libelle = regle(obj.action).libelle
        except LookupError:
            libelle = obj.action
        return libelle if obj.accorde else f"tentative refusée : {libelle}"


def _aujourdhui():
    return timezone.localdate()


@extend_schema_view(
    list=extend_schema(
        summary="Demandes d'entraide (lecteurs : en entier ; le demandeur : statut et dates des siennes)",
        responses=DemandeEntraideSerializer(many=True),
    ),
    retrieve=extend_schema(summary="Une demande d'entraide (chaque lecture est consignée)"),
    create=extend_schema(request=DemandeEntraideEntreeSerializer, summary="Déposer une demande d'entraide"),
)
class DemandeEntraideViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = DemandeEntraideSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        user = self.request.user
        # Another service's staff see an empty list (and 404 on a file): nobody but a reader learns a file exists.
        if selectors.peut_lire(user=user, date=_aujourdhui()):
            return selectors.demandes_lisibles(user=user, date=_aujourdhui()).prefetch_related("pieces")
        medecin = getattr(user, "medecin", None)
        if medecin is None:
            return Demande.objects.none()
        return selectors.demandes_du_medecin(medecin=medecin)

    def _lecteur(self) -> bool:
        return selectors.peut_lire(user=self.request.user, date=_aujourdhui())

    def _propre(self, pk) -> Demande | None:
        """The user's own request, when he may not read it in full (an applicant, a member of the commission who
        applies): he follows it as an applicant."""
        medecin = getattr(self.request.user, "medecin", None)
        if medecin is None or not str(pk).isdigit():
            return None
        propre = selectors.demandes_du_medecin(medecin=medecin).filter(pk=pk).first()
        if propre is None or peut(self.request.user, "entraide.demande_lire", objet=propre, date=_aujourdhui()):
            return None
        return propre

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        if self._lecteur():
            JournalAcces.consigner_plusieurs(utilisateur=request.user, action="entraide.demande_lire", objets=page)
            return self.get_paginated_response(DemandeEntraideSerializer(page, many=True).data)
        return self.get_paginated_response(SuiviDemandeEntraideSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        propre = self._propre(kwargs["pk"])
        if propre is not None:
            # The applicant (a member of the commission too) follows his own request: status and dates only.
            return Response(SuiviDemandeEntraideSerializer(propre).data)
        demande = selectors.demande_a_lire(user=request.user, pk=kwargs["pk"], date=_aujourdhui())
        return Response(DemandeEntraideSerializer(demande).data)

    def create(self, request, *args, **kwargs):
        entree = DemandeEntraideEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        demande = services.demande_deposer(
            medecin=d.get("medecin"),
            beneficiaire=d["beneficiaire"],
            beneficiaire_nom=d.get("beneficiaire_nom", ""),
            natures=d["natures"],
            situation=d["situation"],
            questionnaire=d.get("questionnaire") or {},
            date_depot=d.get("date_depot"),
            par=request.user,
            today=_aujourdhui(),
        )
        if self._lecteur():
            return Response(DemandeEntraideSerializer(demande).data, status=status.HTTP_201_CREATED)
        return Response(SuiviDemandeEntraideSerializer(demande).data, status=status.HTTP_201_CREATED)

    def _demande_du_demandeur_ou_lue(self, pk) -> Demande:
        """For the acts the applicant may do on his own request (a document): his, or a reader's (logged)."""
        propre = self._propre(pk)
        if propre is not None:
            return propre
        return selectors.demande_a_lire(user=self.request.user, pk=pk, date=_aujourdhui())

    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": PieceDemandeEntraideEntreeSerializer},
        responses={201: PieceDemandeEntraideSerializer},
        summary="Joindre un document (PDF, JPEG ou PNG, 10 Mo au plus), chiffré au repos",
    )
    @extend_schema(
        methods=["get"],
        responses=PieceDemandeEntraideSerializer(many=True),
        summary="Les documents d'une demande (le demandeur : les noms de ceux qu'il a joints)",
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def pieces(self, request, pk=None):
        demande = self._demande_du_demandeur_ou_lue(pk)
        if request.method == "GET":
            pieces = selectors.pieces_visibles(user=request.user, demande=demande, date=_aujourdhui())
            return Response(PieceDemandeEntraideSerializer(pieces, many=True).data)
        entree = PieceDemandeEntraideEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        piece = services.piece_deposer(
            demande=demande, fichier=entree.validated_data["fichier"], par=request.user, today=_aujourdhui()
        )
        return Response(PieceDemandeEntraideSerializer(piece).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="Le document déchiffré")},
        summary="Télécharger un document (lecteurs seulement ; la lecture est consignée)",
    )
    @action(detail=True, methods=["get"], url_path=r"pieces/(?P<piece_id>[0-9]+)", url_name="piece")
    def piece(self, request, pk=None, piece_id=None):
        piece = selectors.piece_a_lire(user=request.user, demande_pk=pk, piece_pk=piece_id, date=_aujourdhui())
        return reponse_fichier_chiffre(piece.fichier.name, nom=piece.nom_original, type_contenu=piece.type_contenu)

    @extend_schema(
        request=InstructionDemandeEntraideSerializer,
        responses=DemandeEntraideSerializer,
        summary="Instruire : les notes de la commission (chiffrées) ; la demande passe en instruction",
    )
    @action(detail=True, methods=["post"])
    def instruire(self, request, pk=None):
        demande = selectors.demande_a_lire(user=request.user, pk=pk, date=_aujourdhui())
        entree = InstructionDemandeEntraideSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        demande = services.demande_instruire(
            demande=demande,
            notes_commission=entree.validated_data["notes_commission"],
            par=request.user,
            today=_aujourdhui(),
        )
        return Response(DemandeEntraideSerializer(demande).data)

    @extend_schema(
        responses=AccesDemandeEntraideSerializer(many=True),
        summary="Le journal des accès à la demande (ses lecteurs seulement)",
    )
    @action(detail=True, methods=["get"])
    def acces(self, request, pk=None):
        demande = Demande.objects.filter(pk=pk).first() if str(pk).isdigit() else None
        if demande is None or not peut(request.user, "entraide.journal_lire", objet=demande, date=_aujourdhui()):
            raise Http404("Demande introuvable.")
        return Response(AccesDemandeEntraideSerializer(selectors.journal_de(demande), many=True).data)


router.register("demandes", DemandeEntraideViewSet, basename="entraide-demande")
