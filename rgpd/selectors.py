"""Reads of data protection: everything the council holds about one doctor (his right of access, RGPD art. 15),
as one dict that the espace serves as JSON and renders as PDF (rgpd/documents.py).

Each app is asked for the doctor's own rows only (his record and its history, his dues, payments and receipts, his
requests and declarations). Never in it: the commissions' internal work (entraide's situation, questionnaire and
notes, the aids' motivation and the opinions sent to the commission nationale, the complaints' files), the people
around him (the members who declared a link with his contract, the doctors who answered his ads, the staff who
wrote: an act of the council is « le conseil »), nor the secret of his private calendar link.

Shape: {"export": {...}, "rubriques": [{"cle", "titre", "champs": {name: French label}, "lignes": [{name:
value}]}]}; values are JSON-ready (dates in ISO 8601, amounts as strings, choices by their French label)."""

import datetime
from decimal import Decimal

from django.conf import settings

RUBRIQUES_HORS_EXPORT = (
    "Les dossiers de plainte et de conciliation relèvent de la procédure ordinale : leur communication se demande au "
    "service juridique du conseil. Les notes et avis des commissions (entraide, contrats) ne sont pas communiqués "
    "ici, hormis les avis qui vous ont été notifiés."
)


def _valeur(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, datetime.date | datetime.time):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def _champ(modele, nom: str):
    return modele._meta.get_field(nom)


def _rubrique(cle: str, titre: str, modele, objets, champs, calcules=()) -> dict:
    """One table of the export: `champs` read from the model (choices by their label, with its verbose_name);
    `calcules` = ((name, label, function of the object), ...) for what is not a field."""
    libelles = {c: str(_champ(modele, c).verbose_name) for c in champs}
    libelles |= {nom: libelle for nom, libelle, _ in calcules}
    lignes = []
    for obj in objets:
        ligne = {}
        for c in champs:
            champ = _champ(modele, c)
            brut = getattr(obj, c)
            ligne[c] = _valeur(getattr(obj, f"get_{c}_display")() if champ.choices and brut not in (None, "") else brut)
        for nom, _, fonction in calcules:
            ligne[nom] = _valeur(fonction(obj))
        lignes.append(ligne)
    return {"cle": cle, "titre": titre, "champs": libelles, "lignes": lignes}


# --- tableau ---------------------------------------------------------------------------------------------------

CHAMPS_FICHE = (
    "rpps",
    "nom",
    "prenom",
    "sexe",
    "date_naissance",
    "lieu_naissance",
    "nationalite",
    "email",
    "telephone",
    "adresse_professionnelle",
    "code_postal_professionnel",
    "ville_professionnelle",
    "adresse_correspondance",
    "code_postal_correspondance",
    "ville_correspondance",
    "statut",
    "date_statut",
    "date_inscription",
    "premiere_inscription",
    "exercice",
    "opposition_annuaire",
)
TYPES_VERSION = {"+": "Création", "~": "Modification", "-": "Suppression"}


def _auteur(medecin):
    """Who wrote a version, as the doctor may read it: himself, or the council (never a staff member's name)."""
    return lambda version: (
        "vous-même" if medecin.user_id and version.history_user_id == medecin.user_id else "le conseil"
    )


