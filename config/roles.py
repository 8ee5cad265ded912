"""The staff services as Django groups, declared as data (CONTRACT.md: accueil, tableau, comptabilité, juridique).

Each group gets the model permissions listed here; an app adds its models to the right group as it is built.
`groupes_synchroniser()` runs after every migrate, so a new model's permissions reach the groups by themselves.
"""

from django.contrib.auth.models import Group, Permission

# group name -> {app_label: {model: actions}}; actions among view, add, change, delete, or a model's own permission
# (Meta.permissions, named "<action>_<model>", e.g. "renvoyer" for commun.renvoyer_envoi).
GROUPES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    # Accueil answers the public and doctors about a record, and records lost or stolen prescription pads (seed 000).
    "Accueil": {
        "tableau": {
            "medecin": ("view",),
            "societe": ("view",),
            "declarationperteordonnances": ("view", "add"),
            "changementstatut": ("view",),
            "qualification": ("view",),
            "lieuexercice": ("view",),
            "activite": ("view",),
            "documentprofessionnel": ("view",),
        },
    },
    "Service du tableau": {
        "tableau": {
            "medecin": ("view", "add", "change"),
            "changementstatut": ("view",),
            "qualification": ("view", "add", "change", "delete"),
            "lieuexercice": ("view", "add", "change", "delete"),
            "societe": ("view", "add", "change"),
            "activite": ("view", "add", "change", "delete"),
            "documentprofessionnel": ("view", "add", "change", "delete"),
            "restrictionexercice": ("view", "add", "change", "delete"),
            "declarationperteordonnances": ("view", "add", "change"),
        },
        # The notices and receipts of lost prescription pads: see those that failed, and resend them.
        "commun": {"envoi": ("view", "renvoyer")},
    },
    # Comptabilité needs the exercise mode and the dated registration history to compute the dues (DOMAIN.md 2).
    "Comptabilité": {
        "tableau": {"medecin": ("view",), "societe": ("view",), "changementstatut": ("view",)},
        # The dues (DOMAIN.md 2): records the CNOM's scale, calls the year, records exemptions and payments; a
        # payment is never changed nor deleted, only cancelled by its counter-entry ("annuler").
        "cotisations": {
            "bareme": ("view", "add", "change"),
            "cotisation": ("view", "add", "change"),
            "paiement": ("view", "add", "annuler"),
            "paiementcarte": ("view", "rembourser"),  # a card payment kept « à rembourser », once refunded
            # The reminder calendar: runs it, types the tracking numbers, asks for the court requests.
            "relance": ("view", "add", "change", "demander"),
            # The hardship requests: filed for a doctor (a paper request), put on the plenary's agenda, the
            # plenary's decision recorded; their documents read and completed.
            "demandeexoneration": ("view", "add", "inscrire", "decider"),
            "piecedemande": ("view", "add"),
            "tirage": ("view", "add"),  # the print run of a year's calls, and its file
            # The statements of the dues (issue 10 point 9): the unpaid-dues statement and the dashboard.
            "etatimpayes": ("view",),
            "tableaudebord": ("view",),
        },
        # The e-mail copies of the reminders: see those that failed, and resend them.
        "commun": {"envoi": ("view", "renvoyer")},
    },
    "Service juridique": {
        "tableau": {
            "medecin": ("view",),
            "societe": ("view",),
            "changementstatut": ("view",),
            "qualification": ("view",),
            "lieuexercice": ("view",),
            "activite": ("view",),
            "restrictionexercice": ("view",),
            "declarationperteordonnances": ("view",),
        },
    },
}

# gouvernance: the council's secretariat records what the council decided (members, functions, sessions, attendance,
# deliberations, election rounds); accounting and legal staff read who holds which function and the decisions.
# Election rounds are counts only (secret ballot) and are never changed once recorded.
GROUPES["Secrétariat du conseil"] = {
    "tableau": {"medecin": ("view",)},
    "gouvernance": {
        "membre": ("view", "add", "change"),
        "fonction": ("view", "add", "change"),
        "indisponibilite": ("view", "add", "change"),
        "delegation": ("view", "add", "change"),
        "commission": ("view", "add", "change"),
        "siegecommission": ("view", "add", "change"),
        "declarationinterets": ("view", "add"),
        "seance": ("view", "add", "change"),
        "demandeinscriptionpoint": ("view", "add"),
        "demandeseanceextraordinaire": ("view", "add"),
        "emargement": ("view", "add", "change", "delete"),
        "absence": ("view", "add", "change", "delete"),
        "deliberation": ("view", "add"),
        "election": ("view", "add"),
        "tourelection": ("view", "add"),
    },
    # The e-mails of the council (convocations, draft minutes, notifications): see those that failed, resend them.
    "commun": {"envoi": ("view", "renvoyer")},
}
for _groupe in ("Comptabilité", "Service juridique"):
    GROUPES[_groupe]["gouvernance"] = {
        m: ("view",)
        for m in ("membre", "fonction", "delegation", "commission", "siegecommission", "seance", "deliberation")
    }

