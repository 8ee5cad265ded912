"""The elected members' pages of the expense chain (/espace/tresorerie/): what waits for my signature by the role I
exercise today, the step signed from the engagement's page, the service's refusal shown beside its field; the
back-office pages of the chain (read-only engagements, documents filed by accounting, the commission's export)."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from gouvernance.models import Indisponibilite
from tableau.models import Medecin
from tests import factories
from tresorerie.models import Engagement, PieceJustificative

PAGE = "/espace/tresorerie/"


@pytest.fixture
def ligne(db):
    budget = factories.BudgetFactory(annee=timezone.localdate().year, statut="adopte")
    return factories.LigneBudgetaireFactory(budget=budget, compte=factories.compte("6064"), montant=Decimal("10000.00"))


def _engage(chaine, ligne, **champs):
    return factories.EngagementFactory(
        ligne=ligne, engage_par=chaine.user("ordonnateur"), engage_le=timezone.localdate(), **champs
    )


def test_chaque_elu_voit_ce_qui_attend_sa_signature(client, chaine, ligne):
    jour = timezone.localdate()
    engage = _engage(chaine, ligne, objet="Toner")
    liquide = _engage(
        chaine,
        ligne,
        objet="Affranchissement",
        statut="liquide",
        montant_liquide=Decimal("50"),
        liquide_le=jour,
        liquide_par=chaine.user("liquidateur"),
    )
    ordonnance = _engage(
        chaine,
        ligne,
        objet="Honoraires",
        statut="ordonnance",
        montant_liquide=Decimal("50"),
        liquide_le=jour,
        liquide_par=chaine.user("liquidateur"),
        ordonnance_le=jour,
        ordonnance_par=chaine.user("ordonnateur"),
    )
    attendus = {"liquidateur": engage, "ordonnateur": liquide, "tresorier": ordonnance}
    for role, attendu in attendus.items():
        client.force_login(chaine.user(role))
        contenu = client.get(PAGE).content.decode()
        assert f"Engagement {attendu.numero}" in contenu, role
        autres = [e for e in attendus.values() if e != attendu]
        assert all(f"Engagement {e.numero}" not in contenu for e in autres), role
    client.force_login(chaine.user("membre"))
    reponse = client.get(PAGE)
    assert reponse.status_code == 200 and "attend votre signature aujourd" in reponse.content.decode()
    assert client.get(f"{PAGE}{engage.pk}/").status_code == 200  # a councillor reads
    # The trésorier prevented: his page is empty, the adjoint's shows the payment.
    Indisponibilite.objects.create(membre=chaine.tresorier, date_debut=jour)
    client.force_login(chaine.user("tresorier"))
    assert f"Engagement {ordonnance.numero}" not in client.get(PAGE).content.decode()
    client.force_login(chaine.user("tresorier_adjoint"))
    assert f"Engagement {ordonnance.numero}" in client.get(PAGE).content.decode()


def test_un_medecin_hors_du_conseil_n_entre_pas(client, chaine, ligne):
    e = _engage(chaine, ligne)
    medecin = factories.MedecinFactory(avec_compte=True)
    client.force_login(medecin.user)
    assert client.get(PAGE).status_code == 403
    assert client.get(f"{PAGE}{e.pk}/").status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302


def test_le_liquidateur_joint_la_facture_et_liquide_depuis_son_espace(client, chaine, ligne, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    e = _engage(chaine, ligne)
    client.force_login(chaine.user("liquidateur"))
    url = f"{PAGE}{e.pk}/"
    # Without a document: the service's refusal, shown on the page, nothing written.
    reponse = client.post(url, {"etape": "liquider", "liquider-montant": "120,00"})
    assert reponse.status_code == 400 and "pièce justificative" in reponse.content.decode()
    faux = SimpleUploadedFile("facture.pdf", b"GIF89a" + b"\x00" * 50)
    reponse = client.post(url, {"etape": "piece", "piece-fichier": faux})
    assert reponse.status_code == 400
    assert "après son contenu" in reponse.content.decode() and 'aria-invalid="true"' in reponse.content.decode()
    assert not PieceJustificative.objects.exists()
    reponse = client.post(url, {"etape": "piece", "piece-fichier": factories.fichier_pdf("facture-118.pdf")})
    assert reponse.status_code == 302
    # Beyond the engaged amount: beside the amount field.
    reponse = client.post(url, {"etape": "liquider", "liquider-montant": "120,01"})
    assert reponse.status_code == 400 and "dépasse le montant engagé" in reponse.content.decode()
    reponse = client.post(url, {"etape": "liquider", "liquider-montant": "-3"})
    assert reponse.status_code == 400 and "supérieur à zéro" in reponse.content.decode()
    e.refresh_from_db()
    assert e.statut == "engage"
    reponse = client.post(url, {"etape": "liquider", "liquider-montant": "118,40"}, follow=True)
    assert "est liquidé" in reponse.content.decode()
    e.refresh_from_db()
    assert (e.statut, e.montant_liquide, e.liquide_par) == ("liquide", Decimal("118.40"), chaine.user("liquidateur"))
    # The next steps: ordered by the ordonnateur, paid by the trésorier.
    client.force_login(chaine.user("tresorier"))
    assert client.post(url, {"etape": "ordonnancer"}).status_code == 400  # not his step: refused, nothing written
    client.force_login(chaine.user("ordonnateur"))
    assert client.post(url, {"etape": "ordonnancer"}).status_code == 302
    client.force_login(chaine.user("tresorier"))
    reponse = client.post(url, {"etape": "payer", "payer-mode": "cheque", "payer-date": ""})
    assert reponse.status_code == 400 and "Indiquez la date du paiement" in reponse.content.decode()
    jour = timezone.localdate().isoformat()
    assert client.post(url, {"etape": "payer", "payer-mode": "cheque", "payer-date": jour}).status_code == 302
    e.refresh_from_db()
    assert e.statut == "paye" and e.paye_par == chaine.user("tresorier") and e.mode_reglement == "cheque"


# --- the back-office -----------------------------------------------------------------------------------------------


def test_le_personnel_lit_les_engagements_et_joint_une_piece_dans_le_back_office(
    client, chaine, ligne, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    e = _engage(chaine, ligne)
    agent = factories.StaffFactory(groupe="Comptabilité")
    client.force_login(agent)
    assert client.get("/admin/tresorerie/engagement/").status_code == 200
    assert (
        client.get(f"/admin/tresorerie/engagement/?statut__exact=engage&exercice={ligne.budget.annee}").status_code
        == 200
    )
    page = client.get(f"/admin/tresorerie/engagement/{e.pk}/change/")
    assert page.status_code == 200 and e.numero in page.content.decode()
    assert client.get("/admin/tresorerie/engagement/add/").status_code == 403
    faux = SimpleUploadedFile("devis.pdf", b"PK\x03\x04" + b"\x00" * 40)
    reponse = client.post("/admin/tresorerie/piecejustificative/add/", {"engagement": e.pk, "fichier": faux})
    assert reponse.status_code == 200 and "après son contenu" in reponse.content.decode()
    assert not PieceJustificative.objects.exists()
    reponse = client.post(
        "/admin/tresorerie/piecejustificative/add/", {"engagement": e.pk, "fichier": factories.fichier_pdf("devis.pdf")}
    )
    assert reponse.status_code == 302
    piece = PieceJustificative.objects.get()
    assert piece.deposee_par == agent
    stockes = list((tmp_path / "tresorerie" / "pieces").iterdir())
    assert len(stockes) == 1  # the form's trial run left no file behind
    telechargement = client.get(f"/admin/tresorerie/engagement/{e.pk}/pieces/{piece.pk}/")
    assert telechargement.status_code == 200 and b"".join(telechargement.streaming_content) == factories.PDF_MINIMAL


def test_l_export_pour_la_commission_des_dotations_complementaires(client, chaine, ligne):
    jour = timezone.localdate()
    ordinaire = _engage(chaine, ligne, objet="Toner")
    remplacement = _engage(
        chaine, ligne, objet="Ordinateur volé", remplacement_bien=True, demande_dotation_complementaire=True
    )
    client.force_login(factories.StaffFactory(groupe="Comptabilité"))
    liste = client.get("/admin/tresorerie/engagement/?dotation=oui").content.decode()
    assert "Ordinateur volé" in liste and "Toner" not in liste
    reponse = client.post(
        "/admin/tresorerie/engagement/",
        {"action": "exporter_commission", "_selected_action": [ordinaire.pk, remplacement.pk]},
    )
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == f'attachment; filename="dotations-complementaires-{jour.year}.xlsx"'
    feuille = load_workbook(BytesIO(reponse.content)).active
    lignes = list(feuille.iter_rows(values_only=True))
    assert lignes[1][0] == "Numéro"
    assert [ligne_[4] for ligne_ in lignes[2:-1]] == ["Ordinateur volé"]
    assert lignes[-1][0] == "Total" and lignes[-1][7] == 120


def test_le_personnel_corrige_les_plafonds_du_remplacement(client, chaine):
    client.force_login(factories.StaffFactory(groupe="Comptabilité"))
    from tresorerie.models import PlafondsRemplacement

    ligne = PlafondsRemplacement.objects.get(annee=2027)
    reponse = client.post(
        f"/admin/tresorerie/plafondsremplacement/{ligne.pk}/change/",
        {"seuil_unitaire": "4500.00", "plafond_annuel": "9000.00"},
    )
    assert reponse.status_code == 302, [str(e) for e in reponse.context["adminform"].form.errors.values()]
    ligne.refresh_from_db()
    assert (ligne.seuil_unitaire, ligne.plafond_annuel) == (Decimal("4500.00"), Decimal("9000.00"))
    assert ligne.history.first().history_user is not None


def test_la_demo_de_la_chaine_signe_chaque_etape_et_ne_se_repete_pas(db):
    from commun.services import utilisateur_systeme
    from tresorerie.demo_chaine import demo_chaine

    jour = timezone.localdate()
    assert "pas de conseil" in demo_chaine(today=jour, par=utilisateur_systeme())
    conseil = {
        f: factories.MembreFactory(
            avec_compte=f in ("president", "secretaire_general"), date_debut=jour - datetime.timedelta(days=90)
        )
        for f in ("president", "secretaire_general", "liquidateur", "tresorier")
    }
    for fonction, membre in conseil.items():
        factories.FonctionFactory(membre=membre, fonction=fonction, date_debut=jour - datetime.timedelta(days=90))
    ligne_ = demo_chaine(today=jour, par=utilisateur_systeme())
    assert "1 payé(s), 1 ordonnancé(s), 1 liquidé(s), 4 engagé(s)" in ligne_, ligne_
    assert "dépense urgente autorisée par le président" in ligne_ and "remplacement de bien" in ligne_
    paye = Engagement.objects.get(statut="paye")
    users = {f: Medecin.objects.get(pk=m.medecin_id).user for f, m in conseil.items()}
    assert (paye.engage_par, paye.liquide_par, paye.paye_par) == (
        users["secretaire_general"],
        users["liquidateur"],
        users["tresorier"],
    )
    assert Engagement.objects.filter(demande_dotation_complementaire=True).count() == 2
    nombre = Engagement.objects.count()
    assert "déjà en place" in demo_chaine(today=jour, par=utilisateur_systeme())
    assert Engagement.objects.count() == nombre
