"""The questionnaire of a request for mutual aid, "rempli le plus précisément possible" (seed 002 L.II T.V 2): the
family, professional and financial situation (income, charges, debts and creditors, patrimony), the procedures in
progress (redressement, liquidation judiciaire, surendettement), what is asked and what was asked elsewhere (seed
003: CARMF, AFEM, prévoyance). Declared as data: the espace's form is built from it, the service checks an answer
against it (API and espace alike), the file for the commission nationale prints it in this order.

Stored encrypted (`Demande.questionnaire`, JSONChiffre): amounts as decimal strings, dates YYYY-MM-DD."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Question:
    cle: str
    libelle: str
    genre: str  # "texte", "long", "choix", "entier", "montant", "date", "oui_non"
    aide: str = ""
    choix: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rubrique:
    cle: str
    titre: str
    questions: tuple[Question, ...]


SITUATIONS_FAMILIALES = (
    ("celibataire", "Célibataire"),
    ("marie_pacse", "Marié(e) ou pacsé(e)"),
    ("concubinage", "En concubinage"),
    ("separe_divorce", "Séparé(e) ou divorcé(e)"),
    ("veuf", "Veuf ou veuve"),
)
ACTIVITES = (
    ("liberal", "Exercice libéral"),
    ("salarie", "Exercice salarié ou hospitalier"),
    ("remplacant", "Remplaçant"),
    ("arret", "En arrêt de travail ou en invalidité"),
    ("cessation", "Activité cessée ou suspendue"),
    ("retraite", "Retraité"),
    ("sans_activite", "Sans activité"),
)
PROCEDURES = (
    ("aucune", "Aucune procédure"),
    ("sauvegarde", "Procédure de sauvegarde"),
    ("redressement", "Redressement judiciaire"),
    ("liquidation", "Liquidation judiciaire"),
    ("surendettement", "Dossier de surendettement (Banque de France)"),
    ("autre", "Autre procédure (saisie, contentieux…)"),
)

RUBRIQUES: tuple[Rubrique, ...] = (
    Rubrique(
        "famille",
        "Situation familiale",
        (
            Question("situation_familiale", "Situation familiale", "choix", choix=SITUATIONS_FAMILIALES),
            Question("enfants_a_charge", "Nombre d'enfants à charge", "entier"),
            Question("autres_personnes_a_charge", "Autres personnes à charge", "entier", "Parent âgé, proche…"),
            Question(
                "famille_precisions",
                "Précisions sur la situation familiale",
                "long",
                "Santé d'un proche, séparation, deuil, ce qui pèse sur le foyer.",
            ),
        ),
    ),
    Rubrique(
        "profession",
        "Situation professionnelle et activité",
        (
            Question("activite", "Activité actuelle", "choix", choix=ACTIVITES),
            Question("specialite", "Spécialité ou mode d'exercice", "texte"),
            Question("activite_depuis", "Dans cette situation depuis le", "date"),
            Question(
                "activite_precisions",
                "Précisions sur l'activité",
                "long",
                "Lieu d'exercice, baisse ou arrêt d'activité et sa cause, reprise envisagée.",
            ),
        ),
    ),
    Rubrique(
        "finances",
        "Situation financière et patrimoniale",
        (
            Question("revenus_mensuels", "Revenus mensuels du demandeur (€)", "montant", "Nets, toutes sources."),
            Question("revenus_foyer", "Autres revenus mensuels du foyer (€)", "montant", "Conjoint, pensions, aides."),
            Question(
                "charges_mensuelles",
                "Charges mensuelles (€)",
                "montant",
                "Loyer ou crédit immobilier, crédits, cotisations sociales, impôts, frais de scolarité…",
            ),
            Question("charges_detail", "Détail des charges", "long"),
            Question("dettes_montant", "Montant total des dettes (€)", "montant"),
            Question(
                "creanciers",
                "Créanciers et montants dus",
                "long",
                "Un créancier par ligne : URSSAF, CARMF, impôts, banque, bailleur, fournisseurs… et le montant.",
            ),
            Question(
                "patrimoine",
                "Patrimoine",
                "long",
                "Biens immobiliers, épargne, parts de société, véhicule : ce que vous possédez.",
            ),
        ),
    ),
    Rubrique(
        "procedures",
        "Procédures en cours",
        (
            Question("procedure", "Procédure collective ou contentieuse", "choix", choix=PROCEDURES),
            Question("procedure_date", "Date du jugement ou du dépôt", "date"),
            Question(
                "procedure_precisions",
                "Précisions sur la procédure",
                "long",
                "Tribunal, mandataire ou administrateur judiciaire, plan en cours, échéances.",
            ),
        ),
    ),
    Rubrique(
        "demande",
        "Ce que vous demandez",
        (
            Question(
                "aide_demandee",
                "L'aide que vous demandez",
                "long",
                "Aide financière ponctuelle, aménagement de cotisation ordinale, accompagnement, orientation…",
            ),
            Question("montant_sollicite", "Montant sollicité, le cas échéant (€)", "montant"),
            Question(
                "autres_demarches",
                "Démarches faites ailleurs",
                "long",
                "CARMF, AFEM, organisme de prévoyance, assistante sociale, association régionale (MOTS)…",
            ),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {q.cle: q for r in RUBRIQUES for q in r.questions}
LONGUEUR_MAX = 5000


def normaliser(reponses) -> tuple[dict, dict[str, str]]:
    """The answers checked against the questions: (clean answers as strings, {question: French error}). Empty
    answers are dropped; an unknown question is an error naming it."""
    if reponses in (None, ""):
        return {}, {}
    if not isinstance(reponses, dict):
        return {}, {"questionnaire": "Le questionnaire est un objet {question: réponse}."}
    propres, erreurs = {}, {}
    for cle, valeur in reponses.items():
        question = QUESTIONS.get(cle)
        if question is None:
            erreurs[cle] = f"Question inconnue « {cle} » : les questions sont {', '.join(QUESTIONS)}."
            continue
        if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
            continue
        texte = str(valeur).strip()
        if question.genre == "choix":
            if texte not in dict(question.choix):
                erreurs[cle] = f"{question.libelle} : choisissez une réponse de la liste."
                continue
        elif question.genre == "entier":
            if isinstance(valeur, bool) or not texte.isdigit() or int(texte) > 50:
                erreurs[cle] = f"{question.libelle} : indiquez un nombre entier (0, 1, 2…)."
                continue
            texte = str(int(texte))
        elif question.genre == "montant":
            if isinstance(valeur, bool | float):
                erreurs[cle] = f"{question.libelle} : écrivez le montant comme une chaîne décimale (« 1200.50 »)."
                continue
            try:
                montant = Decimal(texte.replace(" ", "").replace("\u202f", "").replace(",", "."))
            except InvalidOperation:
                erreurs[cle] = f"{question.libelle} : indiquez un montant en euros, par exemple 1200,50."
                continue
            if not montant.is_finite() or montant < 0 or montant.as_tuple().exponent < -2 or montant >= 10**10:
                erreurs[cle] = f"{question.libelle} : indiquez un montant positif en euros, au centime près."
                continue
            texte = f"{montant:.2f}"
        elif question.genre == "date":
            try:
                texte = datetime.date.fromisoformat(texte).isoformat()
            except ValueError:
                erreurs[cle] = f"{question.libelle} : indiquez une date (AAAA-MM-JJ)."
                continue
        elif question.genre == "oui_non":
            texte = "oui" if texte in ("oui", "true", "1", "True") else "non"
        if len(texte) > LONGUEUR_MAX:
            erreurs[cle] = f"{question.libelle} : {LONGUEUR_MAX} caractères au plus."
            continue
        propres[cle] = texte
    return propres, erreurs


def lisible(reponses) -> list[tuple[str, list[tuple[str, str]]]]:
    """The answers as a reader sees them, in the questionnaire's order: [(rubrique, [(question, réponse)])], the
    choices by their labels, amounts in euros (« 1 200,50 € »), dates as 15/04/2026; unanswered questions and empty
    rubriques left out. The admin page and the file for the commission nationale both print this."""
    from commun.formats import euros

    reponses = reponses or {}
    rubriques = []
    for rubrique in RUBRIQUES:
        lignes = []
        for question in rubrique.questions:
            valeur = reponses.get(question.cle)
            if valeur in (None, ""):
                continue
            if question.genre == "choix":
                valeur = dict(question.choix).get(valeur, valeur)
            elif question.genre == "montant":
                try:
                    valeur = euros(Decimal(str(valeur)))
                except InvalidOperation:
                    valeur = str(valeur)
            elif question.genre == "date":
                try:
                    valeur = datetime.date.fromisoformat(str(valeur)).strftime("%d/%m/%Y")
                except ValueError:
                    valeur = str(valeur)
            lignes.append((question.libelle, str(valeur)))
        if lignes:
            rubriques.append((rubrique.titre, lignes))
    return rubriques
