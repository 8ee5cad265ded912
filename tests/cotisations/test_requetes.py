"""Query budgets of the dues (tests/cotisations/query_counts.json, tests/requetes.py): each admin list and API list
at N and 3N rows, and the call of a year's dues at two sizes of the tableau (bounded, whatever its size)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cotisations import services
from tests import factories
from tests.requetes import budget, connecter_personnel, verifier_requetes

pytestmark = pytest.mark.django_db

ANNEES = iter(range(2100, 2400))


def _cotisations(n):
    for _ in range(n):
        societe = factories.SocieteFactory()
        cotisation = factories.CotisationFactory()
        factories.CotisationFactory(
            medecin=None, societe=societe, reference=services.reference_societe(2026, societe.pk)
        )
        factories.PaiementFactory(cotisation=cotisation)


def _baremes(n):
    for _ in range(n):
        factories.BaremeFactory(annee=next(ANNEES))


def _relances(n):
    for _ in range(n):
        cotisation = factories.CotisationFactory()
        factories.RelanceFactory(cotisation=cotisation, etape="rappel", date=datetime.date(2026, 4, 15), frais=0)
        factories.RelanceFactory(cotisation=cotisation)


def _tirages(n):
    factories.TirageFactory.create_batch(n)


# One dict: a second assignment once silently dropped "relance" from the admin lists measured.
PEUPLER = {
    "bareme": _baremes,
    "cotisation": _cotisations,
    "paiement": _cotisations,
    "relance": _relances,
    "tirage": _tirages,
}


def test_chaque_liste_de_l_admin_a_son_budget_et_sa_mesure():
    """Every admin list of the dues with a budget in query_counts.json is measured here or by its own test."""
    import json
    from pathlib import Path

    budgets = json.loads((Path(__file__).parent / "query_counts.json").read_text())
    listes = {cle.split("_", 1)[1].removesuffix("_changelist") for cle in budgets if cle.startswith("admin:")}
    mesurees_ailleurs = {"paiementcarte", "comptebancaire", "demandeexoneration", "etatimpayes", "tableaudebord"}
    assert listes - mesurees_ailleurs - set(PEUPLER) == set(PEUPLER_BANQUE)
    assert {"bareme", "cotisation", "paiement", "relance", "tirage"} <= set(PEUPLER)


@pytest.mark.parametrize("modele", sorted(PEUPLER))
def test_liste_de_l_admin(client, modele):
    """Bounded, and pinned: the count is the budget exactly (a query saved lowers it, one added fails)."""
    connecter_personnel(client, f"cotisations.{modele}")
    _, mesure = verifier_requetes(client, reverse(f"admin:cotisations_{modele}_changelist"), peupler=PEUPLER[modele])
    assert mesure == budget(f"admin:cotisations_{modele}_changelist", app="cotisations")


@pytest.mark.parametrize("route", ["cotisations-bareme-list", "cotisations-cotisation-list"])
def test_liste_de_l_api(api_client, route):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    peupler = _baremes if "bareme" in route else _cotisations
    verifier_requetes(api_client, reverse(route), peupler=peupler, visiteur="comptabilité")


def _tableau(n):
    """n doctors and companies of each kind the call looks at (mandate, status history, first registration)."""
    for _ in range(n):
        factories.MedecinFactory()
        factories.MedecinFactory(exercice="retraite_sans_activite")
        factories.MembreFactory(
            medecin=factories.MedecinFactory(exercice="retraite_sans_activite"), date_debut=datetime.date(2025, 6, 1)
        )
        factories.ChangementStatutFactory(medecin=factories.MedecinFactory(), date=datetime.date(2026, 3, 1))
        factories.MedecinFactory(premiere_inscription=True, date_inscription=datetime.date(2026, 10, 2))
        factories.SocieteFactory()


def test_l_appel_des_cotisations_est_borne(systeme):
    """The number of queries of the call does not grow with the tableau (measured at N and 3N: the second year's
    call sees the first year's debtors too). The sizes stay below one batch of SQLite's (999 parameters per INSERT:
    about 30 history rows of the dues' 33 columns); PostgreSQL writes the dues and their history in one statement
    whatever their number (tests/perf/bench_appel.py: 8 queries at 3 000 and 30 000 doctors)."""
    comptes = []
    for annee, n in ((2026, 1), (2027, 2)):
        factories.BaremeFactory(annee=annee)
        _tableau(n)
        with CaptureQueriesContext(connection) as requetes:
            resultat = services.cotisations_appeler(annee=annee, today=datetime.date(annee, 1, 5), par=systeme)
        assert resultat["creees"] >= 6 * n
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
    assert comptes[1] <= budget("lot:cotisations_appeler", app="cotisations"), comptes


# --- carte: the espace médecin's dues pages ------------------------------------------------------------------------


@pytest.fixture
def _espace(client, monkeypatch):
    """A doctor logged in, with dues this year; `peupler(n)` adds n past years of his, each with reminders and
    payments, n dues of a company he manages, and other doctors' dues (which the pages must not read)."""
    from decimal import Decimal

    from cotisations.models import Relance

    monkeypatch.setattr("config.pdf.html_en_pdf", lambda html: b"%PDF-1.7\n")
    systeme = factories.systeme()
    medecin = factories.MedecinFactory(avec_compte=True)
    courante = factories.CotisationFactory(medecin=medecin, annee=2026)
    paiement = services.paiement_enregistrer(
        cotisation=courante, montant=Decimal("40.00"), mode="cheque", date=datetime.date(2026, 2, 1), par=systeme
    )
    carte = factories.PaiementCarteFactory(cotisation=courante)
    annees = iter(range(2025, 1900, -1))
    client.force_login(medecin.user)

    def peupler(n):
        for _ in range(n):
            annee = next(annees)
            c = factories.CotisationFactory(medecin=medecin, annee=annee, frais=Decimal("7.00"))
            Relance.objects.create(cotisation=c, etape="rappel", date=datetime.date(annee, 4, 15))
            Relance.objects.create(cotisation=c, etape="lrar1", date=datetime.date(annee, 6, 1), frais=Decimal("7.00"))
            for _ in range(2):
                services.paiement_enregistrer(
                    cotisation=c, montant=Decimal("10.00"), mode="cb", date=datetime.date(annee, 7, 1), par=systeme
                )
            societe = factories.SocieteFactory(gerant=medecin)
            factories.CotisationFactory(
                medecin=None, societe=societe, reference=services.reference_societe(2026, societe.pk)
            )
            factories.PaiementFactory(cotisation=factories.CotisationFactory())

    return {"cotisation": courante, "paiement": paiement, "carte": carte, "peupler": peupler}


@pytest.mark.parametrize(
    ("page", "objet", "contient"),
    [
        ("cotisations_espace:liste", None, "Lettre recommandée"),
        ("cotisations_espace:appel", "cotisation", None),
        ("cotisations_espace:payer", "cotisation", "Montant à payer"),
        ("cotisations_espace:recu", "paiement", None),
        ("cotisations_espace:carte", "carte", "Réponse de la banque"),
        ("cotisations_espace:carte_retour", "carte", "en attente"),
    ],
)
def test_les_pages_de_l_espace_cotisations(client, _espace, page, objet, contient):
    url = reverse(page, args=[_espace[objet].pk] if objet else [])
    verifier_requetes(client, url, peupler=_espace["peupler"], contient=contient)


def test_liste_de_l_admin_des_paiements_par_carte(client):
    connecter_personnel(client, "cotisations.paiementcarte")
    verifier_requetes(
        client,
        reverse("admin:cotisations_paiementcarte_changelist"),
        peupler=lambda n: factories.PaiementCarteFactory.create_batch(
            n, cotisation=factories.CotisationFactory(medecin=factories.MedecinFactory(avec_compte=True))
        ),
    )


# --- banque: statements, their lines, slips, accounts, transfers -----------------------------------------------------


def _lignes(n):
    for _ in range(n):
        cotisation = factories.CotisationFactory()
        factories.LigneReleveFactory(etat="a_confirmer", propositions=[cotisation, factories.CotisationFactory()])
        factories.LigneReleveFactory()


def _bordereaux(n):
    for _ in range(n):
        factories.ChequeRemisFactory(bordereau=factories.BordereauRemiseFactory(credit=factories.LigneReleveFactory()))


PEUPLER_BANQUE = {
    "relevebancaire": lambda n: factories.ReleveBancaireFactory.create_batch(n),
    "lignereleve": _lignes,
    "bordereauremise": _bordereaux,
    "versementcnom": lambda n: factories.VersementCNOMFactory.create_batch(n),
}


@pytest.mark.parametrize("modele", sorted(PEUPLER_BANQUE))
def test_liste_de_l_admin_banque(client, modele):
    connecter_personnel(client, f"cotisations.{modele}")
    verifier_requetes(client, reverse(f"admin:cotisations_{modele}_changelist"), peupler=PEUPLER_BANQUE[modele])


def test_liste_des_comptes_bancaires(client):
    """Two rows, always (one per role, loaded by migration 0005): measured as they are, within the budget."""
    connecter_personnel(client, "cotisations.comptebancaire")
    url = reverse("admin:cotisations_comptebancaire_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200 and reponse.context["cl"].result_count == 2
    assert len(requetes) <= budget("admin:cotisations_comptebancaire_changelist", app="cotisations")


def test_le_selecteur_des_credits_en_attente_est_borne():
    from cotisations.selectors import credits_en_attente

    comptes = []
    for n in (3, 9):
        _lignes(n)
        with CaptureQueriesContext(connection) as requetes:
            lignes = list(credits_en_attente())
            noms = [str(c.redevable) for ligne in lignes for c in ligne.propositions.all()]
        assert noms
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1] <= budget("selecteur:credits_en_attente", app="cotisations"), comptes


def _releve_sans_paiement(n):
    """n credits proposed by amount and name, n matching nobody, n citing a slip's « REMISE », n debits."""
    import itertools

    from cotisations.importation_releves import lire_releve
    from tests.cotisations.releves import ofx

    compteur = itertools.count(next(ANNEES) * 1000)
    operations = []
    for _ in range(n):
        medecin = factories.MedecinFactory(nom=f"Nom{next(compteur)}")
        factories.CotisationFactory(medecin=medecin)
        factories.BordereauRemiseFactory(total=Decimal("999.99"))
        k = next(compteur)
        operations += [
            (f"P{k}", datetime.date(2026, 3, 2), "340.00", f"VIR {medecin.nom.upper()}", "", medecin.nom.upper()),
            (f"N{k}", datetime.date(2026, 3, 2), "12.34", "VIR INCONNU", "", "INCONNU"),
            (f"D{k}", datetime.date(2026, 3, 2), "-5.00", "FRAIS", "", ""),
        ]
    return lire_releve(ofx(operations))


def test_l_import_d_un_releve_est_borne(comptable_banque):
    """Without automatic payment, importing N lines costs the same few queries at N and 3N lines (the known
    entries, the references cited, the open slips and the candidates by amount and name are one query each, the
    lines and their history one bulk insert each)."""

    def lancer(n):
        releve = _releve_sans_paiement(n)
        with CaptureQueriesContext(connection) as requetes:
            resultat = services.releve_importer(releve=releve, par=comptable_banque, today=datetime.date(2026, 4, 2))
        assert resultat["a_confirmer"] == n and resultat["non_rapprochees"] == n
        return len(requetes)

    lancer(1)  # the first import creates the account's lock row
    comptes = [lancer(5), lancer(15)]
    assert comptes[0] == comptes[1] <= budget("lot:releve_importer", app="cotisations"), comptes


def test_chaque_paiement_automatique_coute_un_nombre_fixe_de_requetes(comptable_banque):
    """What is per line and unavoidable: each credit matched by its reference is one payment through
    paiement_enregistrer (lock the dues row, lock the year's receipt counter, insert the payment and its history,
    update the dues and their history): the same count for each more line, within the budget."""
    from cotisations.importation_releves import lire_releve
    from tests.cotisations.releves import ofx

    def lancer(n, prefixe):
        operations = []
        for i in range(n):
            cotisation = factories.CotisationFactory()
            operations.append(
                (f"{prefixe}{i}", datetime.date(2026, 3, 2), "340.00", f"VIR {cotisation.reference}", "", "")
            )
        releve = lire_releve(ofx(operations))
        with CaptureQueriesContext(connection) as requetes:
            resultat = services.releve_importer(releve=releve, par=comptable_banque, today=datetime.date(2026, 4, 2))
        assert resultat["rapprochees"] == n
        return len(requetes)

    lancer(1, "X")  # the first creates the account's lock row and the year's receipt counter
    un, quatre = lancer(1, "A"), lancer(4, "B")
    par_paiement = (quatre - un) / 3
    assert par_paiement == int(par_paiement), (un, quatre)
    assert par_paiement == budget("lot:releve_importer par paiement automatique", app="cotisations"), par_paiement


@pytest.fixture
def comptable_banque(db):
    return factories.StaffFactory(groupe="comptabilite")


def test_l_api_d_import_d_un_releve_est_bornee(api_client, comptable_banque):
    """`POST /api/cotisations/releves/` on a statement of N then 3N lines without automatic payment: the same count,
    within the budget (the service's queries, and the session's)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.cotisations.releves import ofx

    api_client.force_authenticate(comptable_banque)

    def lancer(n):
        releve = _releve_sans_paiement(n)
        operations = [
            (o.reference_banque, o.date, f"{o.montant:.2f}", o.libelle, o.informations, o.nom_debiteur)
            for o in releve.operations
        ]
        fichier = SimpleUploadedFile("releve.ofx", ofx(operations))
        with CaptureQueriesContext(connection) as requetes:
            reponse = api_client.post("/api/cotisations/releves/", {"fichier": fichier}, format="multipart")
        assert reponse.status_code == 201, reponse.content
        assert reponse.json()["a_confirmer"] == n
        return len(requetes)

    lancer(1)
    comptes = [lancer(5), lancer(15)]
    assert comptes[0] == comptes[1] <= budget("lot:POST /api/cotisations/releves/", app="cotisations"), comptes


# --- relances ---


def _debiteurs(n, annee):
    from cotisations.models import Cotisation

    for _ in range(n):
        factories.CotisationFactory(annee=annee, medecin=factories.MedecinFactory(email=""))
        factories.CotisationFactory(annee=annee)
        payee = factories.CotisationFactory(annee=annee)
        factories.PaiementFactory(cotisation=payee, montant=payee.montant_du)
        Cotisation.objects.filter(pk=payee.pk).update(montant_paye=payee.montant_du, statut="payee")


def test_les_relances_sont_bornees(systeme):
    """One run of the calendar (the first registered letter, with its postage and e-mail copies) in the same
    number of queries at N and 3N debtors (below one chunk: each chunk of 2 000 dues adds a fixed handful)."""
    from cotisations.services import relances_executer

    comptes = []
    for annee, n in ((2026, 2), (2028, 6)):
        factories.BaremeFactory(annee=annee)
        factories.BaremeFactory(annee=annee - 1)
        _debiteurs(n, annee)
        relances_executer(date=datetime.date(annee, 4, 15), par=systeme)
        with CaptureQueriesContext(connection) as requetes:
            bilan = relances_executer(date=datetime.date(annee, 6, 1), par=systeme)
        assert bilan["lrar1"] == 2 * n
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
    assert comptes[1] <= budget("lot:relances_executer", app="cotisations"), comptes


# --- exonération pour insuffisance de ressources ------------------------------------------------------------------


ANNEES_DEMANDES = iter(range(2500, 2900))


def _demandes(n, medecin=None):
    for _ in range(n):
        cotisation = factories.CotisationFactory(
            medecin=medecin or factories.MedecinFactory(), annee=next(ANNEES_DEMANDES)
        )
        demande = factories.DemandeExonerationFactory(cotisation=cotisation, statut="inscrite")
        factories.PieceDemandeFactory(demande=demande)


def test_liste_de_l_admin_des_demandes_d_exoneration(client):
    connecter_personnel(client, "cotisations.demandeexoneration")
    verifier_requetes(client, reverse("admin:cotisations_demandeexoneration_changelist"), peupler=_demandes)


def test_pages_de_l_espace_des_exonerations(client):
    medecin = factories.MedecinFactory(avec_compte=True)
    client.force_login(medecin.user)
    verifier_requetes(
        client,
        reverse("exonerations:demandes"),
        peupler=lambda n: _demandes(n, medecin),
        contient="Inscrite à l&#x27;ordre du jour",
    )
    annees = iter(range(2000, 2100))
    verifier_requetes(
        client,
        reverse("exonerations:deposer"),
        peupler=lambda n: [factories.CotisationFactory(medecin=medecin, annee=next(annees)) for _ in range(n)],
    )
    demande = factories.DemandeExonerationFactory(cotisation=factories.CotisationFactory(medecin=medecin, annee=1999))
    verifier_requetes(
        client,
        reverse("exonerations:demande", args=[demande.pk]),
        peupler=lambda n: factories.PieceDemandeFactory.create_batch(n, demande=demande),
    )
    piece = demande.pieces.first()
    verifier_requetes(
        client,
        reverse("exonerations:piece", args=[piece.pk]),
        peupler=lambda n: factories.PieceDemandeFactory.create_batch(n, demande=demande),
    )


# --- etats: the statement and the dashboard (issue 10 point 9) -------------------------------------------------------


def _impayes(n):
    """n debtors unpaid at 30 September 2026, each with a payment, a counter-entry and a reminder."""
    from decimal import Decimal

    from cotisations.models import Relance

    for _ in range(n):
        cotisation = factories.CotisationFactory()
        paiement = factories.PaiementFactory(cotisation=cotisation, date=datetime.date(2026, 2, 1))
        factories.PaiementFactory(
            cotisation=cotisation,
            montant=-paiement.montant,
            numero_recu=None,
            annee_recu=None,
            annule=paiement,
            motif_annulation="Chèque sans provision",
            date=datetime.date(2026, 3, 1),
        )
        Relance.objects.create(cotisation=cotisation, etape="lrar1", date=datetime.date(2026, 6, 1), frais=Decimal("7"))


def test_l_etat_des_impayes_de_l_api(api_client):
    api_client.force_authenticate(factories.StaffFactory(groupe="comptabilite"))
    verifier_requetes(
        api_client, "/api/cotisations/impayes/?date=2026-09-30", peupler=_impayes, visiteur="comptabilité"
    )


@pytest.mark.parametrize(
    ("page", "contient"),
    [("etatimpayes", "Total général"), ("tableaudebord", "Taux de recouvrement")],
)
def test_les_pages_des_etats(client, page, contient):
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    url = reverse(f"admin:cotisations_{page}_changelist") + ("?date=2026-09-30" if page == "etatimpayes" else "")
    verifier_requetes(client, url, peupler=_impayes, contient=contient)


def test_l_etat_des_impayes_est_borne(systeme):
    """The statement and its totals (what the API and the XLSX read) at N and 3N debtors: the same queries."""
    from cotisations.selectors import etat_impayes

    comptes = []
    for ajout in (5, 10):
        _impayes(ajout)
        with CaptureQueriesContext(connection) as requetes:
            etat = etat_impayes(date=datetime.date(2026, 9, 30), par=systeme)
            assert len(list(etat["lignes"])) == etat["nombre"]
        comptes.append(len(requetes))
    assert etat["nombre"] == 15
    assert comptes[0] == comptes[1], comptes
    assert comptes[1] <= budget("lot:etat_impayes", app="cotisations"), comptes
