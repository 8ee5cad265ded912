"""The expense chain through its API (CONTRACT.md tresorerie): an invoice from engagement to payment by four
different users, the line's credit checked at each step; the substitutes standing in on the date; each refusal
(wrong role 403, out of order 400, beyond credit 400, bad upload, bad amount) writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commun.formats import euros
from gouvernance.models import Indisponibilite
from tests import factories
from tresorerie.models import Engagement, PieceJustificative
from tresorerie.selectors import disponible

URL = "/api/tresorerie/engagements/"


@pytest.fixture
def ligne(db):
    """This year's adopted budget (the API dates its acts today), a fournitures line of 10 000 €."""
    budget = factories.BudgetFactory(annee=timezone.localdate().year, statut="adopte")
    return factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6064"), montant=Decimal("10000.00"))


def _en(api_client, chaine, role):
    api_client.force_authenticate(chaine.user(role))
    return api_client


def _engager(api_client, chaine, ligne, montant="1200.00", role="ordonnateur"):
    return _en(api_client, chaine, role).post(
        URL,
        {"ligne": ligne.pk, "objet": "Toner et ramettes", "tiers": "Bureau Vallée", "montant": montant},
        format="json",
    )


def _deposer(api_client, chaine, engagement_id, role="liquidateur", fichier=None):
    fichier = fichier or factories.fichier_pdf("facture-2026-118.pdf")
    return _en(api_client, chaine, role).post(f"{URL}{engagement_id}/pieces/", {"fichier": fichier}, format="multipart")


def test_une_facture_de_l_engagement_au_paiement_par_quatre_utilisateurs_via_l_api(api_client, chaine, ligne):
    reponse = _engager(api_client, chaine, ligne)
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["statut"] == "engage" and corps["montant"] == "1200.00"
    ident = corps["id"]
    assert disponible(ligne) == Decimal("8800.00")

    reponse = _deposer(api_client, chaine, ident, role="liquidateur")
    assert reponse.status_code == 201, reponse.json()
    piece = reponse.json()
    reponse = _en(api_client, chaine, "liquidateur").post(
        f"{URL}{ident}/liquider/", {"montant": "1150.00"}, format="json"
    )
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "liquide"
    assert disponible(ligne) == Decimal("8850.00")

    reponse = _en(api_client, chaine, "ordonnateur").post(f"{URL}{ident}/ordonnancer/")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "ordonnance"
    assert disponible(ligne) == Decimal("8850.00")

    jour = timezone.localdate().isoformat()
    reponse = _en(api_client, chaine, "tresorier").post(
        f"{URL}{ident}/payer/", {"mode": "virement", "date": jour}, format="json"
    )
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "paye"
    assert disponible(ligne) == Decimal("8850.00")

    e = Engagement.objects.get(pk=ident)
    signataires = {e.engage_par, e.liquide_par, e.ordonnance_par, e.paye_par}
    assert e.engage_par == e.ordonnance_par == chaine.user("ordonnateur")
    assert len({e.engage_par, e.liquide_par, e.paye_par}) == 3 and len(signataires) == 3
    assert (e.liquide_par, e.paye_par) == (chaine.user("liquidateur"), chaine.user("tresorier"))
    assert e.engage_le == e.liquide_le == e.ordonnance_le == e.paye_le == timezone.localdate()
    # The fourth user (the président) reads it; the document streams back to the trésorier.
    lu = _en(api_client, chaine, "president").get(f"{URL}{ident}/")
    assert lu.status_code == 200 and lu.json()["pieces"][0]["nom"] == "facture-2026-118.pdf"
    fichier = _en(api_client, chaine, "tresorier").get(piece["url"])
    assert fichier.status_code == 200
    assert b"".join(fichier.streaming_content) == factories.PDF_MINIMAL
    assert fichier["Content-Type"] == "application/pdf" and fichier["X-Content-Type-Options"] == "nosniff"


def _rien_n_est_ecrit(ligne, *, engagements=0, pieces=0):
    assert Engagement.objects.count() == engagements
    assert PieceJustificative.objects.count() == pieces
    assert disponible(ligne) == Decimal("10000.00") - sum(
        (e.montant_retenu for e in Engagement.objects.all()), Decimal("0")
    )


