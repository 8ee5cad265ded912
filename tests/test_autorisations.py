"""The authorization walk: every route of the URL resolver, visited (GET) by each kind of visitor.

Each route falls in a family (public, admin, espace, api, personnel) by its name or path; a route that fits none
fails the test, so a new page cannot ship without saying who may see it. Each parameter of a route gets a real
object of the route's own model: the viewset's queryset model (DRF), the ModelAdmin's model (admin), or the model
that OBJETS_DES_ROUTES names for the other pages; a parameter that is none of these, or a model without a
fabrique in FABRIQUES, fails the test with what to add. The next apps' pages, API and admin are walked without a
line here, once their models have a fabrique.

The objects are created once per visitor: the register's rows belong to the first doctor (A), the council's to an
elected member without function (C). The visitors: anonymous; A; another doctor (B); C; a member of each staff
group of config/roles.py; a superuser. What each must get:
- nobody a server error; anonymous a login, a refusal, a 404 or a 405, never a page, except the public ones;
- admin: doctors are sent to the login. A staff member gets a model's list, change and history pages when his
  group may view or change the model, a 403 otherwise, and never an add or delete page his group may not do; the
  superuser gets every list, change and history page (strict templates: each one renders without an undefined
  variable);
- espace: each doctor gets his espace pages, an elected member also his council pages (ESPACE_DES_ELUS, a 403
  page for the others); staff never get them; none shows the first doctor's RPPS or e-mail to another doctor;
- api: staff get the lists and details of the models their group may view, a 403 otherwise; doctors reach an
  app's API as ACCES_DES_MEDECINS says (their own records, or the council's members); no answer shows the first
  doctor's RPPS to another doctor;
- personnel (staff pages outside the admin): the groups PAGES_DU_PERSONNEL names and the superuser, nobody else.
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import cache

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from rest_framework.authtoken.models import Token, TokenProxy
from rest_framework.request import Request

from config.roles import GROUPES, groupes_synchroniser
from tests import factories
from tests.routes import Route, remplir, routes

# --- families ---------------------------------------------------------------------------------------------------------

# Pages anyone may open.
PUBLIC_NOMS = {"accueil", "sante", "api-token", "api-schema", "api-docs", "api-redoc", "admin:login", "admin:logout"}
# The card providers' notifications (django-payments, /paiements/): no login, each verified by its signature.
PUBLIC_NOMS |= {"process_payment", "static_process_payment"}
PUBLIC_PREFIXES = ("annuaire:", "gouvernance:public", "gouvernance:declarations_publiques")
# annonces (issue 13 point 6): the public page and the API read by anonymous visitors (the published ads; what
# else each visitor sees is tests/annonces/test_api.py's).
PUBLIC_PREFIXES += ("annonces:", "annonce-")
PUBLIC_ESPACE = {"connexion", "deconnexion", "verrouille"}
# solidarite (issue 13): the places and their feeds are published; the private feeds' secret link is the credential.
PUBLIC_PREFIXES += ("solidarite-lieu-", "solidarite:agenda_secret")
# Password reset pages are public by nature (the token in the link is the credential).
PUBLIC_MOTS = ("mot_de_passe", "password", "reinitialis")

# entraide-aides (issue 12 point 12): the helplines, on the API and on « Médecin en difficulté ? ».
PUBLIC_NOMS |= {"entraide-contacts-list"}
PUBLIC_PREFIXES += ("entraide_public:",)

# Public routes walked by the anonymous visitor only: the API schema takes a second to generate for each visitor,
# and tests/tableau/test_api.py checks it.
UNE_FOIS = {"api-schema"}
# Espace pages of the elected members only (the other doctors get a page that says why).
ESPACE_DES_ELUS = {"gouvernance:espace_declaration"}
# The expense chain's pages (espace/tresorerie/): read by the members in office, signed by the chain's members.
ESPACE_DES_ELUS |= {"tresorerie_espace:a_signer", "tresorerie_espace:engagement"}
# tresorerie, notes de frais: filing a claim is for the members in office.
ESPACE_DES_ELUS |= {"notes_frais:nouvelle"}
# Espace pages of one function of the council (none of the walk's doctors holds it): a 403 page for each of them.
ESPACE_DES_FONCTIONS = {"notes_frais:a_verifier"}
# Staff pages outside the admin, and the groups whose work they are (the superuser gets them too).
PAGES_DU_PERSONNEL = {
    "gouvernance:seances": {"Secrétariat du conseil", "Comptabilité", "Service juridique"},
    "gouvernance:seance_direct": {"Secrétariat du conseil"},
}
# How a doctor reaches each app's API: "proprietaire" = his own records only (another's answers 404),
# "membres" = the council's members in office (the others get 403).
# "tous" = every doctor reads them (the national scale of the dues, printed on every call). A key may also be a
# route's prefix ("cotisations-bareme"), which then wins over its app's.
ACCES_DES_MEDECINS = {
    "tableau": "proprietaire",
    "gouvernance": "membres",
    "cotisations-bareme": "tous",
    "cotisations": "proprietaire",
    # The espace's dues pages that take an id (a dues record, a receipt, a card payment): the first doctor's only,
    # another doctor gets 404 (his list page, without id, is his own).
    "cotisations_espace": "proprietaire",
    # The hardship requests and their documents (espace/exonerations/): the same.
    "exonerations": "proprietaire",
    # tresorerie, budget: read by the members of the expense chain by their function on the day (président,
    # ordonnateur, liquidateur, trésorier and their substitutes), 403 to any other doctor or member ("fonctions":
    # no member of the walk holds one, so every doctor visitor must be refused).
    "tresorerie-budget": "fonctions",
    "tresorerie-virement": "fonctions",
    # The expense chain and the président's urgent authorisations: read by the council's members in office.
    "tresorerie-engagement": "membres",
    "tresorerie-depense-urgente": "membres",
    # tresorerie, indemnités: the accounting service and the members of the chain (président, ordonnateur,
    # liquidateur, trésorier) only; every other doctor, a councillor without function included, gets 403.
    "tresorerie-indemnites": "fonctions",
    "tresorerie-vacation": "fonctions",
    # tresorerie: "fonctions" = the members exercising a function of the expense chain or the cash box on the day
    # (président, ordonnateur, liquidateur, trésorier, their substitutes); the walk's doctors hold none: 403.
    "tresorerie": "fonctions",
    # tresorerie, notes de frais (espace/notes-frais/ and /api/tresorerie/notes-frais/): a member's own claims.
    "notes_frais": "proprietaire",
    "notes-frais": "proprietaire",
    # conciliation, documents (issue 12 points 1, 2, 6): the échéances and the yearly report are read by the
    # président and the members seated on the conciliation commission (none of the walk's doctors: 403); the
    # letters (PDF) only by the readers of the file (404 for the doctor concerned and every other doctor).
    "conciliation-echeances": "fonctions",
    "conciliation-rapport": "fonctions",
    "conciliation-document": "fonctions",
    # entraide-dossier (issue 12): the espace's requests (espace/entraide/<pk>/): the applicant's own only.
    "entraide_espace": "proprietaire",
    # /api/entraide/demandes/: "demandeur" = the applicant (the first doctor) sees his requests' status and dates
    # only, never their content; a reader (the walk's councillor, seated on its entraide commission) reads them;
    # another doctor gets an empty list and 404.
    "entraide-demande": "demandeur",
    # conciliation (conc-noyau): "commission" = read by the président and the members of the conciliation commission
    # on the date only (none of the walk's doctors sits on it): every other doctor gets an empty list and 404.
    "conciliation": "commission",
    # annonces (issue 13 point 6): a doctor's ads in his espace (another doctor's ad answers 404).
    "annonces_espace": "proprietaire",
    # incidents, contrats (issue 13 points 7-8): a doctor's own declarations and contracts (another's: 404); the
    # walk's members sit in neither the vigilance nor the contracts commission.
    "incidents": "proprietaire",
    "incidents_espace": "proprietaire",
    "contrats": "proprietaire",
    "contrats_espace": "proprietaire",
    # solidarite (issue 13): a doctor's own application and days (another's answers 404); the allowances are the
    # accounting service's (every doctor 403).
    "solidarite-indemnites": "fonctions",
    "solidarite-releve": "fonctions",
    "solidarite": "proprietaire",
    "solidarite_espace": "proprietaire",
    # entraide-aides: the aids and the transmissions of a request, read by the entraide commission's deliberative
    # members on the day (the walk's elected member sits on it) and the entraide secretariat; 404 for any other.
    "entraide-aides": "lecteurs_entraide",
    "entraide-cnom": "lecteurs_entraide",
}
# conc-noyau: the confidential apps whose files answer 404 (an empty list) to staff without the app's permission,
# rather than 403: nobody but a reader learns that a file exists (CONTRACT.md conciliation preamble).
LECTURE_CONFIDENTIELLE = {"conciliation", "entraide"}
# Defects the walk found, left to the code's owners: their server error is expected until fixed, and
# test_les_defauts_connus_sont_toujours_la fails once one is (then remove it from here).
DEFAUTS_CONNUS: dict[str, str] = {}


def _famille(route: Route) -> str | None:
    nom, chemin = route.nom, route.chemin
    court = nom.split(":")[-1]
    if nom in PUBLIC_NOMS or nom.startswith(PUBLIC_PREFIXES) or any(m in nom for m in PUBLIC_MOTS):
        return "public"
    if nom.startswith("espace:") and court in PUBLIC_ESPACE:
        return "public"
    if nom.startswith("admin:") or chemin.startswith("admin/"):
        return "admin"
    if nom.startswith("espace:") or chemin.startswith("espace/") or court.startswith("espace_"):
        return "espace"
    if chemin.startswith("api/"):
        return "api"
    if nom in PAGES_DU_PERSONNEL or nom.startswith("gouvernance:") or chemin.startswith("gouvernance/"):
        return "personnel"
    return None


# --- the objects in the routes ----------------------------------------------------------------------------------------

# Routes that are neither DRF nor admin: parameter -> the model whose object it takes.
OBJETS_DES_ROUTES = {
    "gouvernance:seance_direct": {"pk": "gouvernance.seance"},
    "admin:view_on_site": {"content_type_id": "tableau.medecin", "object_id": "tableau.medecin"},
    "cotisations_espace:appel": {"pk": "cotisations.cotisation"},
    "cotisations_espace:payer": {"pk": "cotisations.cotisation"},
    "cotisations_espace:recu": {"pk": "cotisations.paiement"},
    "cotisations_espace:carte": {"pk": "cotisations.paiementcarte"},
    "cotisations_espace:carte_retour": {"pk": "cotisations.paiementcarte"},
    "exonerations:demande": {"pk": "cotisations.demandeexoneration"},
    "exonerations:piece": {"pk": "cotisations.piecedemande"},
    "admin:cotisations_demandeexoneration_piece": {"piece_id": "cotisations.piecedemande"},
    # tresorerie, the expense chain
    "tresorerie_espace:engagement": {"pk": "tresorerie.engagement"},
    "admin:tresorerie_engagement_piece": {"piece_id": "tresorerie.piecejustificative"},
    "tresorerie-engagement-piece": {"piece_id": "tresorerie.piecejustificative"},
    "admin:tresorerie_mouvementcaisse_piece": {"piece_id": "tresorerie.piececaisse"},
    "notes_frais:note": {"pk": "tresorerie.notefrais"},
    "notes_frais:justificatif": {"pk": "tresorerie.justificatiffrais"},
    "admin:tresorerie_justificatiffrais_fichier": {"justificatif_id": "tresorerie.justificatiffrais"},
    # entraide-dossier (issue 12): a request's document, streamed to its readers (the read logged).
    "admin:entraide_demande_piece": {"piece_id": "entraide.piecedemande"},
    "entraide-demande-piece": {"piece_id": "entraide.piecedemande"},
    "entraide_espace:demande": {"pk": "entraide.demande"},
    # conciliation (conc-noyau): a document of the file, streamed after the read is logged
    "conciliation-plaintes-piece": {"piece_id": "conciliation.pieceplainte"},
    "admin:conciliation_plainte_piece": {"piece_id": "conciliation.pieceplainte"},
    # annonces (issue 13 point 6)
    "annonces:detail": {"pk": "annonces.annonce"},
    "annonces_espace:detail": {"pk": "annonces.annonce"},
    "annonces_espace:modifier": {"pk": "annonces.annonce"},
    # incidents, contrats (issue 13 points 7-8)
    "incidents_espace:incident": {"pk": "incidents.incident"},
    "contrats_espace:contrat": {"pk": "contrats.contrat"},
    "contrats_espace:fichier": {"pk": "contrats.contrat"},
    "admin:contrats_contrat_fichier": {"contrat_id": "contrats.contrat"},
    # entraide-aides (issue 12 points 10-11): the routes on a request, its aids and its transmissions
    "entraide-aides-liste": {"pk": "entraide.demande"},
    "entraide-aides-detail": {"pk": "entraide.demande", "aide_pk": "entraide.aide"},
    "entraide-aides-engager": {"pk": "entraide.demande", "aide_pk": "entraide.aide"},
    "entraide-cnom-transmettre": {"pk": "entraide.demande"},
    "entraide-cnom-transmissions": {"pk": "entraide.demande"},
    "entraide-cnom-decision": {"pk": "entraide.demande", "transmission_pk": "entraide.transmissioncnom"},
    "entraide-cnom-dossier": {"pk": "entraide.demande"},
}
# Parameters that are not objects.
VALEURS = {"uidb64": "MQ", "token": "lien-invalide", "url": "inexistant/", "annee": "2026", "variant": "test"}
# Parameters that take the route's own object (version_id: its latest past version, django-simple-history's).
PARAMETRES_OBJET = {"pk", "id", "object_id", "version_id"}


def _parametre():
    from commun.models import CONSERVATION_JOURNAL, Parametre

    parametre = Parametre.objects.get_or_create(
        cle=CONSERVATION_JOURNAL, defaults={"libelle": "Conservation", "valeur": 12, "minimum": 6, "maximum": 12}
    )[0]
    parametre.save()  # a version in its history (the data migration writes none)
    return parametre


def _axes(modele, **champs):
    return modele.objects.create(
        username="inconnu", ip_address="192.0.2.1", user_agent="navigateur", http_accept="*/*", path_info="/", **champs
    )


def _envoi(objet):
    from commun.models import Envoi, EtatEnvoi, NatureEnvoi

    return Envoi.objects.create(
        nature=NatureEnvoi.PERTE_ORDONNANCES_ACCUSE,
        tache="tableau.perte_ordonnances_accuse_envoyer",
        type_objet=ContentType.objects.get_for_model(objet),
        objet_id=objet.pk,
        destinataire="membre@exemple.fr",
        etat=EtatEnvoi.ECHEC,
        derniere_erreur="Connexion refusée",
    )


def _compte_bancaire():
    from cotisations.models import CompteBancaire

    return CompteBancaire.objects.get(role="cnom")  # loaded by migration 0005


def _purge():
    from rgpd.models import Purge

    return Purge.objects.create(
        nature="incident", date=datetime.date(2026, 2, 15), dossiers=1, lignes=1, historique=2, par=factories.systeme()
    )


def _annonce_purge(purge):
    from rgpd.models import AnnoncePurge

    return AnnoncePurge.objects.create(
        nature="incident",
        annoncee_le=datetime.date(2026, 1, 15),
        prevue_le=purge.date,
        identifiants=[1],
        nombre=1,
        conservation="6 ans",
        annoncee_par=factories.systeme(),
        executee_par=purge,
    )


def _jeton(m):
    return TokenProxy.objects.get(pk=Token.objects.get_or_create(user=m.a.user)[0].pk)


# model (label_lower) -> its object, built from the world (m); in this order, each may use the ones above.
FABRIQUES = {
    "tableau.medecin": lambda m: m.a,
    "tableau.societe": lambda m: factories.SocieteFactory(gerant=m.a, associes=[m.a]),
    "tableau.qualification": lambda m: factories.QualificationFactory(medecin=m.a),
    "tableau.lieuexercice": lambda m: factories.LieuExerciceFactory(medecin=m.a, principal=True),
    "tableau.activite": lambda m: factories.ActiviteFactory(medecin=m.a),
    "tableau.documentprofessionnel": lambda m: factories.DocumentProfessionnelFactory(medecin=m.a),
    "tableau.restrictionexercice": lambda m: factories.RestrictionExerciceFactory(medecin=m.a),
    "tableau.changementstatut": lambda m: factories.ChangementStatutFactory(medecin=m.a),
    "tableau.declarationperteordonnances": lambda m: factories.DeclarationPerteOrdonnancesFactory(medecin=m.a),
    "gouvernance.membre": lambda m: m.membre_c,
    "gouvernance.fonction": lambda m: factories.FonctionFactory(membre=m.membre_d, fonction="tresorier"),
    "gouvernance.indisponibilite": lambda m: factories.IndisponibiliteFactory(membre=m.membre_d),
    "gouvernance.delegation": lambda m: factories.DelegationFactory(
        delegant=m.objets["gouvernance.fonction"], delegataire=m.membre_c
    ),
    "gouvernance.commission": lambda m: factories.CommissionFactory(nature="entraide", gestionnaire=m.membre_c),
    "gouvernance.siegecommission": lambda m: factories.SiegeCommissionFactory(
        commission=m.objets["gouvernance.commission"], membre=m.membre_c
    ),
    "gouvernance.declarationinterets": lambda m: factories.DeclarationInteretsFactory(membre=m.membre_c),
    "gouvernance.seance": lambda m: factories.SeanceFactory(),
    "gouvernance.demandeinscriptionpoint": lambda m: factories.DemandeInscriptionPointFactory(
        seance=m.objets["gouvernance.seance"], signataires=[m.membre_c]
    ),
    "gouvernance.demandeseanceextraordinaire": lambda m: factories.DemandeSeanceExtraordinaireFactory(
        signataires=[m.membre_c]
    ),
    "gouvernance.emargement": lambda m: factories.EmargementFactory(
        seance=m.objets["gouvernance.seance"], membre=m.membre_c
    ),
    "gouvernance.absence": lambda m: factories.AbsenceFactory(seance=m.objets["gouvernance.seance"], membre=m.membre_d),
    "gouvernance.voierecours": lambda m: factories.VoieRecoursFactory(),
    "gouvernance.deliberation": lambda m: factories.DeliberationFactory(
        seance=m.objets["gouvernance.seance"],
        individuelle=True,
        medecin_concerne=m.a,
        voie_recours=m.objets["gouvernance.voierecours"],
        non_participants=[m.membre_d],
    ),
    "gouvernance.election": lambda m: factories.ElectionFactory(
        seance=m.objets["gouvernance.seance"], candidats=[m.membre_c], president_de_seance=m.membre_d
    ),
    "gouvernance.tourelection": lambda m: factories.TourElectionFactory(
        election=m.objets["gouvernance.election"], voix={str(m.membre_c.pk): 9}
    ),
    "cotisations.bareme": lambda m: factories.BaremeFactory(annee=2026),
    "cotisations.cotisation": lambda m: factories.CotisationFactory(medecin=m.a),
    "cotisations.paiement": lambda m: factories.PaiementFactory(cotisation=m.objets["cotisations.cotisation"]),
    "cotisations.paiementcarte": lambda m: factories.PaiementCarteFactory(
        cotisation=m.objets["cotisations.cotisation"]
    ),
    # cotisations, banque: a waiting credit proposing the first doctor's dues, a slip with his cheque, a transfer.
    "cotisations.comptebancaire": lambda m: _compte_bancaire(),
    "cotisations.relevebancaire": lambda m: factories.ReleveBancaireFactory(),
    "cotisations.lignereleve": lambda m: factories.LigneReleveFactory(
        releve=m.objets["cotisations.relevebancaire"], propositions=[m.objets["cotisations.cotisation"]]
    ),
    "cotisations.bordereauremise": lambda m: factories.BordereauRemiseFactory(),
    "cotisations.chequeremis": lambda m: factories.ChequeRemisFactory(
        bordereau=m.objets["cotisations.bordereauremise"], paiement=m.objets["cotisations.paiement"]
    ),
    "cotisations.versementcnom": lambda m: factories.VersementCNOMFactory(),
    "cotisations.relance": lambda m: factories.RelanceFactory(cotisation=m.objets["cotisations.cotisation"]),
    "cotisations.demandeexoneration": lambda m: factories.DemandeExonerationFactory(
        cotisation=m.objets["cotisations.cotisation"]
    ),
    "cotisations.piecedemande": lambda m: m.objets["cotisations.demandeexoneration"].pieces.get(),
    "cotisations.tirage": lambda m: factories.TirageFactory(),
    # About a doctor's record: every group that may read sends reads doctors too (the admin lists a send only to
    # those who may read its object).
    "commun.envoi": lambda m: _envoi(m.a),
    "auth.user": lambda m: m.a.user,
    "auth.group": lambda m: Group.objects.order_by("name").first(),
    "authtoken.tokenproxy": _jeton,
    "axes.accessattempt": lambda m: _axes(AccessAttempt, get_data="", post_data="", failures_since_start=1),
    "axes.accesslog": lambda m: _axes(AccessLog),
    "axes.accessfailurelog": lambda m: _axes(AccessFailureLog),
    # tresorerie
    "tresorerie.comptecomptable": lambda m: factories.CompteComptableFactory(),
    "tresorerie.budget": lambda m: factories.BudgetFactory(annee=2027),
    "tresorerie.lignebudgetaire": lambda m: factories.LigneBudgetaireFactory(),
    "tresorerie.engagement": lambda m: factories.EngagementFactory(),
    "tresorerie.piecejustificative": lambda m: factories.PieceJustificativeFactory(),
    # tresorerie, budget
    "tresorerie.parametrebudget": lambda m: factories.ParametreBudgetFactory(annee=2027),
    "tresorerie.avenant": lambda m: factories.AvenantFactory(budget=factories.BudgetFactory(annee=2027)),
    "tresorerie.ligneavenant": lambda m: factories.LigneAvenantFactory(
        avenant=factories.AvenantFactory(budget=factories.BudgetFactory(annee=2027))
    ),
    "tresorerie.virement": lambda m: factories.VirementFactory(budget=factories.BudgetFactory(annee=2027)),
    # tresorerie, the expense chain (issue 11 points 2 and 4)
    "tresorerie.autorisationdepenseurgente": lambda m: factories.AutorisationDepenseUrgenteFactory(),
    "tresorerie.plafondsremplacement": lambda m: factories.PlafondsRemplacementFactory(),
    # tresorerie, indemnités (issue 11 point 8)
    "tresorerie.baremeindemnites": lambda m: factories.BaremeIndemnitesFactory(annee=2027),
    "tresorerie.repartitionindemnites": lambda m: factories.RepartitionIndemnitesFactory(annee=2027),
    "tresorerie.vacation": lambda m: factories.VacationFactory(membre=m.membre_c),
    "tresorerie.indemniteautrestructure": lambda m: factories.IndemniteAutreStructureFactory(membre=m.membre_c),
    # tresorerie: cash box, fixed assets, year-end (issue 11 points 5-7)
    "tresorerie.parametrecaisse": lambda m: factories.ParametreCaisseFactory(annee=2030),
    "tresorerie.mouvementcaisse": lambda m: factories.MouvementCaisseFactory(),
    "tresorerie.piececaisse": lambda m: factories.PieceCaisseFactory(mouvement=m.objets["tresorerie.mouvementcaisse"]),
    "tresorerie.categorieimmobilisation": lambda m: factories.CategorieImmobilisationFactory(),
    "tresorerie.immobilisation": lambda m: factories.ImmobilisationFactory(),
    "tresorerie.cloture": lambda m: factories.ClotureFactory(annee=2025, statut="arretee"),
    "tresorerie.rappelcloture": lambda m: factories.RappelClotureFactory(),
    # tresorerie, notes de frais: a claim of the first doctor, a former member (his mandate ended before today, so
    # that he is not an elected member of the walk), with its line and receipt.
    "tresorerie.parametresfrais": lambda m: factories.ParametresFraisFactory(annee=2030),
    "tresorerie.baremekilometrique": lambda m: factories.BaremeKilometriqueFactory(annee=2030),
    "tresorerie.notefrais": lambda m: factories.NoteFraisFactory(
        membre=factories.MembreFactory(
            medecin=m.a, date_debut=datetime.date(2019, 6, 1), date_fin=datetime.date(2025, 5, 31)
        ),
        cree_le=datetime.date(2025, 5, 20),
    ),
    "tresorerie.lignefrais": lambda m: factories.LigneFraisFactory(
        note=m.objets["tresorerie.notefrais"], date=datetime.date(2025, 5, 15)
    ),
    "tresorerie.justificatiffrais": lambda m: factories.JustificatifFraisFactory(
        ligne=m.objets["tresorerie.lignefrais"]
    ),
    # conciliation (issue 12): a complaint against the first doctor (who may not read it: 404).
    "conciliation.plainte": lambda m: factories.PlainteFactory(medecin=m.a),
    "conciliation.pieceplainte": lambda m: factories.PiecePlainteFactory(plainte=m.objets["conciliation.plainte"]),
    "conciliation.conciliateur": lambda m: factories.ConciliateurFactory(
        plainte=m.objets["conciliation.plainte"], membre=m.membre_c
    ),
    "conciliation.liendeclare": lambda m: factories.LienDeclareFactory(
        plainte=m.objets["conciliation.plainte"], membre=m.membre_d
    ),
    "conciliation.reunion": lambda m: factories.ReunionFactory(plainte=m.objets["conciliation.plainte"]),
    "conciliation.procesverbal": lambda m: factories.ProcesVerbalFactory(reunion=m.objets["conciliation.reunion"]),
    # conciliation, documents (issue 12 point 2): the reminders' parameters and a reminder of the complaint.
    "conciliation.parametreconciliation": lambda m: factories.ParametreConciliationFactory(),
    "conciliation.rappelecheance": lambda m: factories.RappelEcheanceFactory(plainte=m.objets["conciliation.plainte"]),
    # entraide (issue 12): the first doctor's request (he follows its status; its content is the commission's).
    "entraide.demande": lambda m: factories.DemandeEntraideFactory(medecin=m.a),
    "entraide.piecedemande": lambda m: factories.PieceDemandeEntraideFactory(demande=m.objets["entraide.demande"]),
    "entraide.aide": lambda m: factories.AideEntraideFactory(demande=m.objets["entraide.demande"]),
    "entraide.transmissioncnom": lambda m: factories.TransmissionCnomFactory(demande=m.objets["entraide.demande"]),
    "entraide.referententraide": lambda m: factories.ReferentEntraideFactory(membre=m.membre_d),
    "entraide.contact": lambda m: factories.ContactEntraideFactory(),
    # entraide-dossier (issue 12): the council's bounded settings (the log's retention), loaded by a migration.
    "commun.parametre": lambda m: _parametre(),
    # annonces (issue 13 point 6): the first doctor's published ad, its pending change, another doctor's answer.
    "annonces.annonce": lambda m: factories.AnnonceFactory(auteur=m.a),
    "annonces.revisionannonce": lambda m: factories.RevisionAnnonceFactory(annonce=m.objets["annonces.annonce"]),
    "annonces.messageannonce": lambda m: factories.MessageAnnonceFactory(
        annonce=m.objets["annonces.annonce"], expediteur=m.b
    ),
    # incidents, contrats (issue 13 points 7-8): the first doctor's declaration and contract (another doctor: 404).
    "incidents.incident": lambda m: factories.IncidentFactory(declarant=m.a),
    "contrats.contrat": lambda m: factories.ContratFactory(medecin=m.a),
    "contrats.liencontrat": lambda m: factories.LienContratFactory(
        contrat=m.objets["contrats.contrat"], membre=m.membre_d
    ),
    # solidarite (issue 13): the first doctor's validated application, a day of his, paid.
    "solidarite.lieu": lambda m: factories.LieuSolidariteFactory(),
    "solidarite.conseildepartemental": lambda m: factories.ConseilDepartementalFactory(),
    "solidarite.volontaire": lambda m: factories.VolontaireFactory(medecin=m.a, lieux=[m.objets["solidarite.lieu"]]),
    "solidarite.changementstatutvolontaire": lambda m: factories.ChangementStatutVolontaireFactory(
        volontaire=m.objets["solidarite.volontaire"]
    ),
    "solidarite.verification": lambda m: factories.VerificationFactory(volontaire=m.objets["solidarite.volontaire"]),
    "solidarite.parametreindemnite": lambda m: factories.ParametreIndemniteFactory(),
    "solidarite.paiementindemnite": lambda m: factories.PaiementIndemniteFactory(medecin=m.a),
    "solidarite.journee": lambda m: factories.JourneeFactory(
        volontaire=m.objets["solidarite.volontaire"], paiement=m.objets["solidarite.paiementindemnite"]
    ),
    # rgpd (issue 13 point 9): a purge of incidents and its announcement (counts only; the register hangs on the
    # purges' admin). The espace's /espace/mes-donnees/ pages take no id: each doctor gets his own data.
    "rgpd.purge": lambda m: _purge(),
    "rgpd.annoncepurge": lambda m: _annonce_purge(m.objets["rgpd.purge"]),
    "rgpd.demandeacces": lambda m: factories.DemandeAccesFactory(medecin=m.a),
}


@dataclass
class Monde:
    a: object  # the first doctor: the register's rows are his
    b: object  # another doctor
    membre_c: object  # an elected member without function (the council's rows are his)
    membre_d: object  # another member, holder of a function
    visiteurs: dict = field(default_factory=dict)
    objets: dict = field(default_factory=dict)

    @property
    def c(self):
        return self.membre_c.medecin


@pytest.fixture
def monde(db, monkeypatch):
    # The walk checks who gets a document, not the document: no WeasyPrint (tests/test_pdf.py and the apps' tests).
    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    groupes_synchroniser()
    monde = Monde(
        a=factories.MedecinFactory(avec_compte=True, email="aline.fargeot@cabinet-temoin.example"),
        b=factories.MedecinFactory(avec_compte=True),
        membre_c=factories.MembreFactory(avec_compte=True),
        membre_d=factories.MembreFactory(date_debut=datetime.date(2025, 6, 1)),
    )
    for modele, fabrique in FABRIQUES.items():
        monde.objets[modele] = fabrique(monde)
    monde.visiteurs = {
        "anonyme": None,
        "medecin": monde.a.user,
        "autre_medecin": monde.b.user,
        "elu": monde.c.user,
        **{groupe: factories.StaffFactory(groupe=groupe) for groupe in GROUPES},
        "superuser": factories.UserFactory(is_staff=True, is_superuser=True),
    }
    return monde


@cache
def _modele_du_viewset(classe):
    """The model of a DRF view's queryset (`queryset`, else what `get_queryset()` returns to an anonymous GET)."""
    if getattr(classe, "queryset", None) is not None:
        return classe.queryset.model
    vue = classe()
    vue.request = Request(RequestFactory().get("/"))
    vue.request.user = AnonymousUser()
    vue.args, vue.kwargs, vue.format_kwarg, vue.action = (), {}, None, "list"
    return vue.get_queryset().model


