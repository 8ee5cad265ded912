"""Demo data for the register: doctors, their status history, qualifications, sites and companies.

Set-based, so that 30 000 doctors load in well under a minute: every table is written with a handful of
`bulk_create` calls in chunks, and its history rows too: `bulk_create` skips django-simple-history, so the
history rows are written as INSERT … SELECT from the new rows (`_historiser`), authored by the system user. Nothing is hashed except the few printed
logins (hashing 30 000 passwords would take minutes).

Idempotent: doctor number i always gets the same RPPS and the same data (one seeded random stream walked in
order), companies are keyed by their SIREN, so a second run creates only what is missing and resets the printed
passwords. Names, towns and proportions are our own lists: Faker is a test dependency, not a runtime one.
"""

import datetime
import random
import time
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from commun.services import utilisateur_systeme
from config.roles import groupes_synchroniser

from .models import (
    Activite,
    ChangementStatut,
    Exercice,
    LieuExercice,
    Medecin,
    Qualification,
    Sexe,
    Societe,
    Statut,
)
from .services import compte_medecin_creer
from .validators import cle_luhn

User = get_user_model()

MEDECINS_PAR_DEFAUT = 300
GRAINE = 24  # the department's number: the same data on every machine
TAILLE_LOT = 1000  # rows per INSERT (SQLite lowers it by itself below its parameter limit)
LOT_HISTORIQUE = 900  # ids per INSERT … SELECT of history rows (SQLite: at most 999 parameters)
PREFIXE_RPPS = "1009"  # demo RPPS: 1009 + 6-digit index + Luhn key (factories use 1000…)
PREFIXE_SIREN = "9"  # demo SIREN: 9 + 7-digit index + Luhn key (a SIREN is Luhn-checked too)
MEDECINS_PAR_SOCIETE = 40  # one company per block of 40 doctors
RAISON_HISTORIQUE = "Données de démonstration"

# The printed logins: the only accounts with a password (fixed, so a second run prints the same ones).
COMPTE_ADMIN = ("demo-admin", "demo-admin-cdom24")
COMPTE_TABLEAU = ("demo-tableau", "demo-tableau-cdom24")
MOT_DE_PASSE_MEDECIN = "demo-medecin-cdom24"
GROUPE_TABLEAU = "Service du tableau"

# --- Our own lists -------------------------------------------------------------------------------------------------

NOMS = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia "
    "David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François "
    "Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu "
    "Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire "
    "Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Pérez Marchand Dufour Blanchard Marie "
    "Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert "
    "Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis "
    "Olivier Rodriguez Hubert Louis Charles Guillot Rivière Guillaume Adam Rey Moulin Gonzalez Berger Lecomte "
    "Ménard Fleury Deschamps Carpentier Julien Benoît Paris Maillard Marchal Aubry Vasseur Renault Jacquet "
    "Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons Paul Lainé Carré Breton Rémy Schneider "
    "Perrot Barré Marty Cousin Delmas Lafon Laporte Chassaing Lacoste Lavergne Delpech Magnac Mazeau Faurie "
    "Lagarde Vergnaud Labrousse Bouyssou Marcillac Castang Peyrot Lachaud Dumonteil Teyssier Maury Delpeyrat "
    "Bouchet Laroche Borie Veyssière Souletie Lasserre Pradier"
).split() + ["Da Silva", "Le Gall", "Le Roux", "De La Borie"]

PRENOMS_F = (
    "Marie Nathalie Isabelle Sylvie Catherine Sophie Christine Valérie Sandrine Véronique Anne Céline Stéphanie "
    "Laurence Caroline Julie Aurélie Émilie Camille Claire Hélène Élodie Audrey Mélanie Virginie Charlotte "
    "Pauline Laura Marion Manon Léa Chloé Sarah Clémence Mathilde Lucie Juliette Inès Agathe Alice Margaux "
    "Élise Justine Anaïs Cécile Delphine Florence Agnès Brigitte Martine Françoise Monique Dominique Annie "
    "Béatrice Corinne Patricia Emmanuelle Fabienne Géraldine Hélène Marine Océane Louise Jeanne Zoé Salomé"
).split()
PRENOMS_M = (
    "Jean Philippe Michel Alain Patrick Nicolas Christophe Pierre Christian Éric Frédéric Laurent Stéphane "
    "David Pascal Daniel Sébastien Julien Thierry Olivier Bernard Thomas Alexandre Gérard Didier Dominique "
    "Vincent François Bruno Guillaume Jérôme Jacques Marc Maxime Romain Claude Antoine Franck Jean-Pierre "
    "Fabrice Mathieu Benoît Arnaud Cédric Damien Yves Hervé Emmanuel Jean-Marc Sylvain Xavier Hugo Lucas "
    "Louis Paul Arthur Baptiste Clément Adrien Quentin Florian Kévin Jean-Luc Gilles Serge Bertrand Raphaël"
).split()