# cotisations, banque (issue 10 points 5-6): accounting imports the bank statements, matches or sets aside their lines,
# puts the cheques on remittance slips, keeps the two accounts of the monthly transfer and generates (or cancels) it.
GROUPES["Comptabilité"]["cotisations"] |= {
    "relevebancaire": ("view", "add"),
    "lignereleve": ("view", "change"),
    "bordereauremise": ("view", "add"),
    "chequeremis": ("view",),
    "comptebancaire": ("view", "change"),
    "versementcnom": ("view", "add", "change"),
}

# tresorerie (issue 11): accounting keeps the accounting plan and the yearly parameters, prepares the budget, files
# the supporting documents and reads the expense chain; the chain's steps are signed by the elected members only.
GROUPES["Comptabilité"]["tresorerie"] = {
    "comptecomptable": ("view", "add", "change"),
    "budget": ("view", "add", "change"),
    "lignebudgetaire": ("view", "add", "change"),
    "engagement": ("view",),
    "piecejustificative": ("view", "add"),
}
# tresorerie, the expense chain (issue 11 points 2 and 4): accounting reads the président's authorisations of urgent
# expenses and keeps the yearly limits of the replacement of assets.
GROUPES["Comptabilité"]["tresorerie"] |= {
    "autorisationdepenseurgente": ("view",),
    "plafondsremplacement": ("view", "add", "change"),
}

# tresorerie, budget (issue 11 points 1, 3, 10): accounting keys in the budget and records the plenary's amendments
# and the yearly budget parameters; it reads the credit transfers (the ordonnateur's decision alone).
GROUPES["Comptabilité"]["tresorerie"] |= {
    "virement": ("view",),
    "avenant": ("view", "add"),
    "ligneavenant": ("view",),
    "parametrebudget": ("view", "add", "change"),
}

# tresorerie, indemnités (issue 11 point 8): accounting keeps the allowance scale, records the plenary's decision on
# the responsibility allowances and the vacations (from the attendance sheets), and reads the yearly statement.
GROUPES["Comptabilité"]["tresorerie"] |= {
    "baremeindemnites": ("view", "add", "change"),
    "repartitionindemnites": ("view", "add", "change"),
    "vacation": ("view", "add"),
    "indemniteautrestructure": ("view", "add", "change"),
}

# tresorerie, cash box / fixed assets / year-end (issue 11 points 5-7): accounting keeps the cash desk (each
# movement with its document; cancelled by a counter-movement, never deleted), the fixed-asset register, the
# cash ceiling and the categories, prepares the statements and records the plenary's decision on them.
GROUPES["Comptabilité"]["tresorerie"] |= {
    "parametrecaisse": ("view", "add", "change"),
    "mouvementcaisse": ("view", "add"),
    "piececaisse": ("view", "add"),
    "categorieimmobilisation": ("view", "add", "change"),
    "immobilisation": ("view", "add", "change"),
    "cloture": ("view", "add", "change"),
    "rappelcloture": ("view",),
}


# tresorerie, notes de frais (issue 11 point 9): accounting files and submits a claim for a member, attaches its
# receipts and reads them all; the check (liquidateur) and the payment (the chain) are the elected members'.
GROUPES["Comptabilité"]["tresorerie"] |= {
    "notefrais": ("view", "add", "change"),
    "lignefrais": ("view",),
    "justificatiffrais": ("view", "add"),
    "parametresfrais": ("view", "add", "change"),
    "baremekilometrique": ("view", "add", "change"),
}


def groupes_synchroniser() -> None:
    """Create the groups and give them exactly the permissions declared above (idempotent)."""
    for nom, apps in GROUPES.items():
        groupe, _ = Group.objects.get_or_create(name=nom)
        codenames = {
            (app, f"{action}_{model}")
            for app, modeles in apps.items()
            for model, actions in modeles.items()
            for action in actions
        }
        perms = [
            p
            for p in Permission.objects.filter(content_type__app_label__in=list(apps)).select_related("content_type")
            if (p.content_type.app_label, p.codename) in codenames
        ]
        groupe.permissions.set(perms)


