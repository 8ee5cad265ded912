"""The acts on the dues and who may perform them (read by config.perms: `exiger(par, "cotisations.<acte>", ...)`).

Staff act by their group's model permission (config/roles.py: Comptabilité records scales, calls, exemptions and
payments); elected members by function on the date of the act: the ordonnateur (the secrétaire général) calls the
dues, the trésorier (or his deputy) collects them (seed 002 L.II T.I: « l'ordonnateur est chargé … de l'appel des
cotisations », « le trésorier … de l'encaissement des cotisations »). A doctor reads his own dues only; he pays by
card through the espace médecin (a later part of issue 10), never by recording a payment himself.
"""

from config.perms import Regle
from gouvernance.models import ROLE_ORDONNATEUR, TypeFonction

TRESORERIE = frozenset({TypeFonction.TRESORIER, TypeFonction.TRESORIER_ADJOINT})


def _decide_l_entraide(user, objet, date) -> bool:
    """A payment plan granted as an entraide aid (« échelonnement »): the member who decides it suspends the
    reminders of the dues it covers (entraide.perms: a deliberative member of the commission, or the référent)."""
    from entraide.perms import lecteur_entraide

    return lecteur_entraide(user, objet, date)


def _sa_cotisation(user, cotisation) -> bool:
    medecin = cotisation.medecin
    return medecin is not None and medecin.user_id is not None and medecin.user_id == user.pk


ACTIONS: dict[str, Regle] = {
    "bareme_enregistrer": Regle("enregistrer le barème des cotisations", "cotisations.add_bareme", TRESORERIE),
    "baremes_consulter": Regle("consulter les barèmes des cotisations", "cotisations.view_bareme", TRESORERIE),
    "campagne_appeler": Regle(
        "appeler les cotisations de l'année", "cotisations.add_cotisation", frozenset({ROLE_ORDONNATEUR})
    ),
    "cotisations_consulter": Regle(
        "consulter les cotisations",
        "cotisations.view_cotisation",
        TRESORERIE | {ROLE_ORDONNATEUR},
        medecin=_sa_cotisation,
    ),
    "exoneration_accorder": Regle(
        "enregistrer une exonération de cotisation", "cotisations.change_cotisation", TRESORERIE
    ),
    "paiement_enregistrer": Regle("enregistrer un paiement de cotisation", "cotisations.add_paiement", TRESORERIE),
    "paiement_annuler": Regle(
        "annuler un paiement de cotisation", "cotisations.annuler_paiement", frozenset({TypeFonction.TRESORIER})
    ),
    # --- relances (the reminder calendar, the registered letters' tracking numbers, the court requests) ---
    "relances_consulter": Regle(
        "consulter les relances de cotisation", "cotisations.view_relance", TRESORERIE | {ROLE_ORDONNATEUR}
    ),
    "relances_executer": Regle("envoyer les relances de cotisation", "cotisations.add_relance", TRESORERIE),
    "numero_suivi_enregistrer": Regle(
        "enregistrer les numéros de suivi des lettres recommandées", "cotisations.change_relance", TRESORERIE
    ),
    "relances_suspendre": Regle(
        "suspendre les relances d'une cotisation pour un échéancier de paiement",
        "cotisations.change_cotisation",
        TRESORERIE,
        aussi=_decide_l_entraide,
    ),
    "injonctions_demander": Regle(
        "demander les injonctions de payer des cotisations impayées",
        "cotisations.demander_relance",
        TRESORERIE | {TypeFonction.PRESIDENT},
    ),
}


# --- carte: the espace médecin's dues pages and the card payment (issue 10 points 4 and 10) ---------------------


def _redevable_ou_gerant(user, cotisation) -> bool:
    """His own dues, or those of the company he manages (tableau.Societe.gerant): the gérant sees and pays them."""
    if _sa_cotisation(user, cotisation):
        return True
    societe = cotisation.societe
    return societe is not None and societe.gerant is not None and societe.gerant.user_id == user.pk


def _rien_a_payer(cotisation) -> str | None:
    if cotisation.solde <= 0:
        return f"La cotisation {cotisation.annee} est soldée : il n'y a rien à payer."
    return None


