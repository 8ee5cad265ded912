"""The acts on the register and who may perform them (read by config.perms: `exiger(par, "tableau.<acte>", ...)`).

Staff act by their group's model permission (config/roles.py: accueil, tableau, comptabilité, juridique); a doctor
acts on his own record alone (CONTRACT.md: his contact details, his opposition to the annuaire, his declarations of
lost prescription pads). Commands and tasks act as the system user.
"""

from config.perms import Regle


def _sa_fiche(user, medecin) -> bool:
    return medecin.user_id is not None and medecin.user_id == user.pk


ACTIONS: dict[str, Regle] = {
    "medecin_creer": Regle("inscrire un médecin au tableau", "tableau.add_medecin"),
    "medecin_modifier": Regle("modifier la fiche d'un médecin", "tableau.change_medecin"),
    "medecin_changer_statut": Regle("changer le statut d'un médecin", "tableau.change_medecin"),
    "medecin_coordonnees_modifier": Regle(
        "modifier les coordonnées de ce médecin", "tableau.change_medecin", medecin=_sa_fiche
    ),
    "medecin_opposition_annuaire": Regle(
        "changer l'opposition à la publication de ces coordonnées", "tableau.change_medecin", medecin=_sa_fiche
    ),
    "declaration_perte_enregistrer": Regle(
        "déclarer une perte ou un vol d'ordonnances pour ce médecin",
        "tableau.add_declarationperteordonnances",
        medecin=_sa_fiche,
    ),
    "declaration_perte_modifier": Regle(
        "corriger une déclaration de perte ou de vol d'ordonnances", "tableau.change_declarationperteordonnances"
    ),
    "declaration_perte_traiter": Regle(
        "marquer traitée une déclaration de perte ou de vol d'ordonnances",
        "tableau.change_declarationperteordonnances",
    ),
    "societe_creer": Regle("inscrire une société au tableau", "tableau.add_societe"),
    "societe_modifier": Regle("modifier la fiche d'une société", "tableau.change_societe"),
    "compte_medecin_creer": Regle("créer le compte d'un médecin", "auth.add_user"),
    "tableau_importer": Regle(
        "importer le tableau",
        ("tableau.add_medecin", "tableau.change_medecin"),
        refus="L'import du tableau est réservé au service du tableau (droit d'inscrire et de modifier les fiches).",
    ),
    "medecins_lister": Regle("consulter le tableau", "tableau.view_medecin"),
    "societes_lister": Regle("consulter les sociétés du tableau", "tableau.view_societe"),
}

# The records that hang on a doctor's file (they feed the annuaire: specialty, addresses): staff of the register
# only, by the model permission of the operation (tableau.services.fiche_liee_enregistrer / _supprimer).
FICHES_LIEES = {
    "qualification": "une qualification",
    "lieuexercice": "un lieu d'exercice",
    "activite": "une activité",
    "documentprofessionnel": "un document professionnel délivré",
    "restrictionexercice": "une restriction du droit d'exercer",
}
for _modele, _objet in FICHES_LIEES.items():
    ACTIONS[f"{_modele}_ajouter"] = Regle(f"ajouter {_objet} à la fiche d'un médecin", f"tableau.add_{_modele}")
    ACTIONS[f"{_modele}_modifier"] = Regle(f"modifier {_objet} de la fiche d'un médecin", f"tableau.change_{_modele}")
    ACTIONS[f"{_modele}_supprimer"] = Regle(f"supprimer {_objet} de la fiche d'un médecin", f"tableau.delete_{_modele}")