# Towns of the Dordogne with their postal code, weighted roughly by where doctors practise.
VILLES = (
    ("Périgueux", "24000", 30),
    ("Bergerac", "24100", 22),
    ("Sarlat-la-Canéda", "24200", 10),
    ("Boulazac Isle Manoire", "24750", 6),
    ("Trélissac", "24750", 4),
    ("Coulounieix-Chamiers", "24660", 4),
    ("Chancelade", "24650", 3),
    ("Terrasson-Lavilledieu", "24120", 4),
    ("Montpon-Ménestérol", "24700", 4),
    ("Ribérac", "24600", 4),
    ("Nontron", "24300", 4),
    ("Saint-Astier", "24110", 3),
    ("Mussidan", "24400", 3),
    ("Thiviers", "24800", 2),
    ("Excideuil", "24160", 2),
    ("Lalinde", "24150", 2),
    ("Le Bugue", "24260", 2),
    ("Prigonrieux", "24130", 2),
    ("Brantôme en Périgord", "24310", 2),
    ("Montignac-Lascaux", "24290", 2),
    ("Belvès", "24170", 1),
    ("Eymet", "24500", 2),
    ("Issigeac", "24560", 1),
    ("Neuvic", "24190", 2),
    ("Marsac-sur-l'Isle", "24430", 2),
    ("Champcevinel", "24750", 1),
    ("Notre-Dame-de-Sanilhac", "24660", 1),
    ("Saint-Cyprien", "24220", 1),
    ("Le Buisson-de-Cadouin", "24480", 1),
    ("Vergt", "24380", 1),
    ("Hautefort", "24390", 1),
    ("La Roche-Chalais", "24490", 1),
    ("Lanouaille", "24270", 1),
    ("Mareuil en Périgord", "24340", 1),
    ("Monpazier", "24540", 1),
    ("Domme", "24250", 1),
    ("Salignac-Eyvigues", "24590", 1),
    ("Sigoulès-et-Flaugeac", "24240", 1),
    ("Creysse", "24100", 1),
    ("Agonac", "24460", 1),
    ("Jumilhac-le-Grand", "24630", 1),
    ("Saint-Pardoux-la-Rivière", "24470", 1),
    ("Piégut-Pluviers", "24360", 1),
    ("Verteillac", "24320", 1),
    ("Tocane-Saint-Apre", "24350", 1),
    ("Villefranche-du-Périgord", "24550", 1),
    ("Les Eyzies", "24620", 1),
    ("Thenon", "24210", 1),
    ("Vélines", "24230", 1),
    ("Port-Sainte-Foy-et-Ponchapt", "24700", 1),
)
VOIES = (
    "rue Wilson",
    "rue Taillefer",
    "boulevard Montaigne",
    "cours Fénelon",
    "place Francheville",
    "rue de la République",
    "avenue Georges-Pompidou",
    "rue Gambetta",
    "rue Victor-Hugo",
    "avenue du Maréchal-Foch",
    "rue Jean-Jaurès",
    "place de la Mairie",
    "rue de l'Église",
    "route de Bordeaux",
    "avenue de Paris",
    "rue du Docteur-Roux",
    "impasse des Tilleuls",
    "chemin des Vignes",
    "rue des Écoles",
    "allée des Chênes",
    "rue Pasteur",
    "rue Lakanal",
    "quai de l'Isle",
    "rue Neuve",
    "rue du Moulin",
    "avenue de la Libération",
    "rue Carnot",
    "rue Émile-Zola",
    "boulevard Bertran-de-Born",
    "rue Louis-Blanc",
    "route de Sarlat",
    "rue de la Boétie",
    "place du Marché",
    "rue des Jardins",
    "avenue du 8-Mai-1945",
)
ETABLISSEMENTS = (
    ("Centre hospitalier de Périgueux", "80 avenue Georges-Pompidou", "Périgueux", "24000"),
    ("Centre hospitalier Samuel-Pozzi", "9 boulevard du Professeur-Albert-Calmette", "Bergerac", "24100"),
    ("Centre hospitalier Jean-Leclaire", "rue Jean-Leclaire", "Sarlat-la-Canéda", "24200"),
    ("Centre hospitalier de Ribérac", "rue du Docteur-Lacroix", "Ribérac", "24600"),
    ("Centre hospitalier de Nontron", "5 avenue du Général-Leclerc", "Nontron", "24300"),
    ("Centre hospitalier Vauclaire", "Vauclaire", "Montpon-Ménestérol", "24700"),
    ("Centre hospitalier de Lanmary", "Lanmary", "Antonne-et-Trigonant", "24420"),
    ("Polyclinique Francheville", "1 boulevard Georges-Saumande", "Périgueux", "24000"),
    ("Clinique Pasteur", "rue Pasteur", "Bergerac", "24100"),
    ("Centre hospitalier de Domme", "route de Vitrac", "Domme", "24250"),
)
EMPLOYEURS = (
    "Centre de santé départemental",
    "Service de prévention et de santé au travail",
    "Service médical de l'Assurance maladie",
    "Service départemental d'incendie et de secours",
    "Centre de santé municipal",
    "Établissement d'hébergement pour personnes âgées dépendantes",
    "Protection maternelle et infantile",
)
DEPARTEMENTS_TRANSFERT = ("Gironde", "Haute-Vienne", "Lot", "Lot-et-Garonne", "Charente", "Corrèze", "Paris")

