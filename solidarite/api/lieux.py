"""`POST/GET /api/solidarite/lieux/` (reading is public: the places are published), `GET …/{id}/` and the place's
feeds `…/{id}/agenda.ics` and `…/{id}/agenda.csv` (public too: the booking agenda of the place)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from .. import agenda, selectors, services
from ..models import Lieu
from . import router
from .commun import RENDUS_AGENDA, reponse_csv, reponse_ics


class LieuSolidariteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lieu
        fields = ("id", "nom", "adresse", "code_postal", "commune", "departement", "actif", "fuseau_horaire")
        read_only_fields = ("id",)


class LecturePublique(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)


def _exporter(lieu, request):
    return services.journees_exporter(selectors.journees_du_lieu(lieu), par=request.user, today=timezone.localdate())


class LieuViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [LecturePublique]
    serializer_class = LieuSolidariteSerializer
    queryset = Lieu.objects.all()

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            return selectors.lieux_liste()
        return selectors.lieux_publics()

    def create(self, request, *args, **kwargs):
        entree = self.get_serializer(data=request.data)
        entree.is_valid(raise_exception=True)
        lieu = services.lieu_enregistrer(donnees=entree.validated_data, par=request.user, today=timezone.localdate())
        return Response(self.get_serializer(lieu).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Agenda du lieu (iCalendar)",
        operation_id="solidarite_lieu_agenda_ics",
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    def agenda_ics(self, request, pk=None):
        lieu = self.get_object()
        journees, exclus = _exporter(lieu, request)
        contenu = agenda.calendrier(journees, nom=f"Solidarité territoriale – {lieu.nom}", exclus=exclus)
        return reponse_ics(contenu, agenda.nom_fichier(f"lieu-{lieu.pk}", "ics"))

    @extend_schema(
        summary="Agenda du lieu (CSV pour l'agenda de réservation)",
        operation_id="solidarite_lieu_agenda_csv",
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def agenda_csv(self, request, pk=None):
        lieu = self.get_object()
        journees, exclus = _exporter(lieu, request)
        return reponse_csv(agenda.tableur(journees, exclus=exclus), agenda.nom_fichier(f"lieu-{lieu.pk}", "csv"))


LIEU_ICS = LieuViewSet.as_view({"get": "agenda_ics"}, renderer_classes=RENDUS_AGENDA)
LIEU_CSV = LieuViewSet.as_view({"get": "agenda_csv"}, renderer_classes=RENDUS_AGENDA)

router.register("lieux", LieuViewSet, basename="solidarite-lieu")
