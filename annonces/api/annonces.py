"""/api/annonces/: anonymous visitors read the published ads whose end date has not passed; a doctor also reads and
writes his own; the moderators (staff with the app's permissions) read them all and moderate. A published ad's
pending change (`revision`) is shown to its author and the moderators only: the public reads the published text."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors, services
from ..models import CHAMPS_CONTENU, Annonce, Categorie, Sens, StatutAnnonce
from . import router


class RevisionAnnonceSerializer(serializers.Serializer):
    categorie = serializers.CharField()
    sens = serializers.CharField()
    titre = serializers.CharField()
    texte = serializers.CharField()
    commune = serializers.CharField()
    date_debut = serializers.DateField()
    date_fin = serializers.DateField(allow_null=True)
    statut = serializers.CharField()
    motif = serializers.CharField()


class AnnonceSerializer(serializers.ModelSerializer):
    revision = serializers.SerializerMethodField(
        help_text="La modification en attente d'une annonce publiée (son auteur et les modérateurs seuls la voient)."
    )

    class Meta:
        model = Annonce
        fields = [
            "id",
            "auteur",
            "categorie",
            "sens",
            "titre",
            "texte",
            "commune",
            "date_debut",
            "date_fin",
            "statut",
            "motif",
            "revision",
        ]
        read_only_fields = fields

    @extend_schema_field(RevisionAnnonceSerializer(allow_null=True))
    def get_revision(self, annonce) -> dict | None:
        user = self.context["request"].user
        if not (annonce.auteur.user_id == user.pk or selectors.est_moderateur(user)):
            return None
        revision = selectors.revision_en_cours(annonce)
        return RevisionAnnonceSerializer(revision).data if revision is not None else None


class AnnonceEntreeSerializer(serializers.Serializer):
    categorie = serializers.ChoiceField(choices=Categorie.choices)
    sens = serializers.ChoiceField(choices=Sens.choices)
    titre = serializers.CharField(max_length=150)
    texte = serializers.CharField(max_length=5000)
    commune = serializers.CharField(max_length=100)
    date_debut = serializers.DateField()
    date_fin = serializers.DateField(required=False, allow_null=True)


class MotifEntreeSerializer(serializers.Serializer):
    motif = serializers.CharField(allow_blank=True, required=False, default="")


class MessageAnnonceEntreeSerializer(serializers.Serializer):
    texte = serializers.CharField(max_length=3000)


def _aujourdhui():
    return timezone.localdate()


@extend_schema_view(
    list=extend_schema(
        summary="Annonces (publiées pour le public ; les siennes pour un médecin ; toutes pour les modérateurs)",
        parameters=[
            OpenApiParameter("categorie", enum=Categorie.values),
            OpenApiParameter("sens", enum=Sens.values),
            OpenApiParameter("commune", str, description="Une partie du nom de la commune (accents ignorés)."),
            OpenApiParameter("statut", enum=StatutAnnonce.values),
        ],
    ),
    retrieve=extend_schema(summary="Une annonce"),
    create=extend_schema(request=AnnonceEntreeSerializer, summary="Déposer une annonce (brouillon)"),
    partial_update=extend_schema(
        request=AnnonceEntreeSerializer(partial=True),
        summary="Modifier son annonce (publiée : la modification attend la modération)",
    ),
)
class AnnonceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AnnonceSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        qs = selectors.annonces_visibles(self.request.user, _aujourdhui())
        if self.action == "list":
            p = self.request.query_params
            qs = selectors.rechercher(
                qs, categorie=p.get("categorie", ""), commune=p.get("commune", ""), sens=p.get("sens", "")
            )
            if p.get("statut"):
                qs = qs.filter(statut=p["statut"])
        return qs

    def _detail(self, annonce, code=status.HTTP_200_OK):
        annonce = selectors.annonces_visibles(self.request.user, _aujourdhui()).get(pk=annonce.pk)
        return Response(AnnonceSerializer(annonce, context={"request": self.request}).data, status=code)

    def create(self, request, *args, **kwargs):
        entree = AnnonceEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        annonce = services.annonce_deposer(donnees=dict(entree.validated_data), par=request.user, today=_aujourdhui())
        return self._detail(annonce, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        annonce = self.get_object()
        inconnus = sorted(set(request.data) - set(CHAMPS_CONTENU))
        if inconnus:
            raise serializers.ValidationError(
                {
                    c: ["Ce champ ne se modifie pas : seuls le contenu et les dates de l'annonce se changent."]
                    for c in inconnus
                }
            )
        entree = AnnonceEntreeSerializer(data=request.data, partial=True)
        entree.is_valid(raise_exception=True)
        annonce = services.annonce_modifier(
            annonce_id=annonce.pk, donnees=dict(entree.validated_data), par=request.user, today=_aujourdhui()
        )
        return self._detail(annonce)

    def _acte(self, service, **kwargs):
        annonce = self.get_object()
        annonce = service(annonce_id=annonce.pk, par=self.request.user, today=_aujourdhui(), **kwargs)
        return self._detail(annonce)

    def _motif(self):
        entree = MotifEntreeSerializer(data=self.request.data)
        entree.is_valid(raise_exception=True)
        return entree.validated_data["motif"]

    @extend_schema(request=None, summary="Soumettre l'annonce (ou sa modification) à la modération (auteur)")
    @action(detail=True, methods=["post"])
    def soumettre(self, request, pk=None):
        return self._acte(services.annonce_soumettre)

    @extend_schema(request=None, summary="Retirer l'annonce (auteur)")
    @action(detail=True, methods=["post"])
    def retirer(self, request, pk=None):
        return self._acte(services.annonce_retirer)

    @extend_schema(request=None, summary="Publier l'annonce ou sa modification (modérateur)")
    @action(detail=True, methods=["post"])
    def publier(self, request, pk=None):
        return self._acte(services.annonce_publier)

    @extend_schema(
        request=MotifEntreeSerializer, summary="Demander une correction à l'auteur, avec le motif (modérateur)"
    )
    @action(detail=True, methods=["post"], url_path="demander-correction")
    def demander_correction(self, request, pk=None):
        return self._acte(services.annonce_demander_correction, motif=self._motif())

    @extend_schema(
        request=MotifEntreeSerializer, summary="Refuser l'annonce ou sa modification, avec le motif (modérateur)"
    )
    @action(detail=True, methods=["post"])
    def refuser(self, request, pk=None):
        return self._acte(services.annonce_refuser, motif=self._motif())

    @extend_schema(
        request=MessageAnnonceEntreeSerializer,
        responses={201: None},
        summary="Écrire à l'auteur d'une annonce publiée (médecin) : son adresse n'est pas communiquée",
    )
    @action(detail=True, methods=["post"])
    def repondre(self, request, pk=None):
        annonce = self.get_object()
        entree = MessageAnnonceEntreeSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        message = services.annonce_repondre(
            annonce_id=annonce.pk, texte=entree.validated_data["texte"], par=request.user, today=_aujourdhui()
        )
        return Response(
            {"id": message.pk, "detail": "Votre message est transmis à l'auteur de l'annonce (envoi programmé)."},
            status=status.HTTP_201_CREATED,
        )


router.register("", AnnonceViewSet, basename="annonce")
