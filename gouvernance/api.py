"""The council's API (CONTRACT.md gouvernance), mounted at /api/gouvernance/.

Views parse, call a service and serialize. The services check who may act through config.perms (the table in
gouvernance/perms.py); a view asks the same helper first only to answer 403 before reading a body. Service errors
become 400/403 in config.api.exception_handler.
"""

import datetime

from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from config.api import PDFRenderer
from config.pdf import reponse_pdf
from config.perms import exiger
from tableau.models import Medecin

from . import documents, selectors, services
from .models import (
    Commission,
    Deliberation,
    DemandeSeanceExtraordinaire,
    Election,
    Emargement,
    Fonction,
    Majorite,
    Membre,
    ModeSeance,
    ModeVote,
    Moitie,
    Qualite,
    RoleCommission,
    Seance,
    StatutSeance,
    TitreHonorifique,
    TourElection,
    TypeFonction,
    TypeSeance,
    VoieRecours,
    Voix,
)

# --- serializers ---------------------------------------------------------------------------------------------------


class MembreSerializer(serializers.ModelSerializer):
    medecin = serializers.PrimaryKeyRelatedField(queryset=Medecin.objects.all())
    qualite = serializers.ChoiceField(choices=Qualite.choices)
    moitie = serializers.ChoiceField(choices=Moitie.choices, required=False, allow_null=True)

    class Meta:
        model = Membre
        fields = ["id", "medecin", "qualite", "date_debut", "date_fin", "binome", "moitie", "rang"]
        read_only_fields = ["id"]
        extra_kwargs = {"date_fin": {"required": False}, "binome": {"required": False}, "rang": {"required": False}}


class FonctionSerializer(serializers.ModelSerializer):
    membre = serializers.PrimaryKeyRelatedField(queryset=Membre.objects.all())
    fonction = serializers.ChoiceField(choices=TypeFonction.choices)

    class Meta:
        model = Fonction
        fields = ["id", "membre", "fonction", "date_debut", "date_fin", "ordre", "interim", "election", "deliberation"]
        read_only_fields = ["id", "election"]
        extra_kwargs = {
            "date_fin": {"required": False},
            "ordre": {"required": False},
            "interim": {"required": False},
            "deliberation": {"required": False},
        }


class SeanceSerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=TypeSeance.choices, required=False, default=TypeSeance.PLENIERE)
    mode = serializers.ChoiceField(choices=ModeSeance.choices, required=False, default=ModeSeance.PRESENTIEL)
    ordre_du_jour = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    suite_a = serializers.PrimaryKeyRelatedField(queryset=Seance.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Seance
        fields = [
            "id",
            "date",
            "heure",
            "type",
            "commission",
            "commission_reunie",
            "lieu",
            "mode",
            "urgence",
            "ordre_du_jour",
            "suite_a",
            "election_bureau",
            "resultats_proclames_le",
            "demande_extraordinaire",
            "statut",
            "convocation_envoyee_le",
            "quorum_ouverture",
            "presents_ouverture",
            "requis_ouverture",
        ]
        read_only_fields = [
            "id",
            "statut",
            "convocation_envoyee_le",
            "quorum_ouverture",
            "presents_ouverture",
            "requis_ouverture",
        ]
        extra_kwargs = {
            "heure": {"required": False},
            "commission": {"required": False},
            "commission_reunie": {"required": False},
            "lieu": {"required": False},
            "urgence": {"required": False},
            "election_bureau": {"required": False},
            "resultats_proclames_le": {"required": False},
            "demande_extraordinaire": {"required": False},
        }


class EmargementSerializer(serializers.ModelSerializer):
    membre = serializers.PrimaryKeyRelatedField(queryset=Membre.objects.all())
    remplace = serializers.PrimaryKeyRelatedField(queryset=Membre.objects.all(), required=False, allow_null=True)
    voix_deliberative = serializers.SerializerMethodField()

    class Meta:
        model = Emargement
        fields = [
            "id",
            "seance",
            "membre",
            "remplace",
            "distance",
            "heure_arrivee",
            "heure_depart",
            "voix_deliberative",
        ]
        read_only_fields = ["id", "seance", "heure_depart", "voix_deliberative"]
        extra_kwargs = {"distance": {"required": False}, "heure_arrivee": {"required": False}}

    def get_voix_deliberative(self, obj) -> bool:
        return obj.membre.qualite == Qualite.TITULAIRE or obj.remplace_id is not None


class DeliberationSerializer(serializers.ModelSerializer):
    non_participants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sortis_conflit_interets = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    voie_recours = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Deliberation
        fields = [
            "id",
            "numero",
            "seance",
            "objet",
            "motivation",
            "vote",
            "pour",
            "contre",
            "abstention",
            "non_participants",
            "sortis_conflit_interets",
            "voix_preponderante",
            "majorite",
            "adoptee",
            "confidentielle",
            "individuelle",
            "medecin_concerne",
            "titre_honorifique",
            "heure",
            "voie_recours",
            "notifiee_le",
        ]
        read_only_fields = fields


class DeliberationSaisieSerializer(serializers.Serializer):
    objet = serializers.CharField(max_length=255)
    motivation = serializers.CharField(allow_blank=True, trim_whitespace=True)
    vote = serializers.ChoiceField(choices=ModeVote.choices, default=ModeVote.MAIN_LEVEE)
    pour = serializers.IntegerField(min_value=0)
    contre = serializers.IntegerField(min_value=0)
    abstention = serializers.IntegerField(min_value=0, default=0)
    non_participants = serializers.PrimaryKeyRelatedField(many=True, queryset=Membre.objects.all(), default=list)
    sortis_conflit_interets = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Membre.objects.all(),
        default=list,
        help_text="Parmi les non-participants, ceux sortis pour un conflit d'intérêts (ajoutés aux non-participants).",
    )
    votants = serializers.PrimaryKeyRelatedField(many=True, queryset=Membre.objects.all(), required=False)
    voix_preponderante = serializers.ChoiceField(choices=Voix.choices, required=False, allow_blank=True, default="")
    majorite = serializers.ChoiceField(
        choices=Majorite.choices,
        required=False,
        help_text="Par défaut suffrages_exprimes ; membres pour un titre honorifique.",
    )
    medecin_concerne = serializers.PrimaryKeyRelatedField(
        queryset=Medecin.objects.all(),
        required=False,
        allow_null=True,
        help_text="Le médecin qu'une décision individuelle concerne (anonymisé dans l'extrait publiable).",
    )
    titre_honorifique = serializers.ChoiceField(
        choices=TitreHonorifique.choices, required=False, allow_blank=True, default=""
    )
    heure = serializers.TimeField(required=False, allow_null=True, help_text="Heure du vote (optionnelle).")
    voie_recours = serializers.SlugRelatedField(
        slug_field="code",
        queryset=VoieRecours.objects.all(),
        required=False,
        allow_null=True,
        help_text="Décision individuelle : code des voies et délais de recours de sa notification.",
    )
    secret_demande_par = serializers.PrimaryKeyRelatedField(
        queryset=Membre.objects.all(), required=False, allow_null=True
    )
    confidentielle = serializers.BooleanField(default=False)
    individuelle = serializers.BooleanField(default=False)

    def validate_voix_preponderante(self, valeur):
        return valeur or ""


class ElectionSerializer(serializers.ModelSerializer):
    seance = serializers.PrimaryKeyRelatedField(queryset=Seance.objects.all())
    poste = serializers.ChoiceField(choices=TypeFonction.choices)
    candidats = serializers.PrimaryKeyRelatedField(many=True, queryset=Membre.objects.all())

    class Meta:
        model = Election
        fields = ["id", "seance", "poste", "ordre", "interim", "candidats", "president_de_seance", "elu"]
        read_only_fields = ["id", "president_de_seance", "elu"]
        extra_kwargs = {"ordre": {"required": False}, "interim": {"required": False}}


class TourSaisieSerializer(serializers.Serializer):
    voix = serializers.DictField(child=serializers.IntegerField(min_value=0))
    blancs_nuls = serializers.IntegerField(min_value=0, default=0)


