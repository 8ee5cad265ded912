"""entraide API: the aids of a request, its transmission to the commission nationale d'entraide and the file sent
(CONTRACT.md entraide; issue 12 points 10-11). Separate DRF views under /api/entraide/demandes/{id}/… (listed in
entraide/api/__init__.py's urlpatterns).

Visibility: every route reads the request through `entraide.selectors.demande_a_lire` (the read logged; for
anybody else the refused read logged, then 404), and the answers of the acts log what they show. Deciding an aid
answers 403 with the rule's French message to whoever may not decide (the entraide's staff, the trésorier, a
member of the commission on his own request), whether or not he may read the request; another service's staff
get 404 there too."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import PDFRenderer
from config.pdf import reponse_pdf
from config.perms import exiger, peut, regle
from tresorerie.api.commun import MontantField

from .. import documents, selectors, services
from ..models import Aide, Demande, TransmissionCnom, TypeAide
from ..selectors import aides_de


def _aujourdhui() -> datetime.date:
    return timezone.localdate()


def demande_lisible(request, pk: int):
    """The request if this user may read it today, the read logged; anybody else (another service's staff, the
    applicant himself, a member of the commission on his own request): the refused read logged, then 404."""
    return selectors.demande_a_lire(user=request.user, pk=pk, date=_aujourdhui())


def lire(request, objet) -> None:
    """Log the read of what a response shows (the request, or an aid or a transmission of it)."""
    demande = objet if isinstance(objet, Demande) else objet.demande
    exiger(request.user, "entraide.demande_lire", objet=demande, date=_aujourdhui(), lecture=True)


class EcheanceEntraideSerializer(serializers.Serializer):
    date = serializers.DateField()
    montant = MontantField()


class AideEntraideSerializer(serializers.ModelSerializer):
    montant = MontantField(read_only=True)
    annee = serializers.IntegerField(source="cotisation.annee", read_only=True, default=None)
    engagement_numero = serializers.CharField(source="engagement.numero", read_only=True, default=None)
    exoneration_numero = serializers.CharField(source="exoneration.numero", read_only=True, default=None)
    a_engager = serializers.BooleanField(read_only=True)
    echeances = serializers.JSONField(source="echeancier", read_only=True)

    class Meta:
        model = Aide
        fields = [
            "id",
            "demande",
            "type",
            "montant",
            "date",
            "motivation",
            "organisme",
            "taux",
            "annee",
            "echeances",
            "decidee_par",
            "engagement",
            "engagement_numero",
            "a_engager",
            "exoneration",
            "exoneration_numero",
            "signalee_cnom_le",
        ]
        read_only_fields = fields


class AideEntraideEntreeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=TypeAide.choices,
        error_messages={"invalid_choice": f"Type d'aide inconnu : choisissez parmi {', '.join(TypeAide.values)}."},
    )
    montant = MontantField(required=False, allow_null=True, default=None)
    date = serializers.DateField(required=False, default=None)
    motivation = serializers.CharField(allow_blank=True, trim_whitespace=True)
    organisme = serializers.CharField(required=False, allow_blank=True, default="")
    taux = serializers.IntegerField(required=False, allow_null=True, default=None)
    annee = serializers.IntegerField(required=False, allow_null=True, default=None)
    echeances = EcheanceEntraideSerializer(many=True, required=False, default=list)


class AidesView(generics.ListCreateAPIView):
    """GET: the aids of a request (its readers; the read is logged). POST: the commission decides an aid."""

    serializer_class = AideEntraideSerializer
    queryset = Aide.objects.none()  # the model, for introspection; what a user sees: get_queryset()

    def get_queryset(self):
        return aides_de(demande_lisible(self.request, self.kwargs["pk"]))

    @extend_schema(request=AideEntraideEntreeSerializer, responses={201: AideEntraideSerializer})
    def post(self, request, pk: int):
        today = _aujourdhui()
        demande = Demande.objects.select_related("medecin").filter(pk=pk).first()
        if demande is None or not peut(request.user, "entraide.demande_lire", objet=demande, date=today):
            if demande is not None:
                selectors.consigner_refus(user=request.user, action="entraide.aide_decider", objet=demande)
            if demande is None or (request.user.is_staff and not peut(request.user, "entraide.demande_lire")):
                # Another service's staff: nobody but a reader learns that a file exists.
                raise Http404("Demande introuvable.")
            raise PermissionDenied(regle("entraide.aide_decider").refus)
        entree = AideEntraideEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        aide = services.aide_decider(
            demande=demande,
            type=donnees["type"],
            montant=donnees["montant"],
            date=donnees["date"] or today,
            motivation=donnees["motivation"],
            organisme=donnees["organisme"],
            taux=donnees["taux"],
            annee=donnees["annee"],
            echeances=[(e["date"], e["montant"]) for e in donnees["echeances"]],
            par=request.user,
            today=today,
        )
        return Response(AideEntraideSerializer(aides_de(demande).get(pk=aide.pk)).data, status=status.HTTP_201_CREATED)


class AideDetailView(generics.RetrieveAPIView):
    serializer_class = AideEntraideSerializer
    queryset = Aide.objects.none()

    def get_object(self):
        demande = demande_lisible(self.request, self.kwargs["pk"])
        return get_object_or_404(aides_de(demande), pk=self.kwargs["aide_pk"])


class AideEngagerView(APIView):
    """The ordonnateur engages a secours « à engager » on the entraide line (the expense chain's first step)."""

    @extend_schema(request=None, responses={200: AideEntraideSerializer}, summary="Engager un secours (l'ordonnateur)")
    def post(self, request, pk: int, aide_pk: int):
        demande = demande_lisible(request, pk)
        aide = get_object_or_404(aides_de(demande), pk=aide_pk)
        services.aide_engager(aide=aide, par=request.user, today=_aujourdhui())
        aide = aides_de(demande).get(pk=aide.pk)
        lire(request, aide)  # the answer shows the motivation: its read is logged
        return Response(AideEntraideSerializer(aide).data)


# --- the commission nationale ------------------------------------------------------------------------------------


class TransmissionCnomSerializer(serializers.ModelSerializer):
    montant_accorde = MontantField(read_only=True)
    statut = serializers.CharField(source="demande.statut", read_only=True)

    class Meta:
        model = TransmissionCnom
        fields = [
            "id",
            "demande",
            "avis",
            "aide_proposee",
            "transmise_le",
            "transmise_par",
            "decision",
            "montant_accorde",
            "decision_le",
            "statut",
        ]
        read_only_fields = fields


class TransmettreCnomEntreeSerializer(serializers.Serializer):
    avis = serializers.CharField(allow_blank=True)
    aide_proposee = serializers.CharField(allow_blank=True)


class DecisionCnomEntreeSerializer(serializers.Serializer):
    decision = serializers.CharField(allow_blank=True)
    montant_accorde = MontantField(required=False, allow_null=True, default=None)
    decision_le = serializers.DateField()


class TransmettreView(APIView):
    @extend_schema(
        request=TransmettreCnomEntreeSerializer,
        responses={201: TransmissionCnomSerializer},
        summary="Transmettre le dossier à la commission nationale d'entraide",
    )
    def post(self, request, pk: int):
        demande = demande_lisible(request, pk)
        entree = TransmettreCnomEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        transmission = services.demande_transmettre(
            demande=demande, par=request.user, today=_aujourdhui(), **entree.validated_data
        )
        transmission = TransmissionCnom.objects.select_related("demande").get(pk=transmission.pk)
        lire(request, transmission)  # the answer shows the avis: its read is logged
        return Response(TransmissionCnomSerializer(transmission).data, status=status.HTTP_201_CREATED)


class TransmissionsView(generics.ListAPIView):
    """The transmissions of a request and the commission nationale's answers."""

    serializer_class = TransmissionCnomSerializer
    queryset = TransmissionCnom.objects.none()

    def get_queryset(self):
        demande = demande_lisible(self.request, self.kwargs["pk"])
        return demande.transmissions.select_related("demande").order_by("transmise_le", "id")


class DecisionCnomView(APIView):
    @extend_schema(
        request=DecisionCnomEntreeSerializer,
        responses={200: TransmissionCnomSerializer},
        summary="Enregistrer la décision de la commission nationale d'entraide",
    )
    def post(self, request, pk: int, transmission_pk: int):
        demande = demande_lisible(request, pk)
        transmission = get_object_or_404(demande.transmissions.all(), pk=transmission_pk)
        entree = DecisionCnomEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.cnom_decision_enregistrer(
            transmission=transmission, par=request.user, today=_aujourdhui(), **entree.validated_data
        )
        transmission = TransmissionCnom.objects.select_related("demande").get(pk=transmission.pk)
        lire(request, transmission)  # the answer shows the avis and the decision: its read is logged
        return Response(TransmissionCnomSerializer(transmission).data)


class DossierCnomPdfView(generics.GenericAPIView):
    renderer_classes = [JSONRenderer, PDFRenderer]
    queryset = Demande.objects.none()  # the model, for introspection; what a user reads: demande_lisible()

    @extend_schema(
        summary="Le dossier pour la commission nationale d'entraide (PDF)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk: int):
        demande = demande_lisible(request, pk)
        return reponse_pdf(documents.dossier_cnom_pdf(demande), documents.dossier_cnom_nom(demande))