ACTIONS |= {
    "espace_consulter": Regle(
        "consulter cette cotisation dans l'espace médecin", None, medecin=_redevable_ou_gerant, systeme=False
    ),
    "payer_en_ligne": Regle(
        "payer cette cotisation par carte", None, medecin=_redevable_ou_gerant, etat=_rien_a_payer, systeme=False
    ),
    # The provider's verified notification, recorded by the system user (cotisations/fournisseurs.py).
    "paiement_carte_confirmer": Regle("enregistrer la confirmation d'un paiement par carte"),
    # The refund of a card payment taken beyond the balance: money leaves, as a counter-entry does (the trésorier).
    "carte_rembourser": Regle(
        "enregistrer le remboursement d'un paiement par carte",
        "cotisations.rembourser_paiementcarte",
        frozenset({TypeFonction.TRESORIER}),
    ),
}


# --- banque: bank statements, remittance slips, the monthly transfer to the CNOM ------------------------------------
# Collecting is the trésorier's (seed 002 L.II T.I): he or his deputy imports the statements, matches the credits and
# hands the cheques to the bank; the transfer to the CNOM and the accounts it uses are his alone.
ACTIONS |= {
    "releve_importer": Regle("importer un relevé bancaire", "cotisations.add_relevebancaire", TRESORERIE),
    "ligne_traiter": Regle(
        "rapprocher ou écarter une ligne de relevé bancaire", "cotisations.change_lignereleve", TRESORERIE
    ),
    "banque_consulter": Regle("consulter les relevés bancaires", "cotisations.view_lignereleve", TRESORERIE),
    "bordereau_etablir": Regle(
        "établir un bordereau de remise de chèques", "cotisations.add_bordereauremise", TRESORERIE
    ),
    "compte_modifier": Regle(
        "modifier les comptes bancaires du virement au CNOM",
        "cotisations.change_comptebancaire",
        frozenset({TypeFonction.TRESORIER}),
    ),
    "versement_generer": Regle(
        "générer le virement mensuel au CNOM", "cotisations.add_versementcnom", frozenset({TypeFonction.TRESORIER})
    ),
    "versement_annuler": Regle(
        "annuler un virement mensuel au CNOM", "cotisations.change_versementcnom", frozenset({TypeFonction.TRESORIER})
    ),
}

# --- exonération pour insuffisance de ressources (the hardship request) --------------------------------------------


def _sa_demande(user, demande) -> bool:
    return _sa_cotisation(user, demande.cotisation)


ACTIONS.update(
    {
        # A doctor files for his own dues (the espace médecin); Comptabilité may file for him (a paper request).
        "exoneration_demander": Regle(
            "déposer une demande d'exonération de cotisation",
            "cotisations.add_demandeexoneration",
            medecin=_sa_cotisation,
        ),
        "exonerations_consulter": Regle(
            "consulter les demandes d'exonération de cotisation et leurs pièces",
            "cotisations.view_demandeexoneration",
            TRESORERIE,
            medecin=_sa_demande,
        ),
        # The council asked for more: the doctor (or staff for him) adds documents and the request waits again.
        "exoneration_completer": Regle(
            "compléter une demande d'exonération de cotisation",
            "cotisations.add_piecedemande",
            medecin=_sa_demande,
        ),
        "exonerations_inscrire": Regle(
            "inscrire les demandes d'exonération à l'ordre du jour de la séance plénière",
            "cotisations.inscrire_demandeexoneration",
            TRESORERIE | {ROLE_ORDONNATEUR},
        ),
        "exoneration_decider": Regle(
            "enregistrer la décision de la séance plénière sur une demande d'exonération",
            "cotisations.decider_demandeexoneration",
            TRESORERIE,
        ),
    }
)
# --- impression: the print run of a year's calls ------------------------------------------------------------------
ACTIONS |= {
    "tirage_lancer": Regle(
        "lancer le tirage des appels de cotisation", "cotisations.add_tirage", TRESORERIE | {ROLE_ORDONNATEUR}
    ),
    "tirage_telecharger": Regle(
        "télécharger le tirage des appels de cotisation", "cotisations.view_tirage", TRESORERIE | {ROLE_ORDONNATEUR}
    ),
    # --- etats: the statements and the dashboard (issue 10 point 9): staff by their page's view permission, the
    # council's treasury by function; never a doctor.
    "etat_impayes_consulter": Regle("consulter l'état des impayés", "cotisations.view_etatimpayes", TRESORERIE),
    "tableau_de_bord_consulter": Regle(
        "consulter le tableau de bord du trésorier", "cotisations.view_tableaudebord", TRESORERIE
    ),
}
