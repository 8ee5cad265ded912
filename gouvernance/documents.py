"""The procès-verbal of a session, as PDF (seed 002 L.I 4.5): context from selectors → templates/pdf/gouvernance/
→ WeasyPrint (config.pdf).

Two documents: the full procès-verbal, confidential, for the members of the council (who was present as the
attendance register shows, the substitutes sitting and whom they replace, the absent, the quorum, every decision
with its motivation and vote, who left the room for each matter, the elections); and the publishable extract of the
decisions, without the confidential decisions, where the decisions concerning one person are anonymised ("les
décisions prises peuvent donner lieu à communication sous réserve de l'anonymisation de celles à caractère
individuel et personnel").
"""

import re
import string

from django.core.exceptions import ValidationError
from django.db.models.functions import Upper

from config.pdf import rendre_pdf
from tableau.models import Medecin

from . import selectors
from .models import Deliberation, Membre, Qualite, TypeFonction

COMPLET = "complet"
EXTRAIT = "extrait"
PARTIES = (COMPLET, EXTRAIT)

# --- anonymisation of individual decisions -----------------------------------------------------------------------

TITRES = r"(?:Docteure?|Dre?\.?|Professeure?|Pr\.?|Madame|Monsieur|Mme\.?|Mlle\.?|M\.)"
MOT_NOM = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ'’-]+"
# A doctor named after a title ("Dr Jean MARTIN", "Docteur Martin") even when the register does not know him.
NOM_APRES_TITRE = re.compile(rf"\b{TITRES}\s+(?!(?:[A-Z]\.)(?:\s|$))(?:{MOT_NOM})(?:[ \t]+{MOT_NOM})?")
RPPS = re.compile(r"\b\d{11}\b")
COURRIEL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
LETTRES = "XYZWVUTSRQPONMLKJIHGFEDCBA"


def _noms_du_tableau(textes: list[str]) -> list[tuple[str, str]]:
    """The (prénom, nom) of registered doctors whose surname appears as a capitalised word of the texts: one query."""
    mots = {m.upper() for t in textes for m in re.findall(MOT_NOM, t) if len(m) > 1}
    if not mots:
        return []
    return list(
        Medecin.objects.annotate(nom_maj=Upper("nom")).filter(nom_maj__in=mots).values_list("prenom", "nom").distinct()
    )


def anonymiser(texte: str, noms: list[tuple[str, str]]) -> str:
    """Replace every doctor named in `texte` by "Dr X." (then Y., Z.…), the RPPS numbers and e-mail addresses by
    a mask. `noms`: (prénom, nom) pairs from the register; titled names are caught even when not registered."""
    texte = COURRIEL.sub("[adresse masquée]", RPPS.sub("[RPPS masqué]", texte))
    lettres: dict[str, str] = {}

    def alias(cle: str) -> str:
        if cle not in lettres:
            lettres[cle] = LETTRES[len(lettres) % len(LETTRES)]
        return f"Dr {lettres[cle]}."

    # One pattern per surname with every first name it goes with (two doctors may share a surname); longest
    # surnames first, so that "MARTIN-DUPONT" is not cut by "MARTIN".
    prenoms: dict[str, set[str]] = {}
    for prenom, nom in noms:
        if nom.strip():
            prenoms.setdefault(nom.strip(), set()).update(p for p in re.split(r"\s+", prenom.strip()) if p)
    for nom in sorted(prenoms, key=lambda n: (-len(n), n)):
        p = "|".join(re.escape(x) for x in sorted(prenoms[nom], key=len, reverse=True))
        n = re.escape(nom)
        motif = rf"(?:{TITRES}\s+)?" + (rf"(?:(?:{p})\s+){{0,3}}{n}(?:\s+(?:{p})){{0,3}}" if p else n)
        remplacant = alias(nom.upper())
        texte, trouves = re.subn(rf"(?<![\w-]){motif}(?![\w-])", remplacant, texte, flags=re.IGNORECASE)
        if not trouves:  # the letter goes to the next name actually present
            del lettres[nom.upper()]
    return NOM_APRES_TITRE.sub(lambda m: alias(m.group(0).split(None, 1)[1].upper()), texte)