SPECIALITES = (
    ("Médecine générale", 46),
    ("Psychiatrie", 5),
    ("Anesthésie-réanimation", 4),
    ("Radiologie et imagerie médicale", 3.5),
    ("Cardiologie et maladies vasculaires", 3),
    ("Médecine d'urgence", 3),
    ("Pédiatrie", 3),
    ("Ophtalmologie", 2.5),
    ("Gériatrie", 2),
    ("Gynécologie obstétrique", 2),
    ("Chirurgie orthopédique et traumatologique", 2),
    ("Médecine du travail", 2),
    ("Dermatologie et vénéréologie", 1.5),
    ("Gastro-entérologie et hépatologie", 1.5),
    ("Neurologie", 1.5),
    ("Oncologie", 1.5),
    ("Oto-rhino-laryngologie et chirurgie cervico-faciale", 1.5),
    ("Pneumologie", 1.5),
    ("Chirurgie viscérale et digestive", 1.5),
    ("Gynécologie médicale", 1),
    ("Endocrinologie-diabétologie-nutrition", 1),
    ("Médecine interne et immunologie clinique", 1),
    ("Médecine physique et de réadaptation", 1),
    ("Néphrologie", 1),
    ("Rhumatologie", 1),
    ("Urologie", 1),
    ("Biologie médicale", 1),
    ("Santé publique", 0.5),
    ("Anatomie et cytologie pathologiques", 0.5),
    ("Médecine légale et expertises médicales", 0.3),
)
QUALIFICATIONS_COMPLEMENTAIRES = (
    (Qualification.Type.CAPACITE, "Capacité de médecine et biologie du sport"),
    (Qualification.Type.CAPACITE, "Capacité de gérontologie"),
    (Qualification.Type.CAPACITE, "Capacité d'addictologie clinique"),
    (Qualification.Type.CAPACITE, "Capacité d'allergologie"),
    (Qualification.Type.CAPACITE, "Capacité d'évaluation et de traitement de la douleur"),
    (Qualification.Type.CAPACITE, "Capacité de médecine tropicale"),
    (Qualification.Type.COMPETENCE, "Compétence en médecine de catastrophe"),
    (Qualification.Type.COMPETENCE, "Compétence en échographie"),
)

# Proportions (per 1 000) on a departmental tableau: most doctors registered, a few files in progress.
STATUTS = (
    (Statut.INSCRIT, 860),
    (Statut.DEMANDE, 10),
    (Statut.EN_INSTRUCTION, 15),
    (Statut.REFUSE, 5),
    (Statut.TRANSFERE, 40),
    (Statut.RADIE, 20),
    (Statut.DECEDE, 50),
)
EXERCICES = (
    (Exercice.LIBERAL, 400),
    (Exercice.HOSPITALIER, 240),
    (Exercice.SALARIE, 110),
    (Exercice.REMPLACANT, 60),
    (Exercice.MIXTE, 10),
    (Exercice.RETRAITE_ACTIF, 70),
    (Exercice.RETRAITE_SANS_ACTIVITE, 80),
    (Exercice.RESERVISTE, 5),
    (Exercice.HUMANITAIRE, 5),
    (Exercice.NON_OBLIGATOIRE, 20),
)
RETRAITES = {Exercice.RETRAITE_ACTIF, Exercice.RETRAITE_SANS_ACTIVITE}
SANS_LIEU = {Exercice.RETRAITE_SANS_ACTIVITE, Exercice.NON_OBLIGATOIRE, Exercice.HUMANITAIRE, Exercice.RESERVISTE}