class TourSerializer(serializers.ModelSerializer):
    class Meta:
        model = TourElection
        fields = ["id", "numero", "voix", "blancs_nuls", "elu"]
        read_only_fields = fields


class PointSerializer(serializers.Serializer):
    libelle = serializers.CharField(max_length=500)


class DemandeInscriptionSerializer(serializers.Serializer):
    libelle = serializers.CharField(max_length=500)
    signataires = serializers.PrimaryKeyRelatedField(many=True, queryset=Membre.objects.all())
    recue_le = serializers.DateTimeField()


class DemandeExtraordinaireSerializer(serializers.ModelSerializer):
    signataires = serializers.PrimaryKeyRelatedField(many=True, queryset=Membre.objects.all())
    seance = serializers.SerializerMethodField()

    class Meta:
        model = DemandeSeanceExtraordinaire
        fields = ["id", "objet", "recue_le", "signataires", "recevable", "motif", "seance"]
        read_only_fields = ["id", "recevable", "motif", "seance"]

    def get_seance(self, obj) -> int | None:
        seance = getattr(obj, "seance", None)
        return seance.pk if seance is not None else None


class AbsenceSerializer(serializers.Serializer):
    membre = serializers.PrimaryKeyRelatedField(queryset=Membre.objects.all())
    excusee = serializers.BooleanField(default=True)
    motif = serializers.CharField(required=False, allow_blank=True, default="")


# --- helpers ---------------------------------------------------------------------------------------------------------


def _aujourdhui() -> datetime.date:
    return timezone.localdate()


def _date_param(request, nom: str = "date") -> datetime.date | None:
    brut = request.query_params.get(nom)
    if not brut:
        return None
    valeur = parse_date(brut)
    if valeur is None:
        raise DRFValidationError({nom: ["Date attendue au format AAAA-MM-JJ."]})
    return valeur


def _saisir(serializer_class, request):
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


class NotificationSerializer(serializers.Serializer):
    voie_recours = serializers.SlugRelatedField(
        slug_field="code",
        queryset=VoieRecours.objects.all(),
        required=False,
        help_text="Code des voies et délais de recours (inscription, administrative…) ; par défaut ceux de la décision.",
    )
    date = serializers.DateField(required=False, write_only=True, help_text="Date de la notification (aujourd'hui).")
    notifiee_le = serializers.DateField(read_only=True)
    notifiee_a = serializers.CharField(read_only=True)


class CommissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commission
        fields = ["id", "nature", "nom", "gestionnaire", "date_debut", "date_fin", "deliberation"]
        read_only_fields = ["id", "date_fin"]
        extra_kwargs = {
            "nom": {"required": False, "help_text": "Par défaut, le nom de la commission statutaire."},
            "gestionnaire": {"required": False},
            "deliberation": {"required": False},
        }


class SiegeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    membre = serializers.PrimaryKeyRelatedField(queryset=Membre.objects.all())
    role = serializers.ChoiceField(choices=RoleCommission.choices, default=RoleCommission.MEMBRE)
    date_debut = serializers.DateField()
    date_fin = serializers.DateField(read_only=True)
    deliberation = serializers.PrimaryKeyRelatedField(
        queryset=Deliberation.objects.all(), required=False, allow_null=True, help_text="La décision d'élection."
    )


class CompositionMembreSerializer(serializers.Serializer):
    membre = serializers.IntegerField(source="membre.pk")
    nom = serializers.CharField(source="membre.medecin.nom_complet")
    qualite = serializers.ChoiceField(
        choices=[("droit", "membre de droit"), ("elu", "membre élu"), ("consultatif", "voix consultative")]
    )
    libelle = serializers.CharField()


class CompositionSerializer(serializers.Serializer):
    commission = serializers.IntegerField(source="commission.pk")
    date = serializers.DateField()
    membres = CompositionMembreSerializer(many=True, source="composition")
    alertes = serializers.ListField(child=serializers.CharField())


class ConsultationMixin:
    """Lists and details: staff with the model's view permission, or a member of the council in office."""

    consultation = "gouvernance.consulter_seance"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        exiger(request.user, self.consultation)


# --- viewsets --------------------------------------------------------------------------------------------------------