# --- context ---------------------------------------------------------------------------------------------------


def _nom(membre: Membre | None) -> str:
    if membre is None:
        return ""
    return f"Dr {membre.medecin.prenom} {membre.medecin.nom.upper()}"


def _fonctions_par_membre(date) -> dict[int, str]:
    libelles = {}
    for f in selectors.bureau(date=date):
        libelles.setdefault(f.membre_id, TypeFonction(f.fonction).label)
    return libelles


def proces_verbal_contexte(*, seance_id: int, partie: str = COMPLET) -> dict:
    """Everything the procès-verbal shows, read in a fixed number of queries whatever the size of the council."""
    if partie not in PARTIES:
        raise ValueError(f"Partie inconnue : {partie}")
    seance = selectors.seance_detail(seance_id=seance_id)
    if not selectors.seance_tenue(seance=seance):
        # Its "procès-verbal" would list every titular as absent.
        raise ValidationError(
            f"La séance du {seance.date:%d/%m/%Y} n'a pas encore été tenue : son procès-verbal sera disponible "
            "une fois la séance ouverte."
        )
    deliberations = list(seance.deliberations.all())
    return {
        "seance": seance,
        "partie": partie,
        "titre": "Procès-verbal" if partie == COMPLET else "Extrait des décisions",
        **_registre(seance),
        "quorum": selectors.seance_quorum(seance=seance),
        "fonctions": _fonctions_par_membre(seance.date) if partie == COMPLET else {},
        "decisions": _decisions_extrait(deliberations) if partie == EXTRAIT else _decisions_completes(deliberations),
        "scrutins": _scrutins(seance),
    }


def _registre(seance) -> dict:
    """Who sat: titulars present, substitutes replacing one, those attending without a vote, the absent."""
    emargements = sorted(seance.emargements.all(), key=lambda e: (e.membre.medecin.nom, e.membre.medecin.prenom))
    remplacants = [e for e in emargements if e.membre.qualite != Qualite.TITULAIRE and e.remplace_id]
    remplaces = {e.remplace_id: e.membre for e in remplacants}
    absences = {a.membre_id: a for a in seance.absences.all()}
    absents = []
    for membre in selectors.absents(seance=seance):
        absence = absences.get(membre.pk)
        if membre.qualite != Qualite.TITULAIRE and absence is None:
            continue  # a substitute sits only when called: not being there is no absence
        absents.append({"membre": membre, "absence": absence, "remplace_par": remplaces.get(membre.pk)})
    absents.sort(key=lambda a: (a["membre"].qualite != Qualite.TITULAIRE, a["membre"].medecin.nom))
    return {
        "titulaires_presents": [e for e in emargements if e.membre.qualite == Qualite.TITULAIRE],
        "remplacants": remplacants,
        "sans_voix": [e for e in emargements if e.membre.qualite != Qualite.TITULAIRE and not e.remplace_id],
        "absents": absents,
    }


def _scrutins(seance) -> list[dict]:
    elections = list(seance.elections.all())
    # The doyen d'âge and the winners in one query, not one per election.
    autres = {e.president_de_seance_id for e in elections} | {e.elu_id for e in elections}
    autres = {m.pk: m for m in Membre.objects.filter(pk__in=autres - {None}).select_related("medecin")}
    scrutins = []
    for election in elections:
        candidats = {m.pk: m for m in election.candidats.all()}
        tours = [
            {
                "numero": t.numero,
                "voix": sorted(
                    ((candidats.get(int(pk)), n) for pk, n in t.voix.items()), key=lambda cn: (-cn[1], _nom(cn[0]))
                ),
                "blancs_nuls": t.blancs_nuls,
                "exprimes": t.suffrages_exprimes,
                "elu": t.elu,
            }
            for t in election.tours.all()
        ]
        scrutins.append(
            {
                "election": election,
                "poste": election.get_poste_display(),
                "president": autres.get(election.president_de_seance_id),
                "candidats": sorted(candidats.values(), key=lambda m: m.medecin.nom),
                "tours": tours,
                "elu": autres.get(election.elu_id),
            }
        )
    return scrutins