def _cumuls(table) -> list:
    return list(accumulate(ligne[-1] for ligne in table))


# Cumulative weights computed once: `random.choices` with cum_weights is then a bisection.
_CUMULS = {id(t): _cumuls(t) for t in (STATUTS, EXERCICES, SPECIALITES, VILLES)}


def _tirage(rng: random.Random, table):
    """A weighted pick of one row of `table` (rows end with their weight)."""
    return rng.choices(table, cum_weights=_CUMULS[id(table)])[0]


def _ascii(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower().replace(" ", "-")


def rpps_demo(index: int) -> str:
    debut = f"{PREFIXE_RPPS}{index:06d}"
    return debut + cle_luhn(debut)


def siren_demo(index: int) -> str:
    debut = f"{PREFIXE_SIREN}{index:07d}"
    return debut + cle_luhn(debut)


def _date(rng: random.Random, debut: datetime.date, fin: datetime.date) -> datetime.date:
    # Always exactly one draw, whatever the dates: doctor i must not depend on the day the demo runs.
    tirage = rng.random()
    jours = (fin - debut).days
    return fin if jours <= 0 else debut + datetime.timedelta(days=int(tirage * (jours + 1)))


def _ans(date: datetime.date, annees: int) -> datetime.date:
    return date.replace(year=date.year + annees, day=min(date.day, 28))


# --- One doctor, as plain data --------------------------------------------------------------------------------------


@dataclass
class _Fiche:
    index: int
    medecin: Medecin
    changements: list = field(default_factory=list)  # (ancien, nouveau, date, motif)
    qualifications: list = field(default_factory=list)  # (type, intitule, date, decision)
    lieux: list = field(default_factory=list)  # (principal, intitule, adresse, code_postal, ville, date_debut)
    activites: list = field(default_factory=list)  # (type, libelle, date_debut, date_fin)


def _fiche(rng: random.Random, index: int, today: datetime.date) -> _Fiche:
    """Doctor number `index`: everything drawn from rng in a fixed order, so the data depend only on the index."""
    statut = _tirage(rng, STATUTS)[0]
    exercice = _tirage(rng, EXERCICES)[0]
    if index == 0:  # the first demo login: a registered GP in private practice (companies, dues, annuaire)
        statut, exercice = Statut.INSCRIT, Exercice.LIBERAL
    elif index == 1:  # the second: a registered hospital doctor
        statut, exercice = Statut.INSCRIT, Exercice.HOSPITALIER
    if statut in (Statut.DEMANDE, Statut.EN_INSTRUCTION, Statut.REFUSE) and exercice in RETRAITES:
        exercice = Exercice.LIBERAL
    if statut == Statut.DECEDE and rng.random() < 0.7:
        exercice = Exercice.RETRAITE_SANS_ACTIVITE

    if exercice in RETRAITES:
        age = rng.randint(66, 88)
    elif exercice == Exercice.REMPLACANT:
        age = rng.randint(28, 40)
    elif statut in (Statut.DEMANDE, Statut.EN_INSTRUCTION, Statut.REFUSE):
        age = rng.randint(28, 45)
    else:
        age = rng.randint(30, 67)
    # Women are now half of the profession, fewer among the older generations.
    femme = rng.random() < (0.58 if age < 45 else 0.45 if age < 60 else 0.28)
    sexe = Sexe.F if femme else Sexe.M
    prenom = rng.choice(PRENOMS_F if femme else PRENOMS_M)
    nom = rng.choice(NOMS)
    naissance = datetime.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    ville, code_postal = _ville(rng)
    voie = f"{rng.randint(1, 120)} {rng.choice(VOIES)}"
    # The earliest date a doctor can be registered: thesis at about 29.
    debut_carriere = _ans(naissance, 29)

    # Registration path, as dated status changes (the register's workflow, TRANSITIONS_STATUT).
    changements = []
    premiere = False
    date_inscription = None
    if statut in (Statut.DEMANDE, Statut.EN_INSTRUCTION, Statut.REFUSE):
        depot = _date(rng, today - datetime.timedelta(days=60), today - datetime.timedelta(days=10))
        changements.append(("", Statut.DEMANDE, depot, "Dossier d'inscription reçu"))
        if statut != Statut.DEMANDE:
            changements.append((Statut.DEMANDE, Statut.EN_INSTRUCTION, depot + datetime.timedelta(days=3), ""))
        if statut == Statut.REFUSE:
            changements.append(
                (
                    Statut.EN_INSTRUCTION,
                    Statut.REFUSE,
                    depot + datetime.timedelta(days=9),
                    "Refus décidé en séance plénière : condition de moralité non remplie",
                )
            )
        premiere = rng.random() < 0.6
    else:
        fin = today - datetime.timedelta(days=30)
        if statut != Statut.INSCRIT:
            fin = min(fin, _ans(naissance, 75))
        date_inscription = _date(rng, min(debut_carriere, fin), fin)
        premiere = rng.random() < 0.65
        if premiere:
            depot = date_inscription - datetime.timedelta(days=rng.randint(14, 30))
            changements += [
                ("", Statut.DEMANDE, depot, "Dossier d'inscription reçu"),
                (Statut.DEMANDE, Statut.EN_INSTRUCTION, depot + datetime.timedelta(days=3), ""),
                (
                    Statut.EN_INSTRUCTION,
                    Statut.INSCRIT,
                    date_inscription,
                    f"Inscription décidée en séance plénière du {date_inscription:%d/%m/%Y}",
                ),
            ]
        else:
            origine = rng.choice(DEPARTEMENTS_TRANSFERT)
            changements.append(
                ("", Statut.INSCRIT, date_inscription, f"Transfert depuis le conseil départemental : {origine}")
            )
        if statut != Statut.INSCRIT:
            date_fin = _date(rng, date_inscription + datetime.timedelta(days=180), today - datetime.timedelta(days=5))
            motif = {
                Statut.TRANSFERE: f"Transfert vers le conseil départemental : {rng.choice(DEPARTEMENTS_TRANSFERT)}",
                Statut.RADIE: "Radiation à la demande du médecin (cessation définitive d'activité)",
                Statut.DECEDE: "Décès porté à la connaissance du conseil",
            }[statut]
            changements.append((Statut.INSCRIT, statut, date_fin, motif))

    slug = f"{_ascii(prenom)}.{_ascii(nom)}"
    indicatif = rng.choice(("06", "07")) if rng.random() < 0.3 else "05 53"
    telephone = " ".join([indicatif] + [f"{rng.randint(0, 99):02d}" for _ in range(3 if indicatif == "05 53" else 4)])
    medecin = Medecin(
        rpps=rpps_demo(index),
        nom=nom,
        prenom=prenom,
        sexe=sexe,
        date_naissance=naissance,
        lieu_naissance=rng.choice(("Périgueux", "Bergerac", "Bordeaux", "Limoges", "Toulouse", "Paris", "Sarlat")),
        email=f"{slug}.{index}@medecins-demo.example" if rng.random() < 0.92 else "",
        telephone=telephone,
        statut=statut,
        date_statut=changements[-1][2],
        date_inscription=date_inscription,
        premiere_inscription=premiere,
        exercice=exercice,
        opposition_annuaire=rng.random() < 0.08,
    )
    fiche = _Fiche(index=index, medecin=medecin, changements=changements)

    # Addresses: practice address for those who practise, home address for correspondence otherwise.
    if exercice == Exercice.HOSPITALIER:
        etab, adresse, ville, code_postal = rng.choice(ETABLISSEMENTS)
        lieu = (etab, adresse, code_postal, ville)
    elif exercice == Exercice.SALARIE:
        lieu = (f"{rng.choice(EMPLOYEURS)} de {ville}", voie, code_postal, ville)
    else:
        lieu = (
            f"Cabinet médical {rng.choice(('du Dr ' + nom, 'de la ' + rng.choice(VOIES)))}",
            voie,
            code_postal,
            ville,
        )
    if exercice not in SANS_LIEU:
        medecin.adresse_professionnelle, medecin.code_postal_professionnel, medecin.ville_professionnelle = lieu[1:]
    domicile_ville, domicile_cp = _ville(rng)
    medecin.adresse_correspondance = f"{rng.randint(1, 80)} {rng.choice(VOIES)}"
    medecin.code_postal_correspondance, medecin.ville_correspondance = domicile_cp, domicile_ville

    if date_inscription is not None:
        specialite = _tirage(rng, SPECIALITES)[0]
        date_qualif = min(date_inscription, _ans(naissance, 30))
        fiche.qualifications.append(
            (Qualification.Type.SPECIALITE, specialite, date_qualif, "Diplôme d'études spécialisées")
        )
        if rng.random() < 0.15:
            type_q, intitule = rng.choice(QUALIFICATIONS_COMPLEMENTAIRES)
            date_q = _date(rng, date_qualif, today - datetime.timedelta(days=1))
            fiche.qualifications.append(
                (type_q, intitule, date_q, f"Décision du conseil départemental du {date_q:%d/%m/%Y}")
            )
        if statut == Statut.INSCRIT and exercice not in SANS_LIEU:
            fiche.lieux.append((True, lieu[0], lieu[1], lieu[2], lieu[3], date_inscription))
            if rng.random() < 0.1:  # a distinct secondary site (site distinct)
                v2, cp2 = _ville(rng)
                fiche.lieux.append(
                    (False, "Site distinct", f"{rng.randint(1, 60)} {rng.choice(VOIES)}", cp2, v2, date_inscription)
                )
            if index == 0 or rng.random() < 0.015:
                debut = today - datetime.timedelta(days=rng.randint(10, 300))
                fiche.activites.append(
                    (Activite.Type.SOLIDARITE_TERRITORIALE, "Mission de solidarité territoriale", debut, None)
                )
            if exercice == Exercice.REMPLACANT and rng.random() < 0.5:
                debut = today - datetime.timedelta(days=rng.randint(5, 120))
                fiche.activites.append(
                    (
                        Activite.Type.REMPLACEMENT,
                        "Remplacement en cabinet libéral",
                        debut,
                        debut + datetime.timedelta(14),
                    )
                )
    return fiche


def _ville(rng: random.Random) -> tuple[str, str]:
    ville, code_postal, _ = _tirage(rng, VILLES)
    return ville, code_postal


def _fiches(n: int, today: datetime.date) -> list[_Fiche]:
    rng = random.Random(GRAINE)
    return [_fiche(rng, i, today) for i in range(n)]


# --- Companies --------------------------------------------------------------------------------------------------------


def _societe(k: int, fiches: list[_Fiche], today: datetime.date):
    """Company number k, built from the liberal doctors of block k (None when the block has too few)."""
    rng = random.Random(GRAINE * 1_000_003 + k)
    bloc = fiches[k * MEDECINS_PAR_SOCIETE : (k + 1) * MEDECINS_PAR_SOCIETE]
    candidats = [
        f
        for f in bloc
        if f.medecin.statut == Statut.INSCRIT and f.medecin.exercice in (Exercice.LIBERAL, Exercice.MIXTE)
    ]
    if k == 0 and fiches[0] not in candidats:
        candidats.insert(0, fiches[0])
    if len(candidats) < 2:
        return None
    associes = rng.sample(candidats, min(len(candidats), rng.randint(2, 5)))
    if k == 0:  # the first demo doctor manages a company, to show it in the espace
        associes = [fiches[0]] + [f for f in associes if f is not fiches[0]][:3]
    gerant = associes[0]
    forme = rng.choices(list(Societe.Forme), weights=(55, 35, 10))[0]
    noms = [f.medecin.nom for f in associes]
    ville = gerant.medecin.ville_professionnelle or "Périgueux"
    raison = {
        Societe.Forme.SEL: f"SELARL {' – '.join(noms[:2])}" if rng.random() < 0.6 else f"SELARL médicale de {ville}",
        Societe.Forme.SCP: f"SCP {', '.join(noms[:-1])} et {noms[-1]}",
        Societe.Forme.SPFPL: f"SPFPL Santé Périgord {noms[0]}",
    }[forme]
    statut = rng.choices(list(Societe.Statut), weights=(4, 92, 4))[0]
    debut = max(f.medecin.date_inscription for f in associes)
    date_inscription = None if statut == Societe.Statut.DEMANDE else _date(rng, debut, today)
    societe = Societe(
        raison_sociale=raison,
        forme=forme,
        statut=statut,
        date_inscription=date_inscription,
        siren=siren_demo(k),
        adresse=gerant.medecin.adresse_professionnelle,
        code_postal=gerant.medecin.code_postal_professionnel,
        ville=gerant.medecin.ville_professionnelle,
        email=f"contact@{_ascii(noms[0])}-{k}.societes-demo.example",
    )
    return societe, gerant, associes


# --- The service ------------------------------------------------------------------------------------------------------


@dataclass
class Compte:
    role: str
    username: str
    password: str
    url: str


@dataclass
class ResultatDemo:
    medecins_crees: int = 0
    medecins_existants: int = 0
    societes_creees: int = 0
    lignes: dict = field(default_factory=dict)  # table -> rows created (history rows not counted)
    comptes: list[Compte] = field(default_factory=list)
    duree: float = 0.0


def demo_charger(*, medecins: int = MEDECINS_PAR_DEFAUT, today: datetime.date | None = None) -> ResultatDemo:
    """Load `medecins` demo doctors (and what goes with them) and (re)set the printed logins. Idempotent."""
    if medecins < 2:
        raise ValueError("Il faut au moins 2 médecins de démonstration (les deux comptes médecin).")
    debut = time.perf_counter()
    today = today or timezone.localdate()
    resultat = ResultatDemo()
    with transaction.atomic():
        systeme = utilisateur_systeme()
        fiches = _fiches(medecins, today)
        existants = dict(Medecin.objects.filter(rpps__startswith=PREFIXE_RPPS).values_list("rpps", "pk"))
        nouvelles = [f for f in fiches if f.medecin.rpps not in existants]
        resultat.medecins_existants = medecins - len(nouvelles)
        _creer_medecins(nouvelles, par=systeme, resultat=resultat)
        pks = existants | {f.medecin.rpps: f.medecin.pk for f in nouvelles}
        _creer_societes(fiches, pks, today=today, par=systeme, resultat=resultat)
        resultat.comptes = _comptes(fiches[:2], par=systeme)
    if resultat.lignes and any(resultat.lignes.values()):
        _analyser()
    resultat.duree = time.perf_counter() - debut
    return resultat


def _analyser() -> None:
    """Refresh the planner's statistics after a bulk load. Without them PostgreSQL plans the first pages on
    "10 rows" until autovacuum runs (the annuaire's prefetch and counts measured ~3× slower at 30 000 doctors);
    SQLite's ANALYZE feeds its planner the same way."""
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")


def _creer(model, objets, *, par, resultat):
    """bulk_create, then the history rows of what was created, written by the database itself."""
    if objets:
        model.objects.bulk_create(objets, batch_size=TAILLE_LOT)
        _historiser(model, [o.pk for o in objets], par=par)
    nom = model._meta.verbose_name_plural
    resultat.lignes[nom] = resultat.lignes.get(nom, 0) + len(objets)


def _historiser(model, pks: list[int], *, par) -> None:
    """The "+" history rows of freshly bulk-created rows, as INSERT … SELECT from the rows themselves.

    What `bulk_create_with_history` would write (every tracked field, the date, the author, the reason), without
    building 30 000 historical instances in Python: the historical table has the same columns as the model's.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    Historique = model.history.model
    qn = connection.ops.quote_name
    champs = [f.attname for f in Historique.tracked_fields]
    colonnes_source = [model._meta.get_field(f.name).column for f in Historique.tracked_fields]
    colonnes_historique = [Historique._meta.get_field(f.name).column for f in Historique.tracked_fields]
    assert len(champs) == len(colonnes_source)
    extra = {
        "history_date": timezone.now(),
        "history_change_reason": RAISON_HISTORIQUE,
        "history_type": "+",
        "history_user": par.pk,
    }
    valeurs_extra = [Historique._meta.get_field(nom).get_db_prep_save(v, connection) for nom, v in extra.items()]
    colonnes_extra = [Historique._meta.get_field(nom).column for nom in extra]
    cle = qn(model._meta.pk.column)
    for debut in range(0, len(pks), LOT_HISTORIQUE):
        lot = pks[debut : debut + LOT_HISTORIQUE]
        sql = (
            f"INSERT INTO {qn(Historique._meta.db_table)} ({', '.join(map(qn, colonnes_historique + colonnes_extra))}) "
            f"SELECT {', '.join(map(qn, colonnes_source))}, {', '.join(['%s'] * len(extra))} "
            f"FROM {qn(model._meta.db_table)} WHERE {cle} IN ({', '.join(['%s'] * len(lot))})"
        )
        with connection.cursor() as curseur:
            curseur.execute(sql, [*valeurs_extra, *lot])


def _creer_medecins(fiches: list[_Fiche], *, par, resultat: ResultatDemo) -> None:
    _creer(Medecin, [f.medecin for f in fiches], par=par, resultat=resultat)
    resultat.medecins_crees = len(fiches)
    changements, qualifications, lieux, activites = [], [], [], []
    for f in fiches:
        m = f.medecin
        changements += [
            ChangementStatut(medecin=m, ancien_statut=a, nouveau_statut=n, date=d, motif=motif, saisi_par=par)
            for a, n, d, motif in f.changements
        ]
        qualifications += [
            Qualification(medecin=m, type=t, intitule=i, date=d, decision=dec) for t, i, d, dec in f.qualifications
        ]
        lieux += [
            LieuExercice(medecin=m, principal=p, intitule=i, adresse=a, code_postal=cp, ville=v, date_debut=d)
            for p, i, a, cp, v, d in f.lieux
        ]
        activites += [
            Activite(medecin=m, type=t, libelle=lib, date_debut=d, date_fin=fin) for t, lib, d, fin in f.activites
        ]
    for model, objets in (
        (ChangementStatut, changements),
        (Qualification, qualifications),
        (LieuExercice, lieux),
        (Activite, activites),
    ):
        _creer(model, objets, par=par, resultat=resultat)


def _creer_societes(fiches: list[_Fiche], pks: dict, *, today, par, resultat: ResultatDemo) -> None:
    nombre = len(fiches) // MEDECINS_PAR_SOCIETE
    existantes = set(Societe.objects.filter(siren__startswith=PREFIXE_SIREN).values_list("siren", flat=True))
    a_creer = []
    for k in range(nombre):
        if siren_demo(k) in existantes:
            continue
        construite = _societe(k, fiches, today)
        if construite is None:
            continue
        societe, gerant, associes = construite
        societe.gerant_id = pks[gerant.medecin.rpps]
        a_creer.append((societe, [pks[f.medecin.rpps] for f in associes]))
    societes = [s for s, _ in a_creer]
    if not societes:
        resultat.lignes[Societe._meta.verbose_name_plural] = 0
        return
    Societe.objects.bulk_create(societes, batch_size=TAILLE_LOT)
    Through = Societe.associes.through
    liens = Through.objects.bulk_create(
        [Through(societe_id=s.pk, medecin_id=m) for s, membres in a_creer for m in membres], batch_size=TAILLE_LOT
    )
    # The companies' history, with the members as they were at creation (the historical m2m rows that
    # `associes.set()` would have written through its signal).
    historiques = Societe.history.bulk_history_create(
        societes, batch_size=TAILLE_LOT, default_user=par, default_change_reason=RAISON_HISTORIQUE
    )
    historique_de = {h.id: h.history_id for h in historiques}
    HistoriqueLiens = apps.get_model("tableau", "HistoricalSociete_associes")
    HistoriqueLiens.objects.bulk_create(
        [
            HistoriqueLiens(
                id=lien.pk,
                history_id=historique_de[lien.societe_id],
                societe_id=lien.societe_id,
                medecin_id=lien.medecin_id,
            )
            for lien in liens
        ],
        batch_size=TAILLE_LOT,
    )
    resultat.societes_creees = len(societes)
    resultat.lignes[Societe._meta.verbose_name_plural] = len(societes)


def _comptes(premieres: list[_Fiche], *, par) -> list[Compte]:
    """The printed logins: created if missing, password reset every run so what is printed works."""
    comptes = []
    _utilisateur(COMPTE_ADMIN, is_staff=True, is_superuser=True, first_name="Admin", last_name="Démo")
    comptes.append(Compte("Superutilisateur", *COMPTE_ADMIN, "/admin/"))
    agent = _utilisateur(COMPTE_TABLEAU, is_staff=True, is_superuser=False, first_name="Agent", last_name="Tableau")
    groupes_synchroniser()  # the staff groups and their permissions, as config/roles.py declares them
    agent.groups.add(Group.objects.get(name=GROUPE_TABLEAU))
    comptes.append(Compte(f"Agent du « {GROUPE_TABLEAU} »", *COMPTE_TABLEAU, "/admin/"))
    for fiche in premieres:
        # The same service as `manage.py compte_medecin RPPS --password PW`: username = RPPS, e-mail followed.
        compte_medecin_creer(rpps=fiche.medecin.rpps, password=MOT_DE_PASSE_MEDECIN, par=par)
        _deverrouiller(fiche.medecin.rpps)
        medecin = fiche.medecin
        comptes.append(
            Compte(f"Médecin ({medecin.nom_complet})", medecin.rpps, MOT_DE_PASSE_MEDECIN, "/espace/connexion/")
        )
    return comptes


def _utilisateur(identifiants, **champs):
    username, password = identifiants
    user, _ = User.objects.get_or_create(username=username, defaults=champs)
    for nom, valeur in champs.items():
        setattr(user, nom, valeur)
    user.is_active = True
    user.set_password(password)
    user.save()
    _deverrouiller(username)
    return user


def _deverrouiller(username: str) -> None:
    # A locked-out demo login (django-axes) would make the printed password look wrong.
    from axes.utils import reset

    reset(username=username)