class MembreViewSet(ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Members of the council and their mandates. `?date=` (in office that day), `?qualite=`."""

    serializer_class = MembreSerializer
    consultation = "gouvernance.consulter_membre"
    filter_backends = []

    def get_queryset(self):
        date = _date_param(self.request)
        qs = selectors.membres_en_fonction(date=date) if date else Membre.objects.select_related("medecin")
        qualite = self.request.query_params.get("qualite")
        if qualite:
            qs = qs.filter(qualite=qualite)
        return qs.order_by("qualite", "binome", "id")

    @extend_schema(summary="Membres absents sans motif valable de trois séances consécutives (`?date=`)")
    @action(detail=False, methods=["get"], url_path="a-signaler")
    def a_signaler(self, request):
        date = _date_param(request) or _aujourdhui()
        membres = selectors.membres_a_signaler(date=date)
        return Response({"date": date.isoformat(), "results": MembreSerializer(membres, many=True).data})

    def create(self, request):
        exiger(request.user, "gouvernance.membre_gerer")
        membre = services.membre_creer(**_saisir(MembreSerializer, request), par=request.user)
        return Response(MembreSerializer(membre).data, status=status.HTTP_201_CREATED)


class FonctionViewSet(ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Functions held over time. `?date=`, `?fonction=`, `?membre=`."""

    serializer_class = FonctionSerializer
    consultation = "gouvernance.consulter_fonction"
    filter_backends = []

    def get_queryset(self):
        qs = selectors.fonctions_liste()
        date = _date_param(self.request)
        if date:
            qs = qs.filter(selectors.couvre(date))
        for param in ("fonction", "membre"):
            valeur = self.request.query_params.get(param)
            if valeur:
                qs = qs.filter(**{param: valeur})
        return qs

    def create(self, request):
        exiger(request.user, "gouvernance.fonction_gerer")
        fonction = services.fonction_attribuer(**_saisir(FonctionSerializer, request), par=request.user)
        return Response(FonctionSerializer(fonction).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Qui exerce une fonction à une date (`?fonction=&date=`)")
    @action(detail=False, methods=["get"])
    def titulaire(self, request):
        fonction = request.query_params.get("fonction", "")
        if fonction not in TypeFonction.values:
            raise DRFValidationError({"fonction": ["Fonction inconnue."]})
        date = _date_param(request) or _aujourdhui()
        membre = selectors.fonction_titulaire(fonction=fonction, date=date)
        exerce = selectors.fonction_exercee_par(fonction=fonction, date=date)
        return Response(
            {
                "fonction": fonction,
                "date": date.isoformat(),
                "membre": membre.pk if membre else None,
                # The substitute while the holder is prevented or the post vacant (a vice-president for the président).
                "exercee_par": exerce.pk if exerce else None,
            }
        )


class CommissionViewSet(ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The council's commissions (`?date=`: those existing that day, `?nature=`), their composition and members."""

    serializer_class = CommissionSerializer
    consultation = "gouvernance.consulter_commission"
    filter_backends = []

    def get_queryset(self):
        qs = Commission.objects.order_by("nature", "nom", "id")
        date = _date_param(self.request)
        if date:
            qs = qs.filter(selectors.couvre(date))
        nature = self.request.query_params.get("nature")
        if nature:
            qs = qs.filter(nature=nature)
        return qs

    def create(self, request):
        exiger(request.user, "gouvernance.commission_gerer")
        commission = services.commission_creer(**_saisir(CommissionSerializer, request), par=request.user)
        return Response(CommissionSerializer(commission).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Composition de la commission à une date (`?date=`) : membres de droit, élus, voix consultative",
        responses=CompositionSerializer,
    )
    @action(detail=True, methods=["get"])
    def composition(self, request, pk=None):
        date = _date_param(request) or _aujourdhui()
        (ligne,) = selectors.commissions_composition(date=date, commissions=[self.get_object()])
        return Response(CompositionSerializer({**ligne, "date": date}).data)

    @extend_schema(summary="Élire un membre à la commission", request=SiegeSerializer, responses={201: SiegeSerializer})
    @action(detail=True, methods=["post"])
    def membres(self, request, pk=None):
        commission = self.get_object()
        exiger(request.user, "gouvernance.commission_gerer")
        siege = services.commission_membre_elire(
            commission=commission, **_saisir(SiegeSerializer, request), par=request.user
        )
        return Response(SiegeSerializer(siege).data, status=status.HTTP_201_CREATED)


class SeanceViewSet(ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sessions. `?type=`, `?statut=`; attendance, quorum and deliberations below each session."""

    serializer_class = SeanceSerializer
    filter_backends = []

    def get_queryset(self):
        qs = selectors.seances_liste()
        for param, choix in (("type", TypeSeance.values), ("statut", StatutSeance.values)):
            valeur = self.request.query_params.get(param)
            if valeur:
                if valeur not in choix:
                    raise DRFValidationError({param: [f"Valeurs possibles : {', '.join(choix)}."]})
                qs = qs.filter(**{param: valeur})
        return qs

    def create(self, request):
        exiger(request.user, "gouvernance.seance_gerer")
        seance = services.seance_creer(**_saisir(SeanceSerializer, request), par=request.user)
        return Response(SeanceSerializer(seance).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EmargementSerializer, responses=EmargementSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def emargements(self, request, pk=None):
        seance = self.get_object()
        if request.method == "GET":
            return Response(EmargementSerializer(selectors.presents(seance=seance), many=True).data)
        exiger(request.user, "gouvernance.emargement", objet=seance)
        donnees = _saisir(EmargementSerializer, request)
        emargement = services.emargement_enregistrer(seance=seance, par=request.user, **donnees)
        return Response(EmargementSerializer(emargement).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def absences(self, request, pk=None):
        seance = self.get_object()
        exiger(request.user, "gouvernance.emargement", objet=seance)
        absence = services.absence_enregistrer(seance=seance, par=request.user, **_saisir(AbsenceSerializer, request))
        return Response(
            {"id": absence.pk, "membre": absence.membre_id, "excusee": absence.excusee, "motif": absence.motif},
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["get"])
    def quorum(self, request, pk=None):
        return Response(selectors.seance_quorum(seance=self.get_object()))

    @action(detail=True, methods=["get"], url_path="suppleant-suivant")
    def suppleant_suivant(self, request, pk=None):
        membre = selectors.suppleant_suivant(seance=self.get_object())
        return Response({"membre": membre.pk if membre else None})

    @extend_schema(request=DeliberationSaisieSerializer, responses=DeliberationSerializer)
    @action(detail=True, methods=["get", "post"])
    def deliberations(self, request, pk=None):
        seance = self.get_object()
        if request.method == "GET":
            qs = (
                seance.deliberations.select_related("voie_recours")
                .prefetch_related("non_participants", "sortis_conflit_interets")
                .order_by("sequence")
            )
            return Response(DeliberationSerializer(qs, many=True).data)
        exiger(request.user, "gouvernance.deliberation", objet=seance)
        donnees = _saisir(DeliberationSaisieSerializer, request)
        deliberation = services.deliberation_enregistrer(seance=seance, par=request.user, **donnees)
        return Response(DeliberationSerializer(deliberation).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def convoquer(self, request, pk=None):
        seance = self.get_object()
        exiger(request.user, "gouvernance.seance_gerer")
        envoyes = services.seance_convoquer(seance=seance, today=_aujourdhui(), par=request.user)
        seance.refresh_from_db()
        # The e-mails leave from a Celery task: the count is of those programmed ("convocations_envoyees" is kept
        # for existing clients); `convocation_envoyee_le` is set when they really left.
        return Response(
            {**SeanceSerializer(seance).data, "convocations_envoyees": envoyes, "envois_programmes": envoyes}
        )

    @action(detail=True, methods=["post"])
    def ouvrir(self, request, pk=None):
        seance = self.get_object()
        exiger(request.user, "gouvernance.seance_conduire", objet=seance)
        seance = services.seance_ouvrir(seance=seance, par=request.user)
        return Response({**SeanceSerializer(seance).data, "quorum": selectors.seance_quorum(seance=seance)})

    @action(detail=True, methods=["post"])
    def clore(self, request, pk=None):
        seance = self.get_object()
        exiger(request.user, "gouvernance.seance_conduire", objet=seance)
        return Response(SeanceSerializer(services.seance_clore(seance=seance, par=request.user)).data)

    @extend_schema(request=PointSerializer, responses=SeanceSerializer)
    @action(detail=True, methods=["post"])
    def points(self, request, pk=None):
        seance = self.get_object()
        seance = services.seance_ajouter_point(seance=seance, par=request.user, **_saisir(PointSerializer, request))
        return Response(SeanceSerializer(seance).data)

    @extend_schema(
        summary="Envoyer le projet de procès-verbal aux membres (séance close)",
        request=None,
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"], url_path="envoyer-proces-verbal")
    def envoyer_proces_verbal(self, request, pk=None):
        seance = self.get_object()
        exiger(request.user, "gouvernance.seance_gerer")
        envoyes = services.seance_envoyer_proces_verbal(seance=seance, today=_aujourdhui(), par=request.user)
        seance.refresh_from_db(fields=["pv_envoye_le"])
        # Programmed, sent by a Celery task ("envoyes" is kept for existing clients); `pv_envoye_le` is the day the
        # e-mails really left, null until then.
        return Response(
            {
                "envoyes": envoyes,
                "envois_programmes": envoyes,
                "pv_envoye_le": seance.pv_envoye_le.isoformat() if seance.pv_envoye_le else None,
            }
        )

    @extend_schema(request=DemandeInscriptionSerializer)
    @action(detail=True, methods=["post"], url_path="demandes-inscription")
    def demandes_inscription(self, request, pk=None):
        seance = self.get_object()
        exiger(request.user, "gouvernance.seance_gerer")
        demande = services.demande_inscription_enregistrer(
            seance=seance, par=request.user, **_saisir(DemandeInscriptionSerializer, request)
        )
        return Response(
            {"id": demande.pk, "inscrite_de_droit": demande.inscrite_de_droit, "motif": demande.motif},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Procès-verbal de la séance (PDF) : complet et confidentiel, ou extrait publiable des décisions",
        operation_id="gouvernance_seances_proces_verbal",
        parameters=[OpenApiParameter("partie", str, enum=list(documents.PARTIES), default=documents.COMPLET)],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def proces_verbal(self, request, pk=None):
        """Le procès-verbal complet, confidentiel (membres du conseil en fonction et secrétariat), ou avec
        `?partie=extrait` l'extrait publiable des décisions, où les décisions individuelles sont anonymisées."""
        # Mounted without trailing slash at seances/{id}/proces-verbal.pdf (CONTRACT.md), below the router.
        seance = self.get_object()
        exiger(request.user, "gouvernance.proces_verbal_lire", objet=seance)
        partie = request.query_params.get("partie", documents.COMPLET)
        if partie not in documents.PARTIES:
            raise DRFValidationError({"partie": [f"Valeurs possibles : {', '.join(documents.PARTIES)}."]})
        contenu = documents.proces_verbal_pdf(seance_id=seance.pk, partie=partie)
        return reponse_pdf(contenu, documents.proces_verbal_nom_fichier(seance, partie))


class DeliberationViewSet(ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every numbered decision, for the other apps to reference. `?annee=`, `?numero=`."""

    serializer_class = DeliberationSerializer
    consultation = "gouvernance.consulter_deliberation"
    filter_backends = []

    def get_queryset(self):
        qs = selectors.deliberations_liste()
        annee = self.request.query_params.get("annee")
        if annee:
            if not annee.isdigit():
                raise DRFValidationError({"annee": ["Année attendue (AAAA)."]})
            qs = qs.filter(annee=int(annee))
        numero = self.request.query_params.get("numero")
        if numero:
            qs = qs.filter(numero=numero)
        return qs

    @extend_schema(
        summary="Notifier une décision individuelle au médecin concerné (voies et délais de recours)",
        request=NotificationSerializer,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"])
    def notifier(self, request, pk=None):
        deliberation = self.get_object()
        exiger(request.user, "gouvernance.deliberation_notifier")
        donnees = _saisir(NotificationSerializer, request)
        deliberation = services.deliberation_notifier(
            deliberation=deliberation,
            today=donnees.get("date") or _aujourdhui(),
            voie_recours=donnees.get("voie_recours"),
            par=request.user,
        )
        return Response(NotificationSerializer(deliberation).data)

    @extend_schema(
        summary="Lettre de notification d'une décision individuelle (PDF)",
        operation_id="gouvernance_deliberations_notification",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def notification(self, request, pk=None):
        # Mounted at deliberations/{id}/notification.pdf, below the router; the secretariat and the bureau only.
        deliberation = self.get_object()
        exiger(request.user, "gouvernance.deliberation_notifier")
        if deliberation.medecin_concerne_id is None or deliberation.voie_recours_id is None:
            raise DRFValidationError(
                {"detail": ["Seule une décision individuelle, avec ses voies et délais de recours, se notifie."]}
            )
        contenu = documents.notification_pdf(deliberation_id=deliberation.pk)
        return reponse_pdf(contenu, documents.notification_nom_fichier(deliberation))


class DemandeExtraordinaireViewSet(
    ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests of one third of the titular members to convene an extraordinary session (within 15 days)."""

    serializer_class = DemandeExtraordinaireSerializer
    consultation = "gouvernance.consulter_demandeseanceextraordinaire"
    filter_backends = []

    def get_queryset(self):
        return (
            DemandeSeanceExtraordinaire.objects.select_related("seance")
            .prefetch_related("signataires")
            .order_by("-recue_le", "-id")
        )

    def create(self, request):
        exiger(request.user, "gouvernance.seance_gerer")
        demande = services.demande_seance_extraordinaire_enregistrer(
            **_saisir(DemandeExtraordinaireSerializer, request), par=request.user
        )
        return Response(DemandeExtraordinaireSerializer(demande).data, status=status.HTTP_201_CREATED)


class ElectionViewSet(ConsultationMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Elections of the président and of each bureau post; rounds are counts only."""

    serializer_class = ElectionSerializer
    consultation = "gouvernance.consulter_election"
    filter_backends = []

    def get_queryset(self):
        return Election.objects.select_related("seance").prefetch_related("candidats").order_by("-seance__date", "id")

    def create(self, request):
        donnees = _saisir(ElectionSerializer, request)
        election = services.election_creer(par=request.user, **donnees)
        return Response(ElectionSerializer(election).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TourSaisieSerializer, responses=TourSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def tours(self, request, pk=None):
        election = self.get_object()
        if request.method == "GET":
            return Response(TourSerializer(election.tours.order_by("numero"), many=True).data)
        exiger(request.user, "gouvernance.tour", objet=election)
        tour = services.tour_enregistrer(election=election, par=request.user, **_saisir(TourSaisieSerializer, request))
        return Response(
            {
                "id": tour.pk,
                "tour": tour.numero,
                "elu": tour.elu_id,
                "second_tour_requis": tour.elu_id is None and tour.numero == 1,
            },
            status=status.HTTP_201_CREATED,
        )


router = SimpleRouter()
router.register("membres", MembreViewSet, basename="gouvernance-membre")
router.register("fonctions", FonctionViewSet, basename="gouvernance-fonction")
router.register("commissions", CommissionViewSet, basename="gouvernance-commission")
router.register("seances", SeanceViewSet, basename="gouvernance-seance")
router.register("deliberations", DeliberationViewSet, basename="gouvernance-deliberation")
router.register("elections", ElectionViewSet, basename="gouvernance-election")
router.register("demandes-extraordinaires", DemandeExtraordinaireViewSet, basename="gouvernance-demande-extraordinaire")

urlpatterns = [
    path(
        "seances/<int:pk>/proces-verbal.pdf",
        SeanceViewSet.as_view({"get": "proces_verbal"}, renderer_classes=[JSONRenderer, PDFRenderer]),
        name="gouvernance-seance-proces-verbal",
    ),
    path(
        "deliberations/<int:pk>/notification.pdf",
        DeliberationViewSet.as_view({"get": "notification"}, renderer_classes=[JSONRenderer, PDFRenderer]),
        name="gouvernance-deliberation-notification",
    ),
    *router.urls,
]