def _modele(route: Route) -> str | None:
    if route.model_admin is not None:
        return route.model_admin.model._meta.label_lower
    if route.viewset is not None and hasattr(route.viewset, "get_queryset"):
        return _modele_du_viewset(route.viewset)._meta.label_lower
    return None


class ParametreInconnu(Exception):
    pass


def _chemins(route: Route, monde: Monde) -> list[str]:
    """The concrete paths of a route (one per value of a parameter with several), with the right objects."""
    valeurs, plusieurs = dict(VALEURS), {}
    propres = OBJETS_DES_ROUTES.get(route.nom, {})
    for nom in route.parametres:
        if nom in valeurs:
            continue
        if nom == "app_label":
            plusieurs[nom] = sorted({m._meta.app_label for m in admin.site._registry})  # every app's index
            continue
        modele = propres.get(nom) or (_modele(route) if nom in PARAMETRES_OBJET else None)
        if modele is None:
            raise ParametreInconnu(
                f"{route.nom or route.chemin} : paramètre « {nom} » inconnu. Ajoutez-le à VALEURS, ou son modèle à "
                "OBJETS_DES_ROUTES (tests/test_autorisations.py)."
            )
        if modele not in monde.objets:
            raise ParametreInconnu(
                f"{route.nom or route.chemin} : aucun objet du modèle {modele}. Ajoutez sa fabrique à FABRIQUES "
                "(tests/test_autorisations.py)."
            )
        objet = monde.objets[modele]
        if nom == "content_type_id":
            valeurs[nom] = ContentType.objects.get_for_model(objet).pk
        elif nom == "version_id":
            valeurs[nom] = objet.history.order_by("-history_id").first().history_id
        else:
            valeurs[nom] = objet.pk
    if not plusieurs:
        return [remplir(route, valeurs)]
    ((nom, options),) = plusieurs.items()
    return [remplir(route, {**valeurs, nom: option}) for option in options]


