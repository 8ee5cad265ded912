"""The budget's endpoints (CONTRACT.md tresorerie): budgets with their lines and available credit, adoption citing
the plenary's deliberation, credit transfers.

Who may create a budget, set it and record its adoption (tresorerie/perms.py `budget_preparer`, `budget_adopter`):
the ordonnateur (the secrétaire général, or his substitute while he is prevented) and the trésorier, as elected
members exercising their function on the day, and the accounting staff (Comptabilité). A transfer is the
ordonnateur's alone (`virement_decider`), on the trésorier's proposal (`propose_par`: by default the trésorier in
office that day). Reading: the members of the expense chain and the accounting staff; anyone else 403."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gouvernance.models import Deliberation

from .. import services
from ..models import Avenant, Budget, LigneBudgetaire, Virement
from ..selectors import budgets_visibles, lignes_avec_disponible
from . import router
from .commun import Connecte, MontantField, reserve


class LigneSerializer(serializers.ModelSerializer):
    rubrique = serializers.CharField(source="compte.numero", read_only=True)
    libelle = serializers.SerializerMethodField()
    # Set on each line by selectors.lignes_avec_disponible (set-based, the same figure as selectors.disponible).
    disponible = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = LigneBudgetaire
        fields = ["id", "rubrique", "libelle", "montant", "disponible"]
        read_only_fields = fields

    def get_libelle(self, obj) -> str:
        return obj.libelle or obj.compte.libelle


class BudgetSerializer(serializers.ModelSerializer):
    lignes = serializers.SerializerMethodField()
    deliberation = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "annee", "statut", "lignes", "deliberation", "adopte_le", "transmis_le", "dotation_principale"]
        read_only_fields = fields

    def get_lignes(self, obj) -> list:
        lignes = self.context.get("lignes", {}).get(obj.pk)
        if lignes is None:
            lignes = lignes_avec_disponible([obj.pk])
        return LigneSerializer(lignes, many=True).data


class LigneEntreeSerializer(serializers.Serializer):
    rubrique = serializers.CharField(max_length=10)
    libelle = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    montant = MontantField()


class BudgetEntreeSerializer(serializers.Serializer):
    annee = serializers.IntegerField(
        min_value=2000, max_value=2100, error_messages={"invalid": "Indiquez l'exercice (AAAA)."}
    )
    lignes = LigneEntreeSerializer(many=True, required=False, default=list)


class AdoptionSerializer(serializers.Serializer):
    deliberation = serializers.PrimaryKeyRelatedField(
        queryset=Deliberation.objects.select_related("seance"),
        allow_null=True,
        required=False,
        error_messages={"does_not_exist": "Cette délibération n'existe pas."},
    )


def _avec_lignes(budgets) -> dict:
    lignes: dict[int, list] = {}
    for ligne in lignes_avec_disponible([b.pk for b in budgets]):
        lignes.setdefault(ligne.budget_id, []).append(ligne)
    return {"lignes": lignes}


@extend_schema_view(
    list=extend_schema(summary="Budgets prévisionnels, leurs lignes et le crédit disponible"),
    retrieve=extend_schema(summary="Un budget prévisionnel"),
    create=extend_schema(summary="Préparer le budget prévisionnel d'un exercice", request=BudgetEntreeSerializer),
)
class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Budget.objects.none()  # the model, for the schema and the walk; the rows: get_queryset()
    serializer_class = BudgetSerializer
    permission_classes = [Connecte]

    def get_queryset(self):
        reserve(self.request.user, "tresorerie.budgets_consulter")
        return budgets_visibles().order_by("-annee")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True, context=_avec_lignes(page)).data)

    def get_serializer(self, *args, context=None, **kwargs):
        return self.serializer_class(*args, context={**self.get_serializer_context(), **(context or {})}, **kwargs)

    def create(self, request, *args, **kwargs):
        entree = BudgetEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        budget = services.budget_creer(
            annee=entree.validated_data["annee"],
            lignes=[dict(ligne) for ligne in entree.validated_data["lignes"]],
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(self.get_serializer(budget).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Enregistrer l'adoption du budget par l'assemblée plénière", request=AdoptionSerializer)
    @action(detail=True, methods=["post"])
    def adopter(self, request, pk=None):
        budget = self.get_object()
        entree = AdoptionSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        deliberation = entree.validated_data.get("deliberation")
        budget = services.budget_adopter(
            budget_id=budget.pk,
            deliberation_id=deliberation.pk if deliberation else None,
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(self.get_serializer(budget).data, status=status.HTTP_200_OK)


class VirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Virement
        fields = ["id", "budget", "de", "vers", "montant", "date", "motif", "propose_par", "decide_par", "avenant"]
        read_only_fields = fields


class VirementEntreeSerializer(serializers.Serializer):
    de = serializers.PrimaryKeyRelatedField(
        queryset=LigneBudgetaire.objects.all(),
        error_messages={"does_not_exist": "Cette ligne budgétaire n'existe pas."},
    )
    vers = serializers.PrimaryKeyRelatedField(
        queryset=LigneBudgetaire.objects.all(),
        error_messages={"does_not_exist": "Cette ligne budgétaire n'existe pas."},
    )
    montant = MontantField()
    motif = serializers.CharField(required=False, allow_blank=True, default="")
    propose_par = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Cet utilisateur n'existe pas."},
    )
    avenant = serializers.PrimaryKeyRelatedField(
        queryset=Avenant.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Cet avenant n'existe pas."},
    )


@extend_schema_view(
    list=extend_schema(summary="Virements de crédits"),
    retrieve=extend_schema(summary="Un virement de crédits"),
    create=extend_schema(
        summary="Virer des crédits d'une rubrique à une autre (l'ordonnateur, sur proposition du trésorier)",
        request=VirementEntreeSerializer,
    ),
)
class VirementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Virement.objects.none()
    serializer_class = VirementSerializer
    permission_classes = [Connecte]

    def get_queryset(self):
        reserve(self.request.user, "tresorerie.virements_consulter")
        return Virement.objects.order_by("-date", "-id")

    def create(self, request, *args, **kwargs):
        entree = VirementEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        avenant = donnees.get("avenant")
        virement = services.virement_decider(
            de_id=donnees["de"].pk,
            vers_id=donnees["vers"].pk,
            montant=donnees["montant"],
            motif=donnees.get("motif", ""),
            propose_par=donnees.get("propose_par"),
            avenant_id=avenant.pk if avenant else None,
            par=request.user,
            today=timezone.localdate(),
        )
        return Response(VirementSerializer(virement).data, status=status.HTTP_201_CREATED)


router.register("budgets", BudgetViewSet, basename="tresorerie-budget")
router.register("virements", VirementViewSet, basename="tresorerie-virement")