def _engage(chaine, ligne, *, piece=True, **champs):
    e = factories.EngagementFactory(
        ligne=ligne, engage_par=chaine.user("ordonnateur"), engage_le=timezone.localdate(), **champs
    )
    if piece:
        factories.PieceJustificativeFactory(engagement=e, deposee_par=chaine.user("liquidateur"))
    return e


@pytest.mark.parametrize(
    ("role", "etape", "donnees"),
    [
        ("tresorier", "liquider", {"montant": "100.00"}),
        ("ordonnateur", "liquider", {"montant": "100.00"}),
        ("membre", "liquider", {"montant": "100.00"}),
        ("president", "liquider", {"montant": "100.00"}),
    ],
)
def test_une_etape_par_la_mauvaise_personne_est_refusee_403(api_client, chaine, ligne, role, etape, donnees):
    e = _engage(chaine, ligne)
    reponse = _en(api_client, chaine, role).post(f"{URL}{e.pk}/{etape}/", donnees, format="json")
    assert reponse.status_code == 403, reponse.json()
    e.refresh_from_db()
    assert e.statut == "engage" and e.liquide_par is None


@pytest.mark.parametrize("role", ["liquidateur", "tresorier", "president", "membre", "ordonnateur_suppleant"])
def test_seul_l_ordonnateur_engage_403(api_client, chaine, ligne, role):
    reponse = _engager(api_client, chaine, ligne, role=role)
    assert reponse.status_code == 403, reponse.json()
    _rien_n_est_ecrit(ligne)


def test_seul_l_ordonnateur_ordonnance_et_seul_le_tresorier_paie_403(api_client, chaine, ligne):
    liquide = _engage(
        chaine,
        ligne,
        statut="liquide",
        montant_liquide=Decimal("120.00"),
        liquide_le=timezone.localdate(),
        liquide_par=chaine.user("liquidateur"),
    )
    for role in ("tresorier", "liquidateur", "president"):
        assert _en(api_client, chaine, role).post(f"{URL}{liquide.pk}/ordonnancer/").status_code == 403
    ordonnance = _engage(
        chaine,
        ligne,
        statut="ordonnance",
        montant_liquide=Decimal("120.00"),
        liquide_le=timezone.localdate(),
        liquide_par=chaine.user("liquidateur"),
        ordonnance_le=timezone.localdate(),
        ordonnance_par=chaine.user("ordonnateur"),
    )
    jour = timezone.localdate().isoformat()
    for role in ("ordonnateur", "liquidateur", "president", "tresorier_adjoint"):
        reponse = _en(api_client, chaine, role).post(
            f"{URL}{ordonnance.pk}/payer/", {"mode": "cheque", "date": jour}, format="json"
        )
        assert reponse.status_code == 403, (role, reponse.json())
    liquide.refresh_from_db()
    ordonnance.refresh_from_db()
    assert (liquide.statut, liquide.ordonnance_par) == ("liquide", None)
    assert (ordonnance.statut, ordonnance.paye_par) == ("ordonnance", None)


def test_une_etape_hors_d_ordre_est_refusee_400(api_client, chaine, ligne):
    e = _engage(chaine, ligne)
    jour = timezone.localdate().isoformat()
    reponse = _en(api_client, chaine, "ordonnateur").post(f"{URL}{e.pk}/ordonnancer/")
    assert reponse.status_code == 400
    assert "est « Engagée » : on ne peut l'ordonnancer qu'à l'état « liquidée »" in reponse.json()["detail"][0]
    reponse = _en(api_client, chaine, "tresorier").post(
        f"{URL}{e.pk}/payer/", {"mode": "virement", "date": jour}, format="json"
    )
    assert reponse.status_code == 400
    e.refresh_from_db()
    assert e.statut == "engage" and e.ordonnance_par is None and e.paye_par is None
    # Liquidated once: not twice.
    assert (
        _en(api_client, chaine, "liquidateur").post(f"{URL}{e.pk}/liquider/", {"montant": "120.00"}).status_code == 200
    )
    reponse = _en(api_client, chaine, "liquidateur").post(f"{URL}{e.pk}/liquider/", {"montant": "100.00"})
    assert reponse.status_code == 400
    e.refresh_from_db()
    assert e.montant_liquide == Decimal("120.00")