# --- what each visitor must get -----------------------------------------------------------------------------------

MEDECINS = ("medecin", "autre_medecin", "elu")


def _droits(visiteur: str, modele: str | None) -> set[str]:
    if visiteur == "superuser":
        return {"view", "add", "change", "delete"}
    if visiteur not in GROUPES or modele is None:
        return set()
    app, _, nom = modele.partition(".")
    return set(GROUPES[visiteur].get(app, {}).get(nom, ()))


def _ecarts(visiteur: str, route: Route, famille: str, chemin: str, reponse, monde: Monde) -> list[str]:
    code = reponse.status_code
    qui = f"{visiteur} GET {chemin} → {code}"
    if code >= 500:
        return [] if route.nom in DEFAUTS_CONNUS else [f"{qui} (erreur serveur)"]
    if famille == "public":
        return []
    if visiteur == "anonyme":
        return [] if code in (302, 401, 403, 404, 405) else [f"{qui} (attendu : connexion demandée)"]
    ecarts = []
    if visiteur in MEDECINS and visiteur != "medecin" and code == 200 and famille in ("espace", "api"):
        contenu = reponse.content.decode(errors="replace")
        for marque in (monde.a.rpps, monde.a.email):
            if marque in contenu:
                ecarts.append(f"{qui} montre « {marque} », donnée d'un autre médecin")
    modele = _modele(route)
    droits = _droits(visiteur, modele)
    if famille == "admin":
        if visiteur in MEDECINS:
            if code not in (302, 403, 404):
                ecarts.append(f"{qui} (le back-office est réservé au personnel)")
        elif route.model_admin is not None:
            app, _, nom = modele.partition(".")
            vue = route.nom.removeprefix(f"admin:{app}_{nom}_") if route.nom else ""
            if vue in ("changelist", "change", "history"):
                attendu = 200 if droits & {"view", "change"} else 403
                if code != attendu:
                    ecarts.append(f"{qui} (attendu {attendu} : droits du groupe sur {modele} : {sorted(droits)})")
            elif vue in ("add", "delete"):
                if vue not in droits and code == 200:
                    ecarts.append(f"{qui} (le groupe n'a pas le droit « {vue} » sur {modele})")
            elif not droits & {"view", "change"} and code == 200:
                ecarts.append(f"{qui} (le groupe ne peut pas voir {modele})")
    elif famille == "espace":
        if visiteur not in MEDECINS:
            if code == 200:
                ecarts.append(f"{qui} (l'espace est réservé aux médecins)")
        else:
            attendu = 200 if route.nom not in ESPACE_DES_ELUS or visiteur == "elu" else 403
            if route.nom in ESPACE_DES_FONCTIONS:
                attendu = 403
            espace = (route.nom or "").partition(":")[0]
            if ACCES_DES_MEDECINS.get(espace) == "proprietaire" and route.parametres and visiteur != "medecin":
                attendu = 404
            if code != attendu:
                ecarts.append(f"{qui} (attendu {attendu})")
    elif famille == "api":
        action = route.actions.get("get")
        consultation = action in ("list", "retrieve")
        if visiteur not in MEDECINS and route.app in LECTURE_CONFIDENTIELLE and "view" not in droits:
            ecarts += _ecarts_confidentiels(qui, route, reponse, "le groupe n'a pas la permission de lire")
        elif visiteur not in MEDECINS:
            attendu = 200 if "view" in droits else 403
            if (consultation and code != attendu) or (attendu == 403 and code == 200):
                ecarts.append(f"{qui} (attendu {attendu} : droits du groupe sur {modele} : {sorted(droits)})")
        else:
            acces = next(
                (v for k, v in ACCES_DES_MEDECINS.items() if route.nom and route.nom.startswith(f"{k}-")),
                ACCES_DES_MEDECINS.get(route.app),
            )
            if acces is None:
                ecarts.append(f"{route.app} : dites dans ACCES_DES_MEDECINS comment un médecin atteint cette API")
            elif acces == "proprietaire" and consultation:
                attendu = 404 if action == "retrieve" and visiteur != "medecin" else 200
                if code != attendu:
                    ecarts.append(f"{qui} (attendu {attendu} : l'objet est au premier médecin)")
            elif acces == "tous" and consultation and code != 200:
                ecarts.append(f"{qui} (attendu 200 : lu par tout médecin)")
            elif acces == "fonctions":
                if code == 200:
                    ecarts.append(f"{qui} (attendu 403 : réservé aux fonctions de la chaîne de la dépense)")
                if code == 200 or (consultation and code != 403):
                    ecarts.append(f"{qui} (attendu 403 : API des fonctions de la chaîne de la dépense)")
            elif acces == "demandeur":
                if consultation:
                    attendu = 404 if action == "retrieve" and visiteur == "autre_medecin" else 200
                    if code != attendu:
                        ecarts.append(f"{qui} (attendu {attendu} : le demandeur suit, un lecteur lit, un autre non)")
                    if visiteur == "medecin" and code == 200 and '"situation"' in reponse.content.decode():
                        ecarts.append(f"{qui} montre au demandeur le contenu de sa demande (statut et dates seulement)")
                elif visiteur == "autre_medecin" and code == 200:
                    ecarts.append(f"{qui} (attendu un refus : la demande d'un autre médecin)")
            elif acces == "membres":
                attendu = 200 if visiteur == "elu" else 403
                if (consultation and code != attendu) or (attendu == 403 and code == 200):
                    ecarts.append(f"{qui} (attendu {attendu} : API des membres du conseil)")
            elif acces == "commission":
                ecarts += _ecarts_confidentiels(qui, route, reponse, "réservé à la commission de conciliation")
            elif acces == "lecteurs_entraide":
                # The walk's councillor sits on the entraide commission: he reads (200; 405 on an action's GET);
                # the applicant and any other doctor get 404 on everything that names a request.
                if visiteur == "elu":
                    if code not in (200, 405):
                        ecarts.append(f"{qui} (attendu 200 : membre de la commission d'entraide)")
                else:
                    ecarts += _ecarts_confidentiels(qui, route, reponse, "réservé à la commission d'entraide")
    elif famille == "personnel":
        if route.nom not in PAGES_DU_PERSONNEL:
            ecarts.append(f"{route.nom} : dites dans PAGES_DU_PERSONNEL quels groupes l'ouvrent")
        else:
            autorise = visiteur == "superuser" or visiteur in PAGES_DU_PERSONNEL[route.nom]
            if (code == 200) != autorise:
                ecarts.append(f"{qui} (attendu : {'la page' if autorise else 'un refus'})")
    return ecarts