def groupes_apres_migration(sender, **kwargs):
    # Django sends post_migrate only for apps that have a models module (not "config"): synchronise after the last
    # of them, when every app's permissions exist.
    from django.apps import apps

    avec_modeles = [a.name for a in apps.get_app_configs() if a.models_module is not None]
    if avec_modeles and sender.name == avec_modeles[-1]:
        groupes_synchroniser()


# conciliation (issue 12): the service juridique keeps the register of complaints and their legal clock.
GROUPES["Service juridique"]["conciliation"] = {
    "plainte": ("view", "add", "change"),
    "pieceplainte": ("view", "add"),
    "conciliateur": ("view", "add", "change"),
    "liendeclare": ("view", "add"),
    "reunion": ("view", "add", "change"),
    "procesverbal": ("view", "add"),
}
GROUPES["Service juridique"].setdefault("commun", {"envoi": ("view", "renvoyer")})
# conciliation, documents (issue 12 point 2): the reminders of the legal deadlines and their parameters.
GROUPES["Service juridique"]["conciliation"] |= {
    "parametreconciliation": ("view", "change"),
    "rappelecheance": ("view",),
}

# entraide (issue 12): a service of its own, so that no other service's staff reads a mutual-aid file.
GROUPES["Secrétariat de l'entraide"] = {
    "tableau": {"medecin": ("view",)},
    "entraide": {
        "demande": ("view", "add", "change"),
        "piecedemande": ("view", "add"),
        "aide": ("view",),
        "transmissioncnom": ("view", "add", "change"),
        "referententraide": ("view", "add", "change"),
        "contact": ("view", "add", "change"),
    },
    "commun": {"envoi": ("view", "renvoyer")},
}

# annonces (issue 13 point 6): Accueil, who answers doctors, moderates their ads (seed 001: « une modération des
# contenus est assurée par les conseils départementaux »); the doctors' messages to authors are read by nobody here.
GROUPES["Accueil"]["annonces"] = {
    "annonce": ("view", "moderer"),
    "revisionannonce": ("view",),
}
# incidents, contrats (issue 13 points 7-8): the service juridique follows the declarations of violence (it assists
# the vigilance commission and the doctors in their complaints) and examines the contracts communicated under
# L4113-9 (seed 000: « Le service juridique examine l'ensemble des contrats soumis au Conseil départemental »),
# recording the commission d'étude des contrats' opinion and the links its members declare.
GROUPES["Service juridique"]["incidents"] = {"incident": ("view", "add")}
GROUPES["Service juridique"]["contrats"] = {"contrat": ("view", "add", "change"), "liencontrat": ("view", "add")}
# solidarite (issue 13 points 1-5): the service du tableau records the places, checks and validates the volunteers
# (it reads the register), plans the days; the accounting service reads the allowances and records their payment.
GROUPES["Service du tableau"]["solidarite"] = {
    "lieu": ("view", "add", "change"),
    "conseildepartemental": ("view", "add", "change"),
    "volontaire": ("view", "add", "change"),
    "changementstatutvolontaire": ("view",),
    "verification": ("view",),
    "journee": ("view", "add", "change"),
    "parametreindemnite": ("view",),
    "paiementindemnite": ("view",),
}
GROUPES["Comptabilité"]["solidarite"] = {
    "lieu": ("view",),
    "journee": ("view",),
    "parametreindemnite": ("view", "add", "change"),
    "paiementindemnite": ("view", "add"),
}

# rgpd (issue 13 point 9): the secrétariat du conseil prepares the secrétaire général's yearly report (the register
# of processing, read with view_purge), follows the purges' announcements and results, and keeps the retention
# periods (commun.Parametre rows: the log's and each purged kind's); the announcements' e-mails are already its own.
GROUPES["Secrétariat du conseil"]["rgpd"] = {
    "annoncepurge": ("view",),
    "purge": ("view",),
    # The access requests received outside the espace (by post, e-mail, at the desk), answered within a month.
    "demandeacces": ("view", "add", "change", "exporter"),
}
GROUPES["Secrétariat du conseil"]["commun"] = {
    **GROUPES["Secrétariat du conseil"]["commun"],
    "parametre": ("view", "change"),
}