def _decisions_completes(deliberations) -> list[dict]:
    return [
        {
            "d": d,
            "objet": d.objet,
            "motivation": d.motivation,
            "retraits": sorted(
                (m for m in d.non_participants.all() if m.pk not in {c.pk for c in d.sortis_conflit_interets.all()}),
                key=lambda m: m.medecin.nom,
            ),
            "sortis_conflit": sorted(d.sortis_conflit_interets.all(), key=lambda m: m.medecin.nom),
        }
        for d in deliberations
    ]


def _decisions_extrait(deliberations) -> list[dict]:
    """The publishable extract: no confidential decision; an individual one with every name of the register and
    the concerned doctor's RPPS masked."""
    deliberations = [d for d in deliberations if not d.confidentielle]
    individuelles = [d for d in deliberations if d.individuelle]
    noms = _noms_du_tableau([t for d in individuelles for t in (d.objet, d.motivation)])
    decisions = []
    for d in deliberations:
        objet, motivation = d.objet, d.motivation
        if d.individuelle:
            # The doctor the decision concerns is masked first and for sure (his name written in any case);
            # the scan of the register's names then catches anyone else named.
            concerne = [(d.medecin_concerne.prenom, d.medecin_concerne.nom)] if d.medecin_concerne else []
            objet = anonymiser(objet, concerne + noms)
            motivation = anonymiser(motivation, concerne + noms)
            if d.medecin_concerne and d.medecin_concerne.rpps:
                objet = objet.replace(d.medecin_concerne.rpps, "[RPPS masqué]")
                motivation = motivation.replace(d.medecin_concerne.rpps, "[RPPS masqué]")
        decisions.append(
            {
                "d": d,
                "objet": objet,
                "motivation": motivation,
                "retraits": len(d.non_participants.all()),
                "sortis_conflit": len(d.sortis_conflit_interets.all()),
            }
        )
    return decisions


def proces_verbal_pdf(*, seance_id: int, partie: str = COMPLET) -> bytes:
    contexte = proces_verbal_contexte(seance_id=seance_id, partie=partie)
    template = "pdf/gouvernance/proces_verbal.html" if partie == COMPLET else "pdf/gouvernance/extrait_decisions.html"
    return rendre_pdf(template, contexte)


def proces_verbal_nom_fichier(seance, partie: str = COMPLET) -> str:
    base = "proces-verbal" if partie == COMPLET else "extrait-decisions"
    return f"{base}-{seance.type}-{seance.date:%Y-%m-%d}.pdf".translate(str.maketrans("", "", string.whitespace))


def notification_pdf(*, deliberation_id: int) -> bytes:
    """The notification letter of an individual decision (seed 002 L.I 5.2): decision, reasons, means and delays
    of appeal, at the address the doctor gave."""
    deliberation = Deliberation.objects.select_related("seance", "medecin_concerne", "voie_recours").get(
        pk=deliberation_id
    )
    adresse = deliberation.notifiee_a or selectors.adresse_de_notification(deliberation.medecin_concerne)
    signataire = selectors.fonction_exercee_par(
        fonction="president", date=deliberation.notifiee_le or deliberation.seance.date
    )
    return rendre_pdf(
        "pdf/gouvernance/notification.html",
        {"d": deliberation, "medecin": deliberation.medecin_concerne, "adresse": adresse, "signataire": signataire},
    )


def notification_nom_fichier(deliberation) -> str:
    return f"notification-decision-{deliberation.numero}.pdf"