def test_le_liquidateur_qui_a_engage_ne_liquide_pas_403(api_client, chaine, ligne):
    """He engaged as ordonnateur (an earlier function) and is liquidateur now: another member liquidates."""
    e = factories.EngagementFactory(ligne=ligne, engage_par=chaine.user("liquidateur"), engage_le=timezone.localdate())
    factories.PieceJustificativeFactory(engagement=e, deposee_par=chaine.user("liquidateur"))
    reponse = _en(api_client, chaine, "liquidateur").post(f"{URL}{e.pk}/liquider/", {"montant": "120.00"})
    assert reponse.status_code == 403
    assert "un autre membre doit la liquider" in reponse.json()["detail"]
    e.refresh_from_db()
    assert e.statut == "engage" and e.liquide_par is None


def test_liquider_sans_piece_justificative_est_refuse_400(api_client, chaine, ligne):
    e = _engage(chaine, ligne, piece=False)
    reponse = _en(api_client, chaine, "liquidateur").post(f"{URL}{e.pk}/liquider/", {"montant": "120.00"})
    assert reponse.status_code == 400 and "pièce justificative" in str(reponse.json())
    e.refresh_from_db()
    assert e.statut == "engage"


def test_liquider_au_dela_du_montant_engage_est_refuse_400(api_client, chaine, ligne):
    e = _engage(chaine, ligne)
    reponse = _en(api_client, chaine, "liquidateur").post(f"{URL}{e.pk}/liquider/", {"montant": "120.01"})
    assert reponse.status_code == 400 and "montant" in reponse.json()
    assert (
        _en(api_client, chaine, "liquidateur").post(f"{URL}{e.pk}/liquider/", {"montant": "120.00"}).status_code == 200
    )


def test_un_engagement_au_dela_du_credit_disponible_est_refuse_400(api_client, chaine, ligne):
    assert _engager(api_client, chaine, ligne, montant="6000.00").status_code == 201
    reponse = _engager(api_client, chaine, ligne, montant="4000.01")
    assert reponse.status_code == 400
    assert (
        "crédit disponible" in reponse.json()["montant"][0] and euros(Decimal("4000")) in reponse.json()["montant"][0]
    )
    _rien_n_est_ecrit(ligne, engagements=1)
    assert _engager(api_client, chaine, ligne, montant="4000.00").status_code == 201  # exactly what is left
    assert disponible(ligne) == Decimal("0.00")


@pytest.mark.parametrize(
    ("montant", "attendu"),
    [
        ("-50.00", "supérieur à zéro"),
        ("0", "supérieur à zéro"),
        (-50, "supérieur à zéro"),
        (12.5, "virgule flottante"),
        ("12.345", "au centime"),
        ("douze", "nombre décimal"),
        ("NaN", "nombre décimal"),
        (True, "nombre décimal"),
    ],
)
def test_un_montant_negatif_ou_flottant_est_refuse_400(api_client, chaine, ligne, montant, attendu):
    reponse = _engager(api_client, chaine, ligne, montant=montant)
    assert reponse.status_code == 400, reponse.json()
    assert attendu in reponse.json()["montant"][0]
    _rien_n_est_ecrit(ligne)


def test_un_montant_liquide_flottant_ou_negatif_est_refuse_400(api_client, chaine, ligne):
    e = _engage(chaine, ligne)
    for montant in (99.9, "-1.00"):
        reponse = _en(api_client, chaine, "liquidateur").post(
            f"{URL}{e.pk}/liquider/", {"montant": montant}, format="json"
        )
        assert reponse.status_code == 400
    e.refresh_from_db()
    assert e.statut == "engage" and e.montant_liquide is None


def _fichiers_stockes(settings):
    import pathlib

    dossier = pathlib.Path(settings.MEDIA_ROOT) / "tresorerie" / "pieces"
    return sorted(dossier.iterdir()) if dossier.exists() else []