def _ecarts_confidentiels(qui: str, route: Route, reponse, pourquoi: str) -> list[str]:
    """conc-noyau: a non-reader of a confidential file gets an empty list (or a refusal), and 404 for anything that
    names a file (its detail, its document, its acts); never a row."""
    code = reponse.status_code
    if route.parametres:
        return [] if code in (404, 405) else [f"{qui} (attendu 404 : {pourquoi})"]
    if route.actions.get("get") == "list":
        if code in (403, 404) or (code == 200 and reponse.json().get("count") == 0):
            return []
        return [f"{qui} (attendu une liste vide ou un refus : {pourquoi})"]
    return [f"{qui} ({pourquoi})"] if code == 200 else []


VISITEURS = ["anonyme", *MEDECINS, *GROUPES, "superuser"]


@pytest.fixture
def _refus_sans_journal():
    """The walk meets hundreds of 403 and 404 on purpose: Django's warnings for them (with their tracebacks)
    would cost a third of its time. Server errors are still logged."""
    journal = logging.getLogger("django.request")
    niveau = journal.level
    journal.setLevel(logging.ERROR)
    yield
    journal.setLevel(niveau)


@pytest.mark.parametrize("visiteur", VISITEURS)
def test_chaque_route_repond_a_chacun_ce_qui_le_regarde(client, monde, visiteur, _refus_sans_journal):
    client.raise_request_exception = False  # a server error is recorded as a 500, the walk goes on
    user = monde.visiteurs[visiteur]
    if user is not None:
        client.force_login(user)
    non_classees, erreurs, visitees = [], [], 0
    for route in routes():
        if route.suffixe_format:
            continue
        famille = _famille(route)
        if famille is None:
            non_classees.append(f"{route.nom or '(sans nom)'} {route.chemin}")
            continue
        if route.nom in UNE_FOIS and visiteur != "anonyme":
            continue
        try:
            chemins = _chemins(route, monde)
        except ParametreInconnu as err:
            erreurs.append(str(err))
            continue
        for chemin in chemins:
            visitees += 1
            try:
                reponse = client.get(chemin)
            except pytest.fail.Exception as err:  # an undefined template variable (tests/conftest.py)
                erreurs.append(f"{visiteur} GET {chemin} : {err}")
                continue
            erreurs += _ecarts(visiteur, route, famille, chemin, reponse, monde)
    assert not non_classees, "Route sans famille d'autorisation (à classer dans ce test) :\n" + "\n".join(non_classees)
    assert not erreurs, "\n".join(erreurs)
    assert visitees > 200