def _tableau(medecin) -> list[dict]:
    from tableau.models import Activite as ActiviteTableau
    from tableau.models import (
        ChangementStatut,
        DeclarationPerteOrdonnances,
        DocumentProfessionnel,
        LieuExercice,
        Medecin,
        Qualification,
        RestrictionExercice,
    )

    historique = Medecin.history.model
    return [
        _rubrique(
            "tableau.fiche",
            "Ma fiche au tableau",
            Medecin,
            [medecin],
            CHAMPS_FICHE,
            (("cree_le", "créée le", lambda m: m.cree_le), ("modifie_le", "modifiée le", lambda m: m.modifie_le)),
        ),
        _rubrique(
            "tableau.historique",
            "Historique de ma fiche (chaque version enregistrée)",
            historique,
            Medecin.history.filter(id=medecin.pk).order_by("history_date", "history_id"),
            CHAMPS_FICHE,
            (
                ("version_le", "version du", lambda v: v.history_date),
                ("version_type", "nature", lambda v: TYPES_VERSION.get(v.history_type, v.history_type)),
                ("version_auteur", "par", _auteur(medecin)),
            ),
        ),
        _rubrique(
            "tableau.changements_statut",
            "Changements de statut au tableau",
            ChangementStatut,
            medecin.changements_statut.order_by("date", "id"),
            ("ancien_statut", "nouveau_statut", "date", "motif"),
        ),
        _rubrique(
            "tableau.qualifications",
            "Qualifications",
            Qualification,
            medecin.qualifications.order_by("date", "id"),
            ("type", "intitule", "date", "decision"),
        ),
        _rubrique(
            "tableau.lieux",
            "Lieux d'exercice",
            LieuExercice,
            medecin.lieux.order_by("id"),
            ("principal", "intitule", "adresse", "code_postal", "ville", "date_debut", "date_fin"),
        ),
        _rubrique(
            "tableau.activites",
            "Activités",
            ActiviteTableau,
            medecin.activites.order_by("date_debut", "id"),
            ("type", "libelle", "date_debut", "date_fin"),
        ),
        _rubrique(
            "tableau.restrictions",
            "Restrictions du droit d'exercer",
            RestrictionExercice,
            medecin.restrictions.order_by("date_debut", "id"),
            ("nature", "decision", "portee", "date_debut", "date_fin"),
        ),
        _rubrique(
            "tableau.documents",
            "Documents professionnels délivrés",
            DocumentProfessionnel,
            medecin.documents.order_by("date_delivrance", "id"),
            ("type", "motif", "numero", "date_delivrance", "date_expiration"),
        ),
        _rubrique(
            "tableau.ordonnances",
            "Déclarations de perte ou de vol d'ordonnances",
            DeclarationPerteOrdonnances,
            medecin.declarations_perte.order_by("declaree_le", "id"),
            ("nature", "date_faits", "lieu", "numeros", "quantite", "plainte_deposee", "circonstances", "declaree_le"),
        ),
        _societes(medecin),
    ]


def _societes(medecin) -> dict:
    from tableau.models import Societe

    gerees = set(medecin.societes_gerees.values_list("pk", flat=True))
    societes = Societe.objects.filter(pk__in=gerees) | Societe.objects.filter(associes=medecin)
    return _rubrique(
        "tableau.societes",
        "Sociétés d'exercice",
        Societe,
        societes.distinct().order_by("raison_sociale", "id"),
        ("raison_sociale", "forme", "statut", "date_inscription"),
        (("role", "rôle", lambda s: "gérant" if s.pk in gerees else "associé"),),
    )


# --- cotisations -----------------------------------------------------------------------------------------------


def _cotisations(medecin) -> list[dict]:
    from cotisations.models import Cotisation, DemandeExoneration, Paiement

    return [
        _rubrique(
            "cotisations.cotisations",
            "Mes cotisations",
            Cotisation,
            Cotisation.objects.filter(medecin=medecin).order_by("annee", "id"),
            (
                "annee",
                "categorie",
                "montant_bareme",
                "exoneration_motif",
                "exoneration_taux",
                "montant_du",
                "frais",
                "montant_paye",
                "statut",
                "reference",
                "appelee_le",
            ),
        ),
        _rubrique(
            "cotisations.paiements",
            "Mes paiements et leurs reçus",
            Paiement,
            Paiement.objects.filter(cotisation__medecin=medecin).select_related("cotisation").order_by("date", "id"),
            ("date", "montant", "mode", "numero_recu", "motif_annulation"),
            (("cotisation", "cotisation de l'année", lambda p: p.cotisation.annee),),
        ),
        _rubrique(
            "cotisations.exonerations",
            "Mes demandes d'exonération de cotisation",
            DemandeExoneration,
            DemandeExoneration.objects.filter(cotisation__medecin=medecin)
            .select_related("cotisation")
            .prefetch_related("pieces")
            .order_by("deposee_le", "id"),
            (
                "numero",
                "taux_demande",
                "expose",
                "statut",
                "deposee_le",
                "inscrite_le",
                "taux_accorde",
                "motif_decision",
                "decidee_le",
                "completee_le",
            ),
            (
                ("cotisation", "cotisation de l'année", lambda d: d.cotisation.annee),
                ("pieces", "pièces jointes", lambda d: ", ".join(p.nom_original for p in d.pieces.all())),
            ),
        ),
    ]