def test_une_piece_qui_n_est_pas_ce_que_dit_son_nom_est_refusee_400(api_client, chaine, ligne, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    e = _engage(chaine, ligne, piece=False)
    faux = SimpleUploadedFile(
        "facture.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    reponse = _deposer(api_client, chaine, e.pk, fichier=faux)
    assert reponse.status_code == 400
    assert "d'après son contenu" in reponse.json()["fichier"][0]
    assert not PieceJustificative.objects.exists() and _fichiers_stockes(settings) == []


def test_une_piece_trop_lourde_est_refusee_400(api_client, chaine, ligne, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.FICHIERS_TAILLE_MAX = 1024
    e = _engage(chaine, ligne, piece=False)
    lourd = SimpleUploadedFile("devis.pdf", factories.PDF_MINIMAL + b"0" * 1024, content_type="application/pdf")
    reponse = _deposer(api_client, chaine, e.pk, fichier=lourd)
    assert reponse.status_code == 400 and "la limite est de 1 ko" in reponse.json()["fichier"][0]
    assert not PieceJustificative.objects.exists() and _fichiers_stockes(settings) == []
    juste = SimpleUploadedFile("devis.pdf", factories.PDF_MINIMAL.ljust(1024, b" "), content_type="application/pdf")
    assert _deposer(api_client, chaine, e.pk, fichier=juste).status_code == 201
    assert len(_fichiers_stockes(settings)) == 1


def test_une_piece_ne_se_lit_que_par_ceux_qui_y_ont_droit(api_client, chaine, ligne):
    e = _engage(chaine, ligne)
    piece = e.pieces.get()
    url = f"{URL}{e.pk}/pieces/{piece.pk}/"
    api_client.force_authenticate(chaine.user("membre"))  # a councillor reads the chain, not its invoices
    assert api_client.get(f"{URL}{e.pk}/").status_code == 200
    assert api_client.get(url).status_code == 403
    autre = factories.MedecinFactory(avec_compte=True)  # a doctor who is not on the council
    api_client.force_authenticate(autre.user)
    assert api_client.get(url).status_code == 403 and api_client.get(URL).status_code == 403
    api_client.force_authenticate(chaine.user("liquidateur"))
    assert api_client.get(url).status_code == 200
    assert api_client.get(f"{URL}{e.pk}/pieces/{piece.pk + 999}/").status_code == 404


def test_la_liste_se_filtre_par_statut_ligne_et_exercice(api_client, chaine, ligne):
    _engage(chaine, ligne)
    _engage(chaine, ligne, statut="annule", annule_le=timezone.localdate(), annule_par=chaine.user("ordonnateur"))
    api_client.force_authenticate(chaine.user("tresorier"))
    assert api_client.get(URL).json()["count"] == 2
    assert api_client.get(URL, {"statut": "engage"}).json()["count"] == 1
    assert api_client.get(URL, {"ligne": ligne.pk, "annee": ligne.budget.annee}).json()["count"] == 2
    assert api_client.get(URL, {"annee": 1999}).json()["count"] == 0


# --- the substitutes (seed 002 L.II T.I 2.2; gouvernance.selectors.roles_de) ---------------------------------------


def _empeche(membre, jour):
    Indisponibilite.objects.create(membre=membre, date_debut=jour - datetime.timedelta(days=3), motif="Hospitalisation")


def test_les_suppleants_signent_quand_les_titulaires_sont_empeches(api_client, chaine, ligne):
    jour = timezone.localdate()
    # The SG prevented: his substitute engages (as ordonnateur only), the SG himself may not.
    _empeche(chaine.ordonnateur, jour)
    assert _engager(api_client, chaine, ligne, role="ordonnateur").status_code == 403
    reponse = _engager(api_client, chaine, ligne, role="ordonnateur_suppleant")
    assert reponse.status_code == 201, reponse.json()
    ident = reponse.json()["id"]
    # The liquidateur prevented: his designated substitute liquidates.
    _empeche(chaine.liquidateur, jour)
    assert _deposer(api_client, chaine, ident, role="liquidateur_suppleant").status_code == 201
    assert (
        _en(api_client, chaine, "liquidateur").post(f"{URL}{ident}/liquider/", {"montant": "1200.00"}).status_code
        == 403
    )
    reponse = _en(api_client, chaine, "liquidateur_suppleant").post(f"{URL}{ident}/liquider/", {"montant": "1200.00"})
    assert reponse.status_code == 200, reponse.json()
    assert _en(api_client, chaine, "ordonnateur_suppleant").post(f"{URL}{ident}/ordonnancer/").status_code == 200
    # The trésorier prevented: the trésorier adjoint pays; the trésorier may not.
    _empeche(chaine.tresorier, jour)
    paiement = {"mode": "cheque", "date": jour.isoformat()}
    assert _en(api_client, chaine, "tresorier").post(f"{URL}{ident}/payer/", paiement, format="json").status_code == 403
    reponse = _en(api_client, chaine, "tresorier_adjoint").post(f"{URL}{ident}/payer/", paiement, format="json")
    assert reponse.status_code == 200, reponse.json()
    e = Engagement.objects.get(pk=ident)
    assert (e.engage_par, e.liquide_par, e.ordonnance_par, e.paye_par) == (
        chaine.user("ordonnateur_suppleant"),
        chaine.user("liquidateur_suppleant"),
        chaine.user("ordonnateur_suppleant"),
        chaine.user("tresorier_adjoint"),
    )
    assert disponible(ligne) == Decimal("8800.00")


def test_les_suppleants_ne_signent_pas_quand_les_titulaires_sont_la(api_client, chaine, ligne):
    e = _engage(chaine, ligne)
    assert (
        _en(api_client, chaine, "liquidateur_suppleant").post(f"{URL}{e.pk}/liquider/", {"montant": "1.00"}).status_code
        == 403
    )
    assert _engager(api_client, chaine, ligne, role="ordonnateur_suppleant").status_code == 403
    e.refresh_from_db()
    assert e.statut == "engage" and Engagement.objects.count() == 1


# --- exceptional urgent expenses through the API -----------------------------------------------------------------


def test_le_president_autorise_puis_l_ordonnateur_engage_une_depense_urgente_via_l_api(api_client, chaine, ligne):
    budget = ligne.budget
    budget.plafond_depenses_urgentes = Decimal("2000.00")
    budget.save()
    ligne_671 = factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("671"), montant=Decimal("0"))
    demande = {
        "ligne": ligne_671.pk,
        "objet": "Restauration des données après un piratage",
        "nature": "protection",
        "motif": "Messagerie et fichiers chiffrés par un rançongiciel : le conseil ne fonctionne plus.",
        "montant": "1800.00",
    }
    for role in ("ordonnateur", "tresorier"):
        assert (
            _en(api_client, chaine, role).post("/api/tresorerie/depenses-urgentes/", demande, format="json").status_code
            == 403
        )
    trop = _en(api_client, chaine, "president").post(
        "/api/tresorerie/depenses-urgentes/", {**demande, "montant": "2000.01"}, format="json"
    )
    assert trop.status_code == 400 and "deliberation" in trop.json()
    reponse = _en(api_client, chaine, "president").post("/api/tresorerie/depenses-urgentes/", demande, format="json")
    assert reponse.status_code == 201, reponse.json()
    autorisation = reponse.json()["id"]
    reponse = _en(api_client, chaine, "ordonnateur").post(
        URL,
        {
            "ligne": ligne_671.pk,
            "objet": demande["objet"],
            "tiers": "CyberSécurité 24",
            "montant": "1750.00",
            "autorisation": autorisation,
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["urgente"] and reponse.json()["demande_dotation_complementaire"]
    assert disponible(ligne_671) == Decimal("-1750.00")
    liste = _en(api_client, chaine, "tresorier").get(URL, {"dotation": "true"}).json()
    assert [e["id"] for e in liste["results"]] == [reponse.json()["id"]]
    lu = _en(api_client, chaine, "membre").get(f"/api/tresorerie/depenses-urgentes/{autorisation}/").json()
    assert lu["engagement"] == reponse.json()["id"]
