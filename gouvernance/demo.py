"""Demo data of the council, for `python manage.py demo`: a council shaped like the Dordogne's (seed 002 L.I T.II
1.3: 8 titular and 8 substitute binômes, renewed by half), its bureau, the expense-chain functions, a delegation,
the statutory commissions, a plenary held last month with its decisions and the next one, to convene and run live.

Everything goes through the services, so the demo obeys the same rules as real data. Idempotent: nothing is done
when the council already has members.
"""

import datetime
from dataclasses import dataclass

from tableau.models import Medecin, Sexe, Statut

from . import services
from .models import Membre, TypeFonction

ORDRE_DU_JOUR = [
    "Approbation du procès-verbal de la séance précédente",
    "Inscriptions au tableau",
    "Demandes d'exonération de cotisation",
    "Questions diverses",
]


@dataclass
class ResultatConseil:
    cree: bool = False
    membres: int = 0


def demo_conseil(*, today: datetime.date, par, president: Medecin, secretaire: Medecin) -> ResultatConseil:
    """The council, with `president` and `secretaire` (the printed doctor logins) as président and secrétaire
    général, so that their logins show the elected member's pages."""
    resultat = ResultatConseil()
    if Membre.objects.exists():
        return resultat
    debut = datetime.date(today.year - 1, 6, 1)
    choisis = {president.pk, secretaire.pk}
    inscrits = list(
        Medecin.objects.filter(statut=Statut.INSCRIT, date_naissance__lte=today - datetime.timedelta(days=35 * 365))
        .exclude(pk__in=choisis)
        .order_by("rpps")[:200]
    )
    femmes = [m for m in inscrits if m.sexe == Sexe.F]
    hommes = [m for m in inscrits if m.sexe == Sexe.M]
    for medecin in (president, secretaire):
        (femmes if medecin.sexe == Sexe.F else hommes).insert(0, medecin)
    if len(femmes) < 16 or len(hommes) < 16:
        return resultat  # too few registered doctors (a tiny --medecins): no council

    titulaires, suppleants = [], []
    for binome in range(1, 9):
        moitie = 1 if binome <= 4 else 2
        for liste in (femmes, hommes):
            titulaires.append(
                services.membre_creer(
                    medecin=liste.pop(0), qualite="titulaire", binome=binome, moitie=moitie, date_debut=debut, par=par
                )
            )
    for binome in range(1, 9):
        moitie = 1 if binome <= 4 else 2
        for liste in (femmes, hommes):
            suppleants.append(
                services.membre_creer(
                    medecin=liste.pop(0),
                    qualite="suppleant",
                    binome=binome,
                    moitie=moitie,
                    rang=len([s for s in suppleants if s.moitie == moitie]) + 1,
                    date_debut=debut,
                    par=par,
                )
            )
    par_medecin = {m.medecin_id: m for m in titulaires}
    p, sg = par_medecin[president.pk], par_medecin[secretaire.pk]
    autres = [m for m in titulaires if m not in (p, sg)]
    fonctions = [
        (p, TypeFonction.PRESIDENT, None),
        (sg, TypeFonction.SECRETAIRE_GENERAL, None),
        (autres[0], TypeFonction.TRESORIER, None),
        (autres[1], TypeFonction.VICE_PRESIDENT, 1),
        (autres[2], TypeFonction.VICE_PRESIDENT, 2),
        (autres[3], TypeFonction.TRESORIER_ADJOINT, None),
        (autres[4], TypeFonction.LIQUIDATEUR, None),
        (autres[5], TypeFonction.ORDONNATEUR_SUPPLEANT, None),
        (autres[6], TypeFonction.LIQUIDATEUR_SUPPLEANT, None),
    ]
    lignes = {}
    for membre, fonction, ordre in fonctions:
        lignes[fonction] = services.fonction_attribuer(
            membre=membre, fonction=fonction, ordre=ordre, date_debut=debut, par=par
        )
    services.delegation_accorder(
        delegant=lignes[TypeFonction.PRESIDENT],
        delegataire=autres[1],
        type="signature",
        objet="Autorisations de remplacement d'un médecin par un étudiant de troisième cycle (L4131-2) en cas "
        "d'empêchement du président.",
        date_debut=debut,
        par=par,
    )

    conciliation = services.commission_creer(nature="conciliation", date_debut=debut, gestionnaire=autres[7], par=par)
    for membre in (autres[7], autres[8], suppleants[0]):
        services.commission_membre_elire(commission=conciliation, membre=membre, date_debut=debut, par=par)
    entraide = services.commission_creer(nature="entraide", date_debut=debut, par=par)
    services.commission_membre_elire(
        commission=entraide, membre=autres[9], role="delegue_entraide", date_debut=debut, par=par
    )
    services.commission_membre_elire(commission=entraide, membre=suppleants[1], date_debut=debut, par=par)
    vigilance = services.commission_creer(nature="vigilance", date_debut=debut, par=par)
    services.commission_membre_elire(
        commission=vigilance, membre=suppleants[2], role="referent_securite", date_debut=debut, par=par
    )

    _seance_tenue(today=today, titulaires=titulaires, suppleants=suppleants, par=par)
    # Left « prévue »: the secretariat sends the convocation from the back-office (no flood of e-mails here).
    services.seance_creer(
        date=today + datetime.timedelta(days=10),
        heure=datetime.time(20, 30),
        lieu="Siège du conseil",
        ordre_du_jour=ORDRE_DU_JOUR,
        par=par,
    )

    resultat.cree = True
    resultat.membres = len(titulaires) + len(suppleants)
    return resultat


def _seance_tenue(*, today, titulaires, suppleants, par) -> None:
    """Last month's plenary: 12 titulars sign, a substitute replaces a prevented titular, two decisions."""
    jour = today - datetime.timedelta(days=30)
    seance = services.seance_creer(
        date=jour, heure=datetime.time(20, 30), lieu="Siège du conseil", ordre_du_jour=ORDRE_DU_JOUR, par=par
    )
    for membre in titulaires[:12]:
        services.emargement_enregistrer(seance=seance, membre=membre, heure_arrivee=datetime.time(20, 30), par=par)
    services.absence_enregistrer(seance=seance, membre=titulaires[15], excusee=True, motif="Garde", par=par)
    services.emargement_enregistrer(seance=seance, membre=suppleants[0], remplace=titulaires[15], par=par)
    services.seance_ouvrir(seance=seance, par=par)
    services.deliberation_enregistrer(
        seance=seance,
        objet="Inscriptions au tableau de trois médecins",
        motivation="Les dossiers complets établissent pour chacun le diplôme de docteur en médecine, la maîtrise de "
        "la langue française et l'absence d'obstacle tenant à la moralité (articles L4112-1 et R4112-2 du code de la "
        "santé publique).",
        pour=13,
        contre=0,
        individuelle=True,
        par=par,
    )
    services.deliberation_enregistrer(
        seance=seance,
        objet="Calendrier des séances plénières du semestre",
        motivation="Une séance par mois, le deuxième jeudi, permet de statuer sur les inscriptions dans le délai de "
        "quinze jours ouvrés visé par le service du tableau.",
        pour=11,
        contre=1,
        abstention=1,
        par=par,
    )
    services.seance_clore(seance=seance, par=par)
