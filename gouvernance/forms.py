"""Forms of the council's pages: they parse and label in French; every rule stays in gouvernance.services.

The live page's forms take their choices from lists the view already read (members in office, present…), so a
page with eight forms costs no query per select."""

from django import forms

from .models import ActivitePrincipale, Majorite, ModeVote, TypeFonction, Voix


def _nom(membre) -> str:
    return f"Dr {membre.medecin.prenom} {membre.medecin.nom.upper()}"


class FormulaireMembres(forms.Form):
    """A form whose member fields choose among given Membre objects; `membre_<champ>()` returns the object."""

    required_css_class = "requis"
    champs_membres: tuple[str, ...] = ()

    def __init__(self, *args, membres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.membres = {m.pk: m for m in membres}

    def choix(self, membres, *, vide: str | None = None):
        liste = [(m.pk, _nom(m)) for m in membres]
        return [("", vide), *liste] if vide is not None else liste

    def membre(self, champ: str):
        valeur = self.cleaned_data.get(champ)
        if valeur in (None, ""):
            return None
        return self.membres[int(valeur)]

    def membres_de(self, champ: str):
        return [self.membres[int(v)] for v in self.cleaned_data.get(champ) or []]


class EmargementForm(FormulaireMembres):
    membre = forms.TypedChoiceField(label="Membre", coerce=int)

    def __init__(self, *args, titulaires=(), **kwargs):
        super().__init__(*args, membres=titulaires, **kwargs)
        self.fields["membre"].choices = self.choix(titulaires)


class RemplacementForm(FormulaireMembres):
    membre = forms.TypedChoiceField(
        label="Suppléant désigné",
        coerce=int,
        help_text="Proposé : le suppléant suivant dans le roulement (celui qui a remplacé le moins récemment).",
    )
    remplace = forms.TypedChoiceField(
        label="Titulaire empêché qu'il remplace", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, suppleants=(), empeches=(), **kwargs):
        super().__init__(*args, membres=[*suppleants, *empeches], **kwargs)
        self.fields["membre"].choices = self.choix(suppleants, vide="Choisissez un suppléant")
        self.fields["remplace"].choices = self.choix(empeches, vide="Personne : il assiste sans voix délibérative")


class AbsenceForm(FormulaireMembres):
    membre = forms.TypedChoiceField(label="Membre absent", coerce=int)
    excusee = forms.BooleanField(label="Absence excusée (motif valable)", required=False, initial=True)
    motif = forms.CharField(label="Motif", max_length=255, required=False)

    def __init__(self, *args, absents=(), **kwargs):
        super().__init__(*args, membres=absents, **kwargs)
        self.fields["membre"].choices = self.choix(absents, vide="Choisissez un membre")


class PointForm(forms.Form):
    required_css_class = "requis"
    libelle = forms.CharField(label="Point ajouté par le président en début de séance", max_length=500)


class DeliberationForm(FormulaireMembres):
    objet = forms.CharField(label="Objet", max_length=255)
    motivation = forms.CharField(
        label="Motivation",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Les éléments de droit et de fait qui fondent la décision : une formule type ne suffit pas.",
    )
    vote = forms.ChoiceField(label="Mode de vote", choices=ModeVote.choices, initial=ModeVote.MAIN_LEVEE)
    secret_demande_par = forms.TypedChoiceField(
        label="Vote à bulletin secret demandé par", coerce=int, required=False, empty_value=None
    )
    pour = forms.IntegerField(label="Voix pour", min_value=0)
    contre = forms.IntegerField(label="Voix contre", min_value=0)
    abstention = forms.IntegerField(label="Abstentions", min_value=0, initial=0)
    sortis_conflit_interets = forms.TypedMultipleChoiceField(
        label="Membres sortis de la salle pour prévenir un conflit d'intérêts",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Dont le membre qu'une décision individuelle concerne ; le procès-verbal les nomme à ce titre.",
    )
    non_participants = forms.TypedMultipleChoiceField(
        label="Membres sortis de la salle pour un autre motif (ne prennent pas part au vote)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    voix_preponderante = forms.ChoiceField(
        label="En cas de partage égal des voix, voix prépondérante du président",
        choices=[("", "Sans objet"), *Voix.choices],
        required=False,
    )
    majorite = forms.ChoiceField(
        label="Majorité requise", choices=Majorite.choices, initial=Majorite.SUFFRAGES_EXPRIMES
    )
    individuelle = forms.BooleanField(
        label="Décision individuelle (anonymisée dans l'extrait publiable)", required=False
    )
    confidentielle = forms.BooleanField(label="Confidentielle (hors de l'extrait publiable)", required=False)

    def __init__(self, *args, presents=(), **kwargs):
        super().__init__(*args, membres=presents, **kwargs)
        self.fields["non_participants"].choices = self.choix(presents)
        self.fields["sortis_conflit_interets"].choices = self.choix(presents)
        self.fields["secret_demande_par"].choices = self.choix(presents, vide="Personne")

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        return {
            "objet": d["objet"],
            "motivation": d["motivation"],
            "vote": d["vote"],
            "pour": d["pour"],
            "contre": d["contre"],
            "abstention": d["abstention"] or 0,
            "non_participants": self.membres_de("non_participants"),
            "sortis_conflit_interets": self.membres_de("sortis_conflit_interets"),
            "voix_preponderante": d["voix_preponderante"] or "",
            "majorite": d["majorite"],
            "secret_demande_par": self.membre("secret_demande_par"),
            "individuelle": d["individuelle"],
            "confidentielle": d["confidentielle"],
        }


class ElectionForm(FormulaireMembres):
    poste = forms.ChoiceField(label="Poste", choices=TypeFonction.choices)
    ordre = forms.IntegerField(
        label="Rang de suppléance (vice-président)", min_value=1, required=False, help_text="1 remplace le président."
    )
    candidats = forms.TypedMultipleChoiceField(label="Candidats", coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, eligibles=(), **kwargs):
        super().__init__(*args, membres=eligibles, **kwargs)
        self.fields["candidats"].choices = self.choix(eligibles)


class TourForm(forms.Form):
    """One round's counts: a number of votes per candidate, and the blank or spoilt ballots."""

    required_css_class = "requis"
    blancs_nuls = forms.IntegerField(label="Bulletins blancs ou nuls", min_value=0, initial=0)

    def __init__(self, *args, candidats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidats = list(candidats)
        for m in self.candidats:
            self.fields[f"voix_{m.pk}"] = forms.IntegerField(label=f"Voix pour {_nom(m)}", min_value=0)
        self.order_fields([*(f"voix_{m.pk}" for m in self.candidats), "blancs_nuls"])

    def voix(self) -> dict[str, int]:
        return {str(m.pk): self.cleaned_data[f"voix_{m.pk}"] for m in self.candidats}


# --- declarations of interests (seed 002 annex) ------------------------------------------------------------------


class DeclarationForm(forms.Form):
    required_css_class = "requis"

    activite_principale = forms.ChoiceField(
        label="Activité principale exercée actuellement",
        choices=ActivitePrincipale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Cochez votre activité principale."},
    )
    activite_principale_precision = forms.CharField(
        label="Précision sur l'activité principale",
        max_length=255,
        required=False,
        help_text="Pour une activité salariée dans une autre structure : laquelle.",
    )
    autres_fonctions_electives = forms.CharField(
        label="Autres fonctions électives",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La nature et la durée du ou des mandats, et le nom de la ou des organisations.",
    )
    certifie_exact = forms.BooleanField(
        label="Je certifie l'exactitude des renseignements fournis dans la présente déclaration et je m'engage à "
        "l'actualiser chaque fois que ces informations sont périmées ou doivent être complétées.",
        error_messages={"required": "Vous devez certifier l'exactitude des renseignements fournis."},
    )
    fait_a = forms.CharField(
        label="Fait à",
        max_length=100,
        error_messages={"required": "Indiquez la commune où la déclaration est faite."},
    )
    attestation_signee = forms.BooleanField(
        label="J'atteste sur l'honneur avoir pris connaissance du règlement intérieur, du règlement de trésorerie et "
        "du règlement électoral de l'Ordre des médecins, dont je m'engage à respecter les dispositions, et avoir "
        "remis ma déclaration d'intérêts, que je m'engage à mettre à jour en cas de modification de mes activités "
        "et fonctions.",
        required=False,
    )
    attestation_signee_le = forms.DateField(
        label="Attestation signée le",
        required=False,
        help_text="Au format JJ/MM/AAAA ; laissée vide, la date du jour.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )


class MandatOrdinalForm(forms.Form):
    conseil = forms.ChoiceField(
        label="Conseil",
        choices=[
            ("", "—"),
            ("departemental", "Conseil départemental"),
            ("regional", "Conseil régional"),
            ("national", "Conseil national"),
        ],
        required=False,
    )
    lieu = forms.CharField(label="De (département ou région)", max_length=100, required=False)
    duree = forms.CharField(label="Durée du mandat", max_length=100, required=False)


class FonctionAssesseurForm(forms.Form):
    instance = forms.ChoiceField(
        label="Instance",
        choices=[
            ("", "—"),
            ("chambre_nationale", "Assesseur à la chambre disciplinaire nationale"),
            ("chambre_premiere_instance", "Assesseur à la chambre disciplinaire de première instance"),
            ("sas_nationale", "Assesseur à la section des assurances sociales nationale"),
            ("sas_premiere_instance", "Assesseur à la section des assurances sociales de première instance"),
            ("instance_collegiale", "Membre d'une commission, d'un comité ou d'un groupe de travail de l'Ordre"),
            ("autre", "Autre"),
        ],
        required=False,
    )
    precision = forms.CharField(label="Précisez (lieu, cadre)", max_length=255, required=False)


class ActiviteRemunereeForm(forms.Form):
    organisme = forms.CharField(label="Organisme, société ou service", max_length=255, required=False)
    fonction = forms.CharField(label="Fonction occupée", max_length=255, required=False)
    remuneration = forms.ChoiceField(
        label="Rémunération",
        choices=[
            ("", "—"),
            ("aucune", "Aucune"),
            ("declarant", "Au déclarant"),
            ("organisme", "À un organisme dont vous êtes membre ou salarié"),
        ],
        required=False,
    )
    remuneration_precision = forms.CharField(label="Organisme rémunéré", max_length=255, required=False)
    debut = forms.RegexField(
        label="Début (MM/AAAA)",
        regex=r"^(0[1-9]|1[0-2])/\d{4}$",
        required=False,
        max_length=7,
        error_messages={"invalid": "Indiquez le mois et l'année sous la forme MM/AAAA."},
    )
    fin = forms.RegexField(
        label="Fin (MM/AAAA)",
        regex=r"^(0[1-9]|1[0-2])/\d{4}$",
        required=False,
        max_length=7,
        error_messages={"invalid": "Indiquez le mois et l'année sous la forme MM/AAAA."},
    )


class LienParenteForm(forms.Form):
    organisme = forms.CharField(label="Organisme, société ou service", max_length=255, required=False)
    fonction = forms.CharField(label="Fonction occupée par votre parent", max_length=255, required=False)
    lien = forms.CharField(label="Lien de parenté ou d'alliance", max_length=100, required=False)


# The annex's tables as formsets: a blank row is ignored, rows the doctor filled become the JSON lists.
LISTES = {
    "mandats_ordinaux": (MandatOrdinalForm, "Mandats ordinaux"),
    "fonctions_assesseur": (FonctionAssesseurForm, "Fonctions d'assesseur et instances ordinales"),
    "activites_remunerees": (ActiviteRemunereeForm, "Activités des cinq dernières années"),
    "liens_parente": (LienParenteForm, "Liens de parenté ou d'alliance"),
}


def formsets_declaration(data=None, initial: dict | None = None) -> dict:
    initial = initial or {}
    formsets = {}
    for nom, (form, _titre) in LISTES.items():
        lignes = initial.get(nom) or []
        classe = forms.formset_factory(form, extra=1 if lignes else 2, max_num=20, absolute_max=20)
        formsets[nom] = classe(data, initial=lignes, prefix=nom)
    return formsets


def lignes_remplies(formset) -> list[dict]:
    return [
        {k: v for k, v in f.cleaned_data.items()}
        for f in formset.forms
        if f.cleaned_data and any(v not in ("", None) for v in f.cleaned_data.values())
    ]