def test_un_medecin_ne_voit_que_sa_fiche_dans_l_api(api_client, monde):
    api_client.force_authenticate(monde.b.user)
    assert api_client.get(f"/api/medecins/{monde.a.pk}/").status_code == 404
    reponse = api_client.get("/api/medecins/")
    assert reponse.status_code == 200
    assert [m["rpps"] for m in reponse.json()["results"]] == [monde.b.rpps]
    api_client.force_authenticate(monde.a.user)
    assert api_client.get(f"/api/medecins/{monde.a.pk}/").json()["rpps"] == monde.a.rpps


def test_le_back_office_est_ferme_aux_medecins_et_ouvert_au_personnel(client, monde):
    client.force_login(monde.a.user)
    assert client.get("/admin/tableau/medecin/").status_code == 302
    client.force_login(monde.visiteurs["Service du tableau"])
    assert client.get("/admin/tableau/medecin/").status_code == 200
    assert client.get(f"/admin/tableau/medecin/{monde.a.pk}/change/").status_code == 200


def test_les_defauts_connus_sont_toujours_la(client, monde):
    # One test over the list (not parametrized: an empty list would be a skip, a failure under REQUIRE_SERVICES=1).
    client.raise_request_exception = False
    client.force_login(monde.visiteurs["superuser"])
    for nom in sorted(DEFAUTS_CONNUS):
        (route,) = [r for r in routes() if r.nom == nom]
        reponse = client.get(_chemins(route, monde)[0])
        assert reponse.status_code == 500, f"{nom} est corrigé : retirez-le de DEFAUTS_CONNUS"


def test_un_parametre_inconnu_ou_un_modele_sans_fabrique_fait_echouer_la_marche(monde):
    from django.urls import path

    vue = lambda request, **kwargs: None  # noqa: E731
    inconnu = Route("cotisations:appel", "cotisations/<int:exercice>/", path("cotisations/<int:exercice>/", vue))
    with pytest.raises(ParametreInconnu, match=r"paramètre « exercice » inconnu\. Ajoutez-le à VALEURS"):
        _chemins(inconnu, monde)
    sans_objet = Route("cotisations:appel", "cotisations/<int:pk>/", path("cotisations/<int:pk>/", vue))
    with pytest.raises(ParametreInconnu, match="paramètre « pk » inconnu"):
        _chemins(sans_objet, monde)
    del monde.objets["gouvernance.seance"]
    (direct,) = [r for r in routes() if r.nom == "gouvernance:seance_direct"]
    with pytest.raises(ParametreInconnu, match=r"aucun objet du modèle gouvernance\.seance\. Ajoutez sa fabrique"):
        _chemins(direct, monde)