# --- entraide, annonces, incidents, contrats -------------------------------------------------------------------------


def _entraide(medecin) -> list[dict]:
    from entraide.models import Demande

    # Status and dates only: the situation, the questionnaire, the notes and the aids are the commission's file.
    return [
        _rubrique(
            "entraide.demandes",
            "Mes demandes d'entraide (suivi : état et dates)",
            Demande,
            Demande.objects.filter(medecin=medecin)
            .only("numero", "beneficiaire", "date_depot", "statut", "statut_le", "medecin_id")
            .order_by("date_depot", "id"),
            ("numero", "beneficiaire", "date_depot", "statut", "statut_le"),
        )
    ]


CHAMPS_ANNONCE = ("categorie", "sens", "titre", "texte", "commune", "date_debut", "date_fin", "statut", "motif")


def _annonces(medecin) -> list[dict]:
    from annonces.models import Annonce, MessageAnnonce, RevisionAnnonce

    return [
        _rubrique(
            "annonces.annonces",
            "Mes annonces",
            Annonce,
            Annonce.objects.filter(auteur=medecin).order_by("cree_le", "id"),
            (*CHAMPS_ANNONCE, "cree_le", "soumise_le", "moderee_le", "publiee_le"),
            (("numero", "annonce n°", lambda a: a.pk),),
        ),
        _rubrique(
            "annonces.revisions",
            "Modifications de mes annonces publiées",
            RevisionAnnonce,
            RevisionAnnonce.objects.filter(annonce__auteur=medecin).order_by("cree_le", "id"),
            (*CHAMPS_ANNONCE, "cree_le", "soumise_le", "moderee_le"),
            (("annonce", "annonce n°", lambda r: r.annonce_id),),
        ),
        # His answers to others' ads: his text and date; the ad by its number only (its author is another doctor).
        _rubrique(
            "annonces.messages",
            "Mes messages en réponse à des annonces",
            MessageAnnonce,
            MessageAnnonce.objects.filter(expediteur=medecin).order_by("envoye_le", "id"),
            ("texte", "envoye_le"),
            (("annonce", "annonce n°", lambda m: m.annonce_id),),
        ),
    ]


def _incidents(medecin) -> list[dict]:
    from incidents.models import Incident

    return [
        _rubrique(
            "incidents.incidents",
            "Mes déclarations d'incidents de violence",
            Incident,
            Incident.objects.filter(declarant=medecin).order_by("date", "id"),
            ("date", "commune", "lieu", "auteur", "plainte_deposee", "main_courante", "description", "declare_le"),
            (("types", "types de violence", lambda i: ", ".join(i.types_libelles())),),
        )
    ]


def _contrats(medecin) -> list[dict]:
    from contrats.models import Contrat

    # The commission's opinion is notified to him (e-mail and espace); the links its members declared are not his.
    return [
        _rubrique(
            "contrats.contrats",
            "Mes contrats communiqués au conseil",
            Contrat,
            Contrat.objects.filter(medecin=medecin).order_by("date_reception", "id"),
            (
                "type",
                "date_signature",
                "nom_original",
                "date_reception",
                "hors_delai",
                "statut",
                "avis",
                "motivation",
                "avis_le",
            ),
        )
    ]


# --- solidarite, gouvernance -----------------------------------------------------------------------------------------


