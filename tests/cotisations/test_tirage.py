"""The print run of a year's calls: one PDF, one page per call, every RF reference once, in the debtors' order; a
worker killed in the middle (a chunk left "en cours") is resumed without a letter missing or twice; a chunk done is
never rendered again; refusals write nothing; the file is downloaded from the admin after the permission check;
bounded queries per chunk (not per letter)."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from cotisations import services
from cotisations.models import EtatLot, EtatTirage, LotTirage, Tirage
from cotisations.services import tirage as tirage_services
from tests import factories
from tests.requetes import verifier_lot

J = datetime.date
REFERENCE = re.compile(r"RF\d{6}(?:M\d{11}|S\d{10})\b")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _dues(n: int, *, annee=2026) -> list:
    """n calls of `annee`: doctors of every kind and a company every fourth, names out of alphabetical order."""
    factories.BaremeFactory(annee=annee)
    cotisations = []
    for i in range(n):
        if i % 4 == 3:
            societe = factories.SocieteFactory(raison_sociale=f"SELARL {chr(90 - i % 26)}{i:03d}")
            cotisations.append(
                factories.CotisationFactory(
                    annee=annee,
                    medecin=None,
                    societe=societe,
                    categorie="societe",
                    montant_bareme=D("300.00"),
                    montant_du=D("300.00"),
                    reference=services.reference_societe(annee, societe.pk),
                )
            )
        else:
            medecin = factories.MedecinFactory(nom=f"{chr(90 - i % 26)}nom{i:03d}")
            exoneration = {"exoneration_motif": "premiere_inscription", "exoneration_taux": 50} if i % 5 == 1 else {}
            cotisations.append(
                factories.CotisationFactory(
                    annee=annee, medecin=medecin, montant_du=D("170.00") if exoneration else D("340.00"), **exoneration
                )
            )
    return cotisations


def _lire(chemin) -> tuple[int, list[str], list[str]]:
    """(pages, the RF reference of each page, in order) of a merged file; every page must hold exactly one."""
    lecteur = PdfReader(chemin)
    par_page = [REFERENCE.findall(page.extract_text()) for page in lecteur.pages]
    assert all(len(refs) == 1 for refs in par_page), par_page
    return len(lecteur.pages), [refs[0] for refs in par_page], [page.extract_text() for page in lecteur.pages]


def _ordre_attendu(cotisations) -> list[str]:
    def cle(c):
        return ((c.medecin.nom if c.medecin else c.societe.raison_sociale).lower(), c.pk)

    return [c.reference for c in sorted(cotisations, key=cle)]


@pytest.mark.django_db(transaction=True)
def test_la_commande_imprime_une_page_par_appel_dans_l_ordre_des_noms(tmp_path):
    cotisations = _dues(11)
    autre_annee = _dues(2, annee=2027)
    sortie = tmp_path / "appels-2026.pdf"
    call_command("appels_pdf", "--annee", "2026", "--output", str(sortie), "--taille-lot", "4")
    pages, references, _ = _lire(sortie)
    assert pages == 11
    assert references == _ordre_attendu(cotisations)  # each once, in the run's order
    assert not set(references) & {c.reference for c in autre_annee}
    tirage = Tirage.objects.get()
    assert (tirage.etat, tirage.faites, tirage.total, tirage.lots.count()) == (EtatTirage.TERMINE, 11, 11, 3)
    assert list(tirage.lots.values_list("etat", "essais", "rang_debut", "rang_fin")) == [
        ("fait", 1, 1, 4),
        ("fait", 1, 5, 8),
        ("fait", 1, 9, 11),
    ]
    assert tirage.history.count() >= 2  # asked for, then each chunk counted and the merge, in its history


@pytest.mark.django_db
def test_un_worker_tue_en_plein_tirage_reprend_sans_lettre_manquante_ni_double(
    systeme, django_capture_on_commit_callbacks
):
    cotisations = _dues(10)
    with django_capture_on_commit_callbacks(execute=False):  # the broker got the tasks, no worker ran them yet
        tirage = services.tirage_lancer(annee=2026, taille_lot=3, par=systeme, today=J(2026, 1, 6))
    lots = list(tirage.lots.order_by("numero"))
    assert [lot.nombre for lot in lots] == [3, 3, 3, 1]
    # A first worker rendered chunk 1; a second one died in the middle of chunk 2 (a half-written file beside it).
    assert services.lot_rendre(lot_id=lots[0].pk, par=systeme)
    LotTirage.objects.filter(pk=lots[1].pk).update(etat=EtatLot.EN_COURS, essais=1)
    dossier = tirage_services.chemin_absolu(f"tirages/{tirage.pk}")
    (dossier / ".lot-00002.pdf.999.part").write_bytes(b"%PDF-1.7 tronque")
    tirage.refresh_from_db()
    assert (tirage.faites, tirage.etat, tirage.fichier) == (3, EtatTirage.EN_COURS, "")

    with django_capture_on_commit_callbacks(execute=True):
        services.tirage_reprendre(tirage=tirage, par=systeme, today=J(2026, 1, 6))

    tirage.refresh_from_db()
    assert (tirage.etat, tirage.faites) == (EtatTirage.TERMINE, 10)
    assert list(tirage.lots.order_by("numero").values_list("essais", flat=True)) == [1, 2, 1, 1]  # chunk 1 not again
    pages, references, _ = _lire(tirage_services.chemin_absolu(tirage.fichier))
    assert pages == 10 and references == _ordre_attendu(cotisations)


@pytest.mark.django_db
def test_un_lot_fait_ne_se_refait_pas_et_ne_compte_qu_une_fois(systeme, django_capture_on_commit_callbacks):
    _dues(4)
    with django_capture_on_commit_callbacks(execute=False):
        tirage = services.tirage_lancer(annee=2026, taille_lot=2, par=systeme, today=J(2026, 1, 6))
    lot = tirage.lots.get(numero=1)
    assert services.lot_rendre(lot_id=lot.pk, par=systeme) is True
    assert services.lot_rendre(lot_id=lot.pk, par=systeme) is False  # a redelivered message
    lot.refresh_from_db()
    tirage.refresh_from_db()
    assert (lot.essais, tirage.faites) == (1, 2)
    assert services.tirage_assembler(tirage_id=tirage.pk, par=systeme) is False  # chunk 2 not done: no file yet
    tirage.refresh_from_db()
    assert tirage.fichier == ""


@pytest.mark.django_db
def test_l_assemblage_est_idempotent(systeme, django_capture_on_commit_callbacks):
    _dues(3)
    with django_capture_on_commit_callbacks(execute=True):
        tirage = services.tirage_lancer(annee=2026, taille_lot=2, par=systeme, today=J(2026, 1, 6))
    tirage.refresh_from_db()
    assert tirage.etat == EtatTirage.TERMINE
    fichier = tirage_services.chemin_absolu(tirage.fichier)
    avant = fichier.stat().st_mtime_ns
    assert services.tirage_assembler(tirage_id=tirage.pk, par=systeme) is False
    assert fichier.stat().st_mtime_ns == avant
    with pytest.raises(ValidationError, match="terminé"):
        services.tirage_reprendre(tirage=tirage, par=systeme, today=J(2026, 1, 6))


@pytest.mark.django_db
def test_une_annee_sans_appel_est_refusee_sans_rien_ecrire(systeme):
    with pytest.raises(ValidationError, match="Aucune cotisation n'est appelée pour 2031"):
        services.tirage_lancer(annee=2031, par=systeme, today=J(2031, 1, 6))
    assert not Tirage.objects.exists() and not LotTirage.objects.exists()


@pytest.mark.django_db
def test_un_lot_vide_est_refuse(systeme):
    _dues(1)
    with pytest.raises(ValidationError):
        services.tirage_lancer(annee=2026, taille_lot=0, par=systeme, today=J(2026, 1, 6))
    assert not Tirage.objects.exists()


@pytest.mark.django_db
def test_un_medecin_ne_lance_pas_de_tirage(medecin):
    _dues(1)
    with pytest.raises(PermissionDenied):
        services.tirage_lancer(annee=2026, par=medecin.user, today=J(2026, 1, 6))
    assert not Tirage.objects.exists()


@pytest.mark.django_db
def test_le_tresorier_lance_le_tirage(django_capture_on_commit_callbacks):
    _dues(1)
    tresorier = factories.FonctionFactory(
        membre=factories.MembreFactory(avec_compte=True), fonction="tresorier", date_debut=J(2025, 6, 1)
    )
    with django_capture_on_commit_callbacks(execute=False):
        tirage = services.tirage_lancer(annee=2026, par=tresorier.membre.medecin.user, today=J(2026, 1, 6))
    assert tirage.total == 1


# --- the admin ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_l_admin_montre_l_avancement_et_fait_telecharger_le_fichier(
    client, systeme, django_capture_on_commit_callbacks
):
    _dues(3)
    with django_capture_on_commit_callbacks(execute=False):
        tirage = services.tirage_lancer(annee=2026, taille_lot=2, par=systeme, today=J(2026, 1, 6))
    services.lot_rendre(lot_id=tirage.lots.get(numero=1).pk, par=systeme)
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    liste = client.get(reverse("admin:cotisations_tirage_changelist")).content.decode()
    assert "66 % (2 / 3 lettres)" in liste and "Télécharger le PDF" not in liste
    url = reverse("admin:cotisations_tirage_fichier", args=[tirage.pk])
    assert client.get(url).status_code == 404  # not merged yet
    with django_capture_on_commit_callbacks(execute=True):
        services.tirage_reprendre(tirage=tirage, par=systeme, today=J(2026, 1, 6))
    liste = client.get(reverse("admin:cotisations_tirage_changelist")).content.decode()
    assert "100 % (3 / 3 lettres)" in liste and "Télécharger le PDF" in liste
    reponse = client.get(url)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_le_fichier_est_refuse_a_qui_n_a_pas_le_droit(client, systeme, django_capture_on_commit_callbacks):
    _dues(1)
    with django_capture_on_commit_callbacks(execute=True):
        tirage = services.tirage_lancer(annee=2026, par=systeme, today=J(2026, 1, 6))
    url = reverse("admin:cotisations_tirage_fichier", args=[tirage.pk])
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get(url).status_code == 403
    client.force_login(factories.MedecinFactory(avec_compte=True).user)
    assert client.get(url).status_code == 302  # the admin's login page


@pytest.mark.django_db
def test_l_action_des_cotisations_lance_le_tirage_de_l_annee(client, django_capture_on_commit_callbacks):
    cotisations = _dues(2)
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("admin:cotisations_cotisation_changelist"),
            {"action": "imprimer_les_appels", "_selected_action": [cotisations[0].pk]},
            follow=True,
        )
    assert "Tirage des 2 appels 2026 programmé" in reponse.content.decode()
    assert Tirage.objects.get().etat == EtatTirage.TERMINE


# --- queries -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_le_rendu_d_un_lot_a_un_nombre_borne_de_requetes(systeme, django_capture_on_commit_callbacks):
    """A chunk reads its dues, their scales and the trésorier once, whatever its number of letters."""
    factories.FonctionFactory(fonction="tresorier", date_debut=J(2025, 6, 1))
    lots = {}
    for taille, annee in ((5, 2026), (15, 2027)):
        _dues(taille, annee=annee)
        with django_capture_on_commit_callbacks(execute=False):
            tirage = services.tirage_lancer(annee=annee, taille_lot=taille, par=systeme, today=J(annee, 1, 6))
        lots[taille] = tirage.lots.get().pk
    verifier_lot(
        "lot:tirage_lot_rendre", app="cotisations", lancer=lambda n: services.lot_rendre(lot_id=lots[n], par=systeme)
    )


@pytest.mark.django_db
def test_l_admin_demande_un_tirage_par_son_formulaire(client, django_capture_on_commit_callbacks):
    _dues(3)
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("admin:cotisations_tirage_add"), {"annee": 2026, "taille_lot": 2})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    tirage = Tirage.objects.get()
    assert (tirage.total, tirage.lots.count(), tirage.etat) == (3, 2, EtatTirage.TERMINE)


@pytest.mark.django_db
def test_l_admin_refuse_en_francais_une_annee_sans_appel(client):
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    reponse = client.post(reverse("admin:cotisations_tirage_add"), {"annee": 2031})
    assert reponse.status_code == 200
    assert "Aucune cotisation n&#x27;est appelée pour 2031" in reponse.content.decode()
    assert not Tirage.objects.exists()
