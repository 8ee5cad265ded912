"""How the register's records are read and parsed, shared by the API and the CSV import (CONTRACT.md tableau).

Writable fields are declared explicitly (no mass assignment); the writes themselves go through tableau.services.
The import (tableau.importation) parses each line with `MedecinImportSerializer`: `MedecinSerializer`'s fields with
the extra formats a spreadsheet produces, so the API and the import accept and refuse the same values with the same
French messages. The services never import this module: they take values already parsed.
"""

from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from .models import CHAMPS_COORDONNEES, CHAMPS_MEDECIN, Exercice, Medecin, Sexe, Societe, Statut
from .validators import valider_rpps


def _choix_inconnu(quoi: str, valeurs) -> dict:
    return {"invalid_choice": f"{quoi} inconnu : « {{input}} ». Valeurs possibles : {', '.join(valeurs)}."}


MESSAGE_RPPS_EXISTANT = "Un médecin portant ce numéro RPPS figure déjà au tableau."


class MedecinSerializer(serializers.ModelSerializer):
    rpps = serializers.CharField(
        label="numéro RPPS",
        help_text="11 chiffres, le dernier étant la clé de Luhn.",
        validators=[valider_rpps, UniqueValidator(queryset=Medecin.objects.all(), message=MESSAGE_RPPS_EXISTANT)],
    )
    sexe = serializers.ChoiceField(choices=Sexe.choices, error_messages=_choix_inconnu("Sexe", Sexe.values))
    statut = serializers.ChoiceField(
        choices=Statut.choices,
        error_messages=_choix_inconnu("Statut", Statut.values),
        help_text="À la création, tout statut est accepté ; ensuite, seuls les passages prévus par le tableau.",
    )
    exercice = serializers.ChoiceField(
        choices=Exercice.choices, error_messages=_choix_inconnu("Mode d'exercice", Exercice.values)
    )

    class Meta:
        model = Medecin
        fields = CHAMPS_MEDECIN
        read_only_fields = ("id",)
        extra_kwargs = {
            "date_inscription": {"required": False, "allow_null": True},
            "premiere_inscription": {"required": False},
            "opposition_annuaire": {"required": False},
        }


class MedecinCoordonneesSerializer(serializers.ModelSerializer):
    """What a doctor may change on their own record: email, phone and addresses (CONTRACT.md)."""

    class Meta:
        model = Medecin
        fields = CHAMPS_COORDONNEES


class BooleenTableur(serializers.BooleanField):
    """The booleans a spreadsheet writes: true/false, oui/non, 1/0 (CONTRACT.md import_tableau)."""

    TRUE_VALUES = serializers.BooleanField.TRUE_VALUES | {"oui", "vrai"}
    FALSE_VALUES = serializers.BooleanField.FALSE_VALUES | {"non", "faux"}
    default_error_messages = {"invalid": "Valeur booléenne attendue : true/false, oui/non ou 1/0."}


FORMATS_DATE_TABLEUR = ["iso-8601", "%d/%m/%Y"]
MESSAGE_DATE_TABLEUR = "Date invalide : « {input} ». Formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA."


class DateTableur(serializers.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", FORMATS_DATE_TABLEUR)
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except serializers.ValidationError as exc:
            if exc.detail and getattr(exc.detail[0], "code", "") == "invalid":
                raise serializers.ValidationError(MESSAGE_DATE_TABLEUR.format(input=value), code="invalid") from exc
            raise


class MedecinImportSerializer(MedecinSerializer):
    """One line of an import file. The RPPS is not checked for uniqueness here: an RPPS already on the tableau
    updates that record, and the importer fetches the existing numbers in one query."""

    rpps = serializers.CharField(label="numéro RPPS", validators=[valider_rpps])

    class Meta(MedecinSerializer.Meta):
        pass

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if field_class is serializers.BooleanField:
            field_class = BooleenTableur
        elif field_class is serializers.DateField:
            field_class = DateTableur
        return field_class, field_kwargs


class SocieteSerializer(serializers.ModelSerializer):
    forme = serializers.ChoiceField(
        choices=Societe.Forme.choices, error_messages=_choix_inconnu("Forme de société", Societe.Forme.values)
    )
    statut = serializers.ChoiceField(
        choices=Societe.Statut.choices,
        required=False,
        error_messages=_choix_inconnu("Statut", Societe.Statut.values),
    )
    gerant = serializers.PrimaryKeyRelatedField(
        queryset=Medecin.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Aucun médecin n'a l'identifiant « {pk_value} »."},
    )
    associes = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(
            queryset=Medecin.objects.all(),
            error_messages={"does_not_exist": "Aucun médecin n'a l'identifiant « {pk_value} »."},
        ),
        required=False,
    )

    class Meta:
        model = Societe
        fields = (
            "id",
            "raison_sociale",
            "forme",
            "statut",
            "date_inscription",
            "gerant",
            "associes",
            "siren",
            "adresse",
            "code_postal",
            "ville",
            "email",
        )
        read_only_fields = ("id",)
        extra_kwargs = {"date_inscription": {"required": False, "allow_null": True}}