def _solidarite(medecin) -> list[dict]:
    from solidarite.models import ChangementStatutVolontaire, Journee, PaiementIndemnite, Verification, Volontaire

    return [
        _rubrique(
            "solidarite.volontariats",
            "Mes candidatures à la solidarité territoriale",
            Volontaire,
            Volontaire.objects.filter(medecin=medecin).prefetch_related("lieux").order_by("date_depot", "id"),
            ("statut", "date_depot", "creneaux_souhaites", "lieu_exercice_principal", "numero_dossier"),
            (("lieux", "lieux souhaités", lambda v: ", ".join(lieu.nom for lieu in v.lieux.all())),),
        ),
        _rubrique(
            "solidarite.changements",
            "Suivi de mes candidatures",
            ChangementStatutVolontaire,
            ChangementStatutVolontaire.objects.filter(volontaire__medecin=medecin).order_by("le", "id"),
            ("ancien_statut", "nouveau_statut", "date", "motif"),
        ),
        _rubrique(
            "solidarite.verifications",
            "Vérifications de mon inscription pour la solidarité territoriale",
            Verification,
            Verification.objects.filter(volontaire__medecin=medecin).order_by("le", "id"),
            ("critere", "conforme", "constat", "occasion", "date"),
        ),
        _rubrique(
            "solidarite.journees",
            "Mes journées de solidarité",
            Journee,
            Journee.objects.filter(medecin=medecin).select_related("lieu").order_by("date", "debut", "id"),
            ("date", "debut", "fin", "statut", "motif_annulation"),
            (("lieu", "lieu", lambda j: j.lieu.nom),),
        ),
        _rubrique(
            "solidarite.indemnites",
            "Mes indemnités de solidarité",
            PaiementIndemnite,
            PaiementIndemnite.objects.filter(medecin=medecin).order_by("mois", "id"),
            ("mois", "jours", "montant", "date_paiement"),
        ),
    ]


def _gouvernance(medecin) -> list[dict]:
    from gouvernance.models import DeclarationInterets, Fonction, Membre

    return [
        _rubrique(
            "gouvernance.mandats",
            "Mes mandats au conseil",
            Membre,
            Membre.objects.filter(medecin=medecin).order_by("date_debut", "id"),
            ("qualite", "binome", "date_debut", "date_fin"),
        ),
        _rubrique(
            "gouvernance.fonctions",
            "Mes fonctions au conseil",
            Fonction,
            Fonction.objects.filter(membre__medecin=medecin).order_by("date_debut", "id"),
            ("fonction", "interim", "date_debut", "date_fin"),
        ),
        _rubrique(
            "gouvernance.declarations_interets",
            "Mes déclarations d'intérêts (toutes les versions)",
            DeclarationInterets,
            DeclarationInterets.objects.filter(membre__medecin=medecin).order_by("version", "id"),
            (
                "version",
                "activite_principale",
                "activite_principale_precision",
                "mandats_ordinaux",
                "fonctions_assesseur",
                "autres_fonctions_electives",
                "activites_remunerees",
                "liens_parente",
                "fait_a",
                "date",
                "attestation_signee",
                "attestation_signee_le",
            ),
        ),
    ]


PARTIES = (_tableau, _cotisations, _entraide, _annonces, _incidents, _contrats, _solidarite, _gouvernance)


def donnees_du_medecin(*, medecin, today: datetime.date) -> dict:
    """Everything the council holds about `medecin` that is his to read (see the module's docstring)."""
    rubriques = [r for partie in PARTIES for r in partie(medecin)]
    return {
        "export": {
            "format": "cdom-donnees-personnelles/1",
            "conseil": settings.CDOM_NOM,
            "medecin": medecin.nom_complet,
            "rpps": medecin.rpps,
            "etabli_le": today.isoformat(),
            "responsable": "Le secrétaire général du conseil, responsable de la protection des données",
            "hors_export": RUBRIQUES_HORS_EXPORT,
        },
        "rubriques": rubriques,
    }


def donnees_pour_une_demande(*, demande, par, today: datetime.date) -> dict:
    """The same export as the espace's, for the secrétariat answering a request received outside it: a logged read
    of the doctor's data (rgpd.demande_acces_exporter, commun.JournalAcces)."""
    from config.perms import exiger

    exiger(par, "rgpd.demande_acces_exporter", objet=demande.medecin, date=today, lecture=True)
    return donnees_du_medecin(medecin=demande.medecin, today=today)
