"""The reminder calendar (DOMAIN.md 2; cotisations/services/relances.py): each step on its date and not the day
before, only to debtors still unpaid, stopped by a payment or an exemption, caught up after a missed day, never
twice; the postage and the legal interest exact; the tracking numbers typed or imported; the court requests."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from commun.models import Envoi
from cotisations import documents_relances, selectors, services
from cotisations.models import Cotisation, Relance
from cotisations.services import relances as module_relances
from tests import factories

J = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def bareme(db):
    factories.BaremeFactory(annee=2025)
    return factories.BaremeFactory(annee=2026)


@pytest.fixture
def debiteur(bareme):
    return factories.CotisationFactory(medecin=factories.MedecinFactory(email="debiteur@exemple.fr"))


def _executer(date, par):
    return services.relances_executer(date=date, par=par)


def _etapes(cotisation):
    return list(Relance.objects.filter(cotisation=cotisation).order_by("date", "id").values_list("etape", "date"))


def test_le_rappel_part_le_15_avril_et_pas_la_veille(debiteur, systeme):
    assert _executer(J(2026, 4, 14), systeme)["rappel"] == 0
    assert _etapes(debiteur) == []
    assert _executer(J(2026, 4, 15), systeme)["rappel"] == 1
    assert _etapes(debiteur) == [("rappel", J(2026, 4, 15))]
    debiteur.refresh_from_db()
    assert debiteur.frais == D("0.00")  # a simple letter claims no postage


def test_la_premiere_lettre_recommandee_part_le_1er_juin_avec_ses_frais(debiteur, systeme):
    _executer(J(2026, 4, 15), systeme)
    assert _executer(J(2026, 5, 31), systeme)["lrar1"] == 0
    assert _executer(J(2026, 6, 1), systeme)["lrar1"] == 1
    debiteur.refresh_from_db()
    lrar1 = debiteur.relances.get(etape="lrar1")
    assert (lrar1.date, lrar1.frais) == (J(2026, 6, 1), D("7.00"))  # the factory's scale: 7,00 € a letter
    assert (debiteur.frais, debiteur.solde) == (D("7.00"), D("347.00"))
    # History rows written in bulk, by the actor.
    assert debiteur.history.latest().frais == D("7.00") and debiteur.history.latest().history_user == systeme
    assert lrar1.history.count() == 1


def test_la_seconde_lettre_recommandee_part_le_1er_decembre_et_reclame_les_deux_frais(debiteur, systeme):
    for jour in (J(2026, 4, 15), J(2026, 6, 1), J(2026, 11, 30)):
        _executer(jour, systeme)
    assert not debiteur.relances.filter(etape="lrar2").exists()
    assert _executer(J(2026, 12, 1), systeme)["lrar2"] == 1
    debiteur.refresh_from_db()
    assert debiteur.relances.get(etape="lrar2").frais == D("7.00")
    assert (debiteur.frais, debiteur.solde) == (D("14.00"), D("354.00"))
    contexte = documents_relances.contexte_lettre(debiteur.relances.get(etape="lrar2"))
    assert [lettre.frais for lettre in contexte["frais_lettres"]] == [D("7.00"), D("7.00")]
    assert contexte["frais"] == D("14.00")


def test_les_frais_suivent_le_bareme_de_l_annee(bareme, systeme):
    factories.BaremeFactory(annee=2026, frais_lrar=D("7.05"))
    cotisation = factories.CotisationFactory()
    for jour in (J(2026, 4, 15), J(2026, 6, 1), J(2026, 12, 1)):
        _executer(jour, systeme)
    cotisation.refresh_from_db()
    assert cotisation.frais == D("14.10") and cotisation.solde == D("354.10")


def test_seuls_les_debiteurs_impayes_sont_relances(bareme, systeme):
    payee = factories.CotisationFactory()
    services.paiement_enregistrer(cotisation=payee, montant=D("340.00"), mode="cheque", date=J(2026, 3, 1), par=systeme)
    partielle = factories.CotisationFactory()
    services.paiement_enregistrer(
        cotisation=partielle, montant=D("100.00"), mode="cheque", date=J(2026, 3, 1), par=systeme
    )
    exoneree = factories.CotisationFactory(
        montant_du=D("0.00"), statut="exoneree", exoneration_motif="reserviste", exoneration_taux=100
    )
    assert _executer(J(2026, 4, 15), systeme)["rappel"] == 1
    assert _etapes(partielle) == [("rappel", J(2026, 4, 15))]
    assert _etapes(payee) == _etapes(exoneree) == []


def test_un_paiement_arrete_la_chaine(debiteur, systeme):
    _executer(J(2026, 4, 15), systeme)
    services.paiement_enregistrer(cotisation=debiteur, montant=D("340.00"), mode="cb", date=J(2026, 5, 2), par=systeme)
    for jour in (J(2026, 6, 1), J(2026, 12, 1)):
        assert _executer(jour, systeme)["lrar1"] == 0
    assert _etapes(debiteur) == [("rappel", J(2026, 4, 15))]


def test_un_paiement_apres_la_date_de_la_relance_ne_la_retient_pas_a_tort(debiteur, systeme):
    """Unpaid « that day »: a run dated 15 April, made later, still counts only the payments made by then; a
    debtor who has since paid in full is no longer due anything (current status) and gets nothing."""
    services.paiement_enregistrer(cotisation=debiteur, montant=D("100.00"), mode="cb", date=J(2026, 4, 20), par=systeme)
    assert _executer(J(2026, 4, 15), systeme)["rappel"] == 1


@pytest.mark.parametrize("taux", [50, 100])
def test_une_exoneration_pour_insuffisance_de_ressources_arrete_la_chaine(debiteur, systeme, taux):
    _executer(J(2026, 4, 15), systeme)
    deliberation = factories.DeliberationFactory(seance=factories.SeanceFactory(date=J(2026, 5, 10)))
    services.exoneration_accorder(
        cotisation=debiteur,
        motif="insuffisance_ressources",
        taux=taux,
        deliberation=deliberation,
        par=systeme,
        today=J(2026, 5, 12),
    )
    assert _executer(J(2026, 6, 1), systeme)["lrar1"] == 0
    assert _etapes(debiteur) == [("rappel", J(2026, 4, 15))]


def test_un_echeancier_accorde_suspend_la_chaine_jusqu_a_sa_derniere_echeance_puis_elle_reprend(debiteur, systeme):
    """An arrangement of the dues (DOMAIN.md 6: « dues exemption or arrangement »): no letter claims what the
    council agreed to spread, up to the plan's last instalment inclusive; after it the calendar resumes where it
    stopped if a balance remains (the earliest step missing, as after a missed day)."""
    services.relances_suspendre(
        cotisation=debiteur,
        jusqu_au=J(2026, 6, 30),
        motif="Échéancier de paiement accordé par le conseil le 20/03/2026.",
        par=systeme,
        today=J(2026, 3, 20),
    )
    for jour in (J(2026, 4, 15), J(2026, 6, 1), J(2026, 6, 30)):
        assert _executer(jour, systeme)["rappel"] == 0
    assert _etapes(debiteur) == []
    from cotisations.calendrier import cotisations_dues

    assert not cotisations_dues(etape="rappel", annee=2026, date=J(2026, 6, 30)).filter(pk=debiteur.pk).exists()
    services.paiement_enregistrer(cotisation=debiteur, montant=D("120.00"), mode="cb", date=J(2026, 4, 30), par=systeme)
    assert _executer(J(2026, 7, 1), systeme)["rappel"] == 1  # the plan ended with 220.00 unpaid
    assert _etapes(debiteur) == [("rappel", J(2026, 7, 1))]
    debiteur.refresh_from_db()
    assert debiteur.history.filter(relances_suspendues_jusqu_au=J(2026, 6, 30)).exists()  # who, when, what before


def test_un_echeancier_honore_ne_recoit_aucune_relance(debiteur, systeme):
    services.relances_suspendre(
        cotisation=debiteur, jusqu_au=J(2026, 5, 31), motif="Échéancier.", par=systeme, today=J(2026, 3, 20)
    )
    for date, montant in ((J(2026, 4, 30), D("170.00")), (J(2026, 5, 31), D("170.00"))):
        services.paiement_enregistrer(cotisation=debiteur, montant=montant, mode="virement", date=date, par=systeme)
    for jour in (J(2026, 4, 15), J(2026, 6, 1), J(2026, 12, 1)):
        _executer(jour, systeme)
    assert _etapes(debiteur) == []


def test_suspendre_les_relances_demande_une_date_a_venir_un_motif_et_le_droit(debiteur, systeme):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(ValidationError) as erreur:
        services.relances_suspendre(
            cotisation=debiteur, jusqu_au=J(2026, 3, 1), motif="Échéancier.", par=systeme, today=J(2026, 3, 20)
        )
    assert "est passé" in erreur.value.message_dict["jusqu_au"][0]
    with pytest.raises(ValidationError) as erreur:
        services.relances_suspendre(
            cotisation=debiteur, jusqu_au=J(2026, 6, 30), motif=" ", par=systeme, today=J(2026, 3, 20)
        )
    assert "motif" in erreur.value.message_dict
    with pytest.raises(PermissionDenied):
        services.relances_suspendre(
            cotisation=debiteur,
            jusqu_au=J(2026, 6, 30),
            motif="Échéancier.",
            par=factories.StaffFactory(groupe="tableau"),
            today=J(2026, 3, 20),
        )
    debiteur.refresh_from_db()
    assert debiteur.relances_suspendues_jusqu_au is None
    # Lifted (None): the calendar applies again at once.
    services.relances_suspendre(
        cotisation=debiteur, jusqu_au=J(2026, 6, 30), motif="Échéancier.", par=systeme, today=J(2026, 3, 20)
    )
    services.relances_suspendre(cotisation=debiteur, jusqu_au=None, motif="", par=systeme, today=J(2026, 4, 1))
    assert _executer(J(2026, 4, 15), systeme)["rappel"] == 1


def test_un_jour_manque_est_rattrape_le_lendemain(debiteur, systeme):
    """Beat down on 15 April: the run of 20 April sends the reminder."""
    assert _executer(J(2026, 4, 20), systeme)["rappel"] == 1
    assert _etapes(debiteur) == [("rappel", J(2026, 4, 20))]


def test_le_rattrapage_n_envoie_qu_une_lettre_a_la_fois_et_les_frais_une_fois(debiteur, systeme):
    """15 April and 1 June missed: the run of 5 June sends the reminder only (never two letters the same day),
    the first registered letter leaves 30 days after it, with its postage claimed once."""
    bilan = _executer(J(2026, 6, 5), systeme)
    assert (bilan["rappel"], bilan["lrar1"]) == (1, 0)
    assert _executer(J(2026, 7, 4), systeme)["lrar1"] == 0
    assert _executer(J(2026, 7, 5), systeme)["lrar1"] == 1
    assert _executer(J(2026, 7, 6), systeme)["lrar1"] == 0
    debiteur.refresh_from_db()
    assert _etapes(debiteur) == [("rappel", J(2026, 6, 5)), ("lrar1", J(2026, 7, 5))]
    assert debiteur.frais == D("7.00")


def test_une_relance_relancee_n_envoie_rien_de_plus(debiteur, systeme):
    for jour in (J(2026, 4, 15), J(2026, 6, 1)):
        _executer(jour, systeme)
    bilan = _executer(J(2026, 6, 1), systeme)
    assert (bilan["rappel"], bilan["lrar1"], bilan["lrar2"]) == (0, 0, 0)
    debiteur.refresh_from_db()
    assert debiteur.frais == D("7.00") and debiteur.relances.count() == 2
    assert Envoi.objects.count() == 2  # one e-mail copy per letter, not one more


def test_une_premiere_inscription_appelee_tard_entre_dans_la_chaine_trente_jours_apres(bareme, systeme):
    tardive = factories.CotisationFactory(appelee_le=J(2026, 9, 10), montant_du=D("170.00"))
    assert _executer(J(2026, 10, 9), systeme)["rappel"] == 0
    assert _executer(J(2026, 10, 10), systeme)["rappel"] == 1
    assert _etapes(tardive) == [("rappel", J(2026, 10, 10))]


def test_une_relance_datee_avant_l_appel_est_refusee_en_francais(bareme, systeme):
    factories.CotisationFactory(appelee_le=J(2026, 5, 2))
    with pytest.raises(ValidationError) as refus:
        _executer(J(2026, 4, 20), systeme)
    assert "précède l'appel des cotisations 2026" in str(refus.value)
    assert Relance.objects.count() == 0
    with pytest.raises(ValidationError, match="Aucune cotisation n'était appelée"):
        _executer(J(2026, 1, 2), systeme)


def test_une_relance_sans_aucun_appel_est_refusee(bareme, systeme):
    with pytest.raises(ValidationError, match="n'ont pas encore été appelées"):
        _executer(J(2026, 4, 15), systeme)


def test_la_commande_relances_lance_le_meme_service(debiteur, systeme, capsys):
    call_command("relances", "--date", "2026-04-15")
    assert "1 rappel(s)" in capsys.readouterr().out
    call_command("relances", "--date", "2026-04-15")
    assert "0 rappel(s)" in capsys.readouterr().out
    assert debiteur.relances.count() == 1
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("relances", "--date", "15/04/2026")
    with pytest.raises(CommandError, match="précède l'appel"):
        Cotisation.objects.update(appelee_le=J(2026, 5, 1))
        call_command("relances", "--date", "2026-04-20")


def test_la_tache_du_jour_appelle_le_service_et_ne_leve_pas_avant_l_appel(debiteur, systeme):
    from cotisations.tasks import relances_du_jour

    assert relances_du_jour.delay(date="2026-04-15").get()["rappel"] == 1
    assert relances_du_jour.delay(date="2026-01-02").get() is None  # logged: no dues called yet at that date
    from config.celery import app

    entree = app.conf.beat_schedule["cotisations-relances"]
    assert entree["task"] == "cotisations.relances_du_jour"


def test_une_copie_par_courriel_ou_une_adresse_est_connue_en_une_seule_mise_en_file(
    bareme, systeme, django_capture_on_commit_callbacks, mailoutbox
):
    avec = factories.CotisationFactory(medecin=factories.MedecinFactory(email="a@exemple.fr"))
    factories.CotisationFactory(medecin=factories.MedecinFactory(email=""))
    avec2 = factories.CotisationFactory(medecin=factories.MedecinFactory(email="b@exemple.fr"))
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        bilan = _executer(J(2026, 4, 15), systeme)
    assert bilan["rappel"] == 3 and bilan["courriels"] == 2
    assert len(rappels) == 1  # one task enqueued for the run, not one per debtor
    envois = Envoi.objects.order_by("destinataire")
    assert [e.destinataire for e in envois] == ["a@exemple.fr", "b@exemple.fr"]
    assert all(e.etat == "envoye" for e in envois)
    assert sorted(m.to[0] for m in mailoutbox) == ["a@exemple.fr", "b@exemple.fr"]
    message = next(m for m in mailoutbox if m.to == ["a@exemple.fr"])
    assert avec.reference in message.body and "340,00" in message.body
    assert message.attachments[0][0].endswith(".pdf") and message.attachments[0][1].startswith(b"%PDF")
    assert avec2.relances.count() == 1


def test_le_defaut_de_paiement_ne_change_jamais_l_inscription(debiteur, systeme):
    medecin = debiteur.medecin
    avant = (medecin.statut, medecin.date_statut, medecin.history.count())
    for jour in (J(2026, 4, 15), J(2026, 6, 1), J(2026, 12, 1)):
        _executer(jour, systeme)
    _injonctions(systeme)
    medecin.refresh_from_db()
    assert (medecin.statut, medecin.date_statut, medecin.history.count()) == avant
    assert not medecin.changements_statut.exists() if hasattr(medecin, "changements_statut") else True


def test_l_apercu_dit_ce_que_la_prochaine_execution_enverra(bareme, systeme):
    a, b = factories.CotisationFactory(), factories.CotisationFactory()
    apercu = selectors.relances_a_venir(date=J(2026, 4, 15))
    assert [(e["etape"], e["nombre"]) for e in apercu["etapes"]] == [("rappel", 2)] and apercu["total"] == 2
    assert {c.pk for c in apercu["etapes"][0]["cotisations"]} == {a.pk, b.pk}
    assert Relance.objects.count() == 0  # a preview writes nothing
    _executer(J(2026, 4, 15), systeme)
    assert selectors.relances_a_venir(date=J(2026, 4, 15))["total"] == 0
    assert [(e["etape"], e["nombre"]) for e in selectors.relances_a_venir(date=J(2026, 6, 1))["etapes"]] == [
        ("lrar1", 2)
    ]


def test_une_execution_interrompue_reprend_ce_qui_reste(
    bareme, systeme, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """A run killed after its first chunk: what that chunk wrote is committed; the next run sends the rest, no
    letter missing, none twice, the postage claimed once each."""
    cotisations = [factories.CotisationFactory() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        _executer(J(2026, 4, 15), systeme)
    settings.RELANCES_TAILLE_LOT = 2

    class Tue(Exception):
        pass

    def tuer(*, etape, nombre):
        if nombre:
            raise Tue

    monkeypatch.setattr(module_relances, "apres_lot", tuer)
    with pytest.raises(Tue):
        _executer(J(2026, 6, 1), systeme)
    assert Relance.objects.filter(etape="lrar1").count() == 2
    monkeypatch.setattr(module_relances, "apres_lot", lambda **k: None)
    assert Envoi.objects.filter(etat="a_envoyer").count() == 2  # written by the killed run, never enqueued
    with django_capture_on_commit_callbacks(execute=True):
        assert _executer(J(2026, 6, 1), systeme)["lrar1"] == 3
    assert Relance.objects.filter(etape="lrar1").count() == 5
    assert (
        sorted(Cotisation.objects.filter(pk__in=[c.pk for c in cotisations]).values_list("frais", flat=True))
        == [D("7.00")] * 5
    )
    # The e-mail copies the killed run wrote are enqueued by the next one.
    assert Envoi.objects.filter(etat="a_envoyer").count() == 0


# --- the tracking numbers --------------------------------------------------------------------------------------------


@pytest.fixture
def lrar1(debiteur, systeme):
    for jour in (J(2026, 4, 15), J(2026, 6, 1)):
        _executer(jour, systeme)
    return debiteur.relances.get(etape="lrar1")


def test_le_numero_de_suivi_se_saisit_et_se_garde(lrar1, systeme):
    services.numero_suivi_enregistrer(relance=lrar1, numero_suivi="1a 001 234 5678 9", par=systeme, today=J(2026, 6, 2))
    lrar1.refresh_from_db()
    assert (lrar1.numero_suivi, lrar1.numero_suivi_le) == ("1A00123456789", J(2026, 6, 2))
    rappel = lrar1.cotisation.relances.get(etape="rappel")
    with pytest.raises(ValidationError, match="Seules les lettres recommandées"):
        services.numero_suivi_enregistrer(relance=rappel, numero_suivi="X", par=systeme, today=J(2026, 6, 2))


def test_l_import_csv_des_numeros_de_suivi(lrar1, systeme):
    from cotisations.importation_relances import lire_numeros_suivi

    autre = factories.CotisationFactory()
    contenu = (
        "reference;numero_suivi\n"
        f"{lrar1.cotisation.reference};1A 001 234 5678 9\n"
        "RF00INCONNUE;1A00000000000\n"
        f"{autre.reference};1A99999999999\n"
        f"{lrar1.cotisation.reference};\n"
    ).encode()
    bilan = services.numeros_suivi_importer(
        lignes=lire_numeros_suivi(contenu), etape="lrar1", par=systeme, today=J(2026, 6, 3)
    )
    assert bilan["enregistres"] == 1 and bilan["inchanges"] == 0
    assert bilan["erreurs"] == [
        "Ligne 3 : aucune « Lettre recommandée avec accusé de réception (1er juin) » n'a été envoyée pour la "
        "cotisation « RF00INCONNUE ».",
        f"Ligne 4 : aucune « Lettre recommandée avec accusé de réception (1er juin) » n'a été envoyée pour la "
        f"cotisation « {autre.reference} ».",
        "Ligne 5 : numéro de suivi manquant.",
    ]
    lrar1.refresh_from_db()
    assert lrar1.numero_suivi == "1A00123456789" and lrar1.history.count() == 2
    # A second import of the same file changes nothing.
    bilan = services.numeros_suivi_importer(
        lignes=lire_numeros_suivi(contenu), etape="lrar1", par=systeme, today=J(2026, 6, 4)
    )
    assert bilan["enregistres"] == 0 and bilan["inchanges"] == 1
    lrar1.refresh_from_db()
    assert lrar1.numero_suivi_le == J(2026, 6, 3) and lrar1.history.count() == 2
    # By the dues' id too.
    par_id = f"cotisation,numero_suivi\n{lrar1.cotisation_id},1A00123456789\n".encode()
    assert (
        services.numeros_suivi_importer(
            lignes=lire_numeros_suivi(par_id), etape="lrar1", par=systeme, today=J(2026, 6, 4)
        )["inchanges"]
        == 1
    )


def test_un_fichier_de_suivi_illisible_est_refuse_en_francais():
    from cotisations.importation_relances import lire_numeros_suivi

    with pytest.raises(ValidationError, match="nommer les colonnes"):
        lire_numeros_suivi(b"a;b\n1;2\n")
    with pytest.raises(ValidationError, match="binaire"):
        lire_numeros_suivi(b"%PDF\x00\x01")


# --- January N+1: the legal interest and the court requests ---------------------------------------------------------


def test_les_interets_au_taux_legal_par_semestre_au_prorata_sur_365_jours(db):
    factories.BaremeFactory(annee=2026, taux_interet_legal_s1=D("3.00"), taux_interet_legal_s2=D("4.00"))
    factories.BaremeFactory(annee=2027, taux_interet_legal_s1=D("5.00"), taux_interet_legal_s2=D("6.00"))
    # 1 June 2026 (formal notice) → 15 January 2027: 29 days at 3 %, 184 at 4 %, 15 at 5 %.
    # 340 × (0.03×29 + 0.04×184 + 0.05×15) / 365 = 340 × 8.98 / 365 = 8.3649… → 8.36
    assert services.interets_legaux(principal=D("340.00"), depuis=J(2026, 6, 1), jusqu_a=J(2027, 1, 15)) == D("8.36")
    # One day at 4 %: 340 × 0.04 / 365 = 0.0372… → 0.04
    assert services.interets_legaux(principal=D("340.00"), depuis=J(2026, 7, 1), jusqu_a=J(2026, 7, 2)) == D("0.04")
    assert services.interets_legaux(principal=D("340.00"), depuis=J(2026, 7, 1), jusqu_a=J(2026, 7, 1)) == D("0.00")
    with pytest.raises(ValidationError, match="barème 2028 manque"):
        services.interets_legaux(principal=D("1.00"), depuis=J(2027, 12, 1), jusqu_a=J(2028, 1, 2))


PLENIERE = J(2027, 1, 10)
REQUETE = J(2027, 1, 15)


def _plenier(date=PLENIERE):
    return factories.DeliberationFactory(
        seance=factories.SeanceFactory(date=date), objet="Poursuites des cotisations 2026 impayées"
    )


def _injonctions(systeme, today=REQUETE, deliberation=None):
    factories.BaremeFactory(annee=2027)
    return services.injonctions_demander(annee=2026, deliberation=deliberation or _plenier(), par=systeme, today=today)


@pytest.fixture
def apres_lrar2(debiteur, systeme):
    for jour in (J(2026, 4, 15), J(2026, 6, 1), J(2026, 12, 1)):
        _executer(jour, systeme)
    return debiteur


def test_la_liste_des_debiteurs_restants_pour_la_pleniere(apres_lrar2, bareme, systeme):
    payee = factories.CotisationFactory()
    services.paiement_enregistrer(cotisation=payee, montant=D("340.00"), mode="cb", date=J(2026, 3, 1), par=systeme)
    sans_lrar2 = factories.CotisationFactory(appelee_le=J(2026, 11, 20))
    restants = list(selectors.debiteurs_restants(annee=2026, date=J(2027, 1, 5)))
    assert restants == [apres_lrar2]
    assert sans_lrar2 not in restants


def test_la_requete_en_injonction_de_payer_un_par_debiteur(apres_lrar2, systeme):
    deliberation = _plenier()
    bilan = _injonctions(systeme, deliberation=deliberation)
    assert bilan == {"creees": 1, "existantes": 0}
    apres_lrar2.refresh_from_db()
    requete = Relance.objects.get(cotisation=apres_lrar2, etape="injonction")
    # 340 € from 1 June 2026 to 15 January 2027 at 2.76 % (the factory's rates): 340 × 0.0276 × 228 / 365 = 5.86
    assert (requete.deliberation, requete.interets, requete.frais, requete.date) == (
        deliberation,
        D("5.86"),
        D("0.00"),
        J(2027, 1, 15),
    )
    assert "Tribunal judiciaire" in requete.tribunal
    assert _injonctions(systeme, deliberation=deliberation) == {"creees": 0, "existantes": 1}
    contexte = documents_relances.contexte_lettre(requete)
    assert contexte["total_requete"] == D("359.86")  # 340 + 2 × 7 + 5.86
    from django.template.loader import render_to_string

    html = render_to_string(
        "pdf/cotisations/injonction.html",
        {"lettres": [contexte], "CDOM_NOM": "Conseil", "CDOM_ADRESSE": "Adresse", "president": None},
    )
    for attendu in ("12285*07", "1407", "L. 4122-2", "1405", "359,86", "5,86", "340,00", deliberation.numero):
        assert attendu in html, attendu
    assert documents_relances.relance_pdf(requete).startswith(b"%PDF")


def test_la_requete_refusee_sans_deliberation_pleniere_ou_avant_janvier(apres_lrar2, systeme):
    factories.BaremeFactory(annee=2027)
    bureau = factories.DeliberationFactory(seance=factories.SeanceFactory(date=J(2027, 1, 10), type="bureau"))
    rejetee = factories.DeliberationFactory(seance=factories.SeanceFactory(date=J(2027, 1, 10)), adoptee=False)
    ancienne = _plenier(date=J(2026, 11, 20))
    cas = [
        (None, J(2027, 1, 15), "Citez la délibération"),
        (bureau, J(2027, 1, 15), "séance plénière"),
        (rejetee, J(2027, 1, 15), "séance plénière"),
        (ancienne, J(2027, 1, 15), "postérieure à la seconde lettre"),
        (_plenier(), J(2026, 12, 20), "à partir de janvier 2027"),
    ]
    for deliberation, today, message in cas:
        with pytest.raises(ValidationError, match=message):
            services.injonctions_demander(annee=2026, deliberation=deliberation, par=systeme, today=today)
    assert not Relance.objects.filter(etape="injonction").exists()


def test_les_lettres_impriment_montants_frais_et_reference(apres_lrar2):
    from django.template.loader import render_to_string

    for etape, attendus in (
        ("rappel", ["340,00", "31 mars 2026", "L. 4122-2"]),
        ("lrar1", ["7,00", "procédure de recouvrement", "347,00"]),
        ("lrar2", ["14,00", "354,00", "voie de justice"]),
    ):
        relance = Relance.objects.get(cotisation=apres_lrar2, etape=etape)
        html = render_to_string(
            f"pdf/cotisations/{etape}.html",
            {"lettres": [documents_relances.contexte_lettre(relance)], "CDOM_NOM": "C", "CDOM_ADRESSE": "A"},
        )
        for attendu in [*attendus, apres_lrar2.reference]:
            assert attendu in html, (etape, attendu)
    pdf = documents_relances.relances_pdf(etape="lrar2", date=J(2026, 12, 1))
    assert pdf.startswith(b"%PDF")


# --- the admin pages ---------------------------------------------------------------------------------------------


@pytest.fixture
def tresorerie(client):
    user = factories.StaffFactory(groupe="comptabilite")
    client.force_login(user)
    return client


def test_l_admin_montre_la_prochaine_execution_puis_la_lance(tresorerie, debiteur):
    from django.urls import reverse

    url = reverse("admin:cotisations_relance_prochaine")
    page = tresorerie.get(url, {"date": "2026-04-15"})
    assert page.status_code == 200
    contenu = page.content.decode()
    assert "1 lettre à envoyer" in contenu and debiteur.reference in contenu
    assert Relance.objects.count() == 0
    reponse = tresorerie.post(url, {"date": "2026-04-15"})
    assert reponse.status_code == 302 and _etapes(debiteur) == [("rappel", J(2026, 4, 15))]
    assert "aucune lettre" in tresorerie.get(url, {"date": "2026-04-15"}).content.decode()
    # A run refused (before the call) says why, in French, and writes nothing.
    Cotisation.objects.update(appelee_le=J(2026, 5, 1))
    page = tresorerie.post(url, {"date": "2026-04-20"}, follow=True)
    assert "précède l&#x27;appel" in page.content.decode() or "précède l'appel" in page.content.decode()


def test_l_admin_imprime_les_lettres_d_une_etape_et_importe_les_suivis(tresorerie, lrar1):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    pdf = tresorerie.get(reverse("admin:cotisations_relance_imprimer"), {"etape": "lrar1", "date": "2026-06-01"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    vide = tresorerie.get(reverse("admin:cotisations_relance_imprimer"), {"etape": "lrar1", "date": "2026-06-02"})
    assert "Aucune lettre de cette étape" in vide.content.decode()
    fichier = SimpleUploadedFile(
        "suivi.csv", f"reference;numero_suivi\n{lrar1.cotisation.reference};1A00123456789\nRF00X;1\n".encode()
    )
    page = tresorerie.post(reverse("admin:cotisations_relance_suivi"), {"etape": "lrar1", "fichier": fichier})
    assert page.status_code == 200 and "Ligne 3" in page.content.decode()
    lrar1.refresh_from_db()
    assert lrar1.numero_suivi == "1A00123456789"


def test_l_admin_liste_les_debiteurs_pour_la_pleniere_et_demande_les_injonctions(tresorerie, apres_lrar2):
    from django.urls import reverse

    url = reverse("admin:cotisations_relance_pleniere")
    page = tresorerie.get(url, {"annee": 2026, "date": "2027-01-05"})
    assert apres_lrar2.reference in page.content.decode()
    xlsx = tresorerie.get(url, {"annee": 2026, "date": "2027-01-05", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    factories.BaremeFactory(annee=2027)
    deliberation = _plenier()
    reponse = tresorerie.post(
        reverse("admin:cotisations_relance_injonctions"),
        {"annee": 2026, "deliberation": deliberation.numero, "today": "2027-01-15"},
    )
    assert reponse.status_code == 302
    assert Relance.objects.filter(etape="injonction", cotisation=apres_lrar2).count() == 1
    refus = tresorerie.post(
        reverse("admin:cotisations_relance_injonctions"),
        {"annee": 2026, "deliberation": "9999-999", "today": "2027-01-15"},
    )
    assert "Aucune délibération" in refus.content.decode()


def test_le_numero_de_suivi_se_saisit_sur_la_fiche_de_la_lettre(tresorerie, lrar1):
    from django.urls import reverse

    url = reverse("admin:cotisations_relance_change", args=[lrar1.pk])
    assert tresorerie.get(url).status_code == 200
    reponse = tresorerie.post(url, {"numero_suivi": "1A 11122233344"})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    lrar1.refresh_from_db()
    assert lrar1.numero_suivi == "1A11122233344" and lrar1.numero_suivi_le is not None


# --- a whole year, from the call to the January court requests -------------------------------------------------------


def test_une_annee_entiere_de_l_appel_aux_requetes_de_janvier(systeme, django_capture_on_commit_callbacks):
    """The call of 5 January 2026, then the beat every day until 15 January 2027: each debtor's letters on their
    dates, the postage exact, and the court requests of January for those still unpaid, interest included."""
    factories.BaremeFactory(annee=2025)
    factories.BaremeFactory(annee=2026)
    factories.BaremeFactory(annee=2027)
    paie_en_fevrier = factories.MedecinFactory()
    paie_apres_le_rappel = factories.MedecinFactory()
    paie_apres_la_lrar = factories.MedecinFactory()
    ne_paie_pas = factories.MedecinFactory()
    retraite = factories.MedecinFactory(exercice="retraite_sans_activite")
    reserviste = factories.MedecinFactory(exercice="reserviste")
    societe = factories.SocieteFactory()
    services.cotisations_appeler(annee=2026, today=J(2026, 1, 5), par=systeme)
    dues = {c.medecin_id or f"s{c.societe_id}": c for c in Cotisation.objects.filter(annee=2026)}

    def payer(medecin, date):
        cotisation = Cotisation.objects.get(pk=dues[medecin.pk].pk)
        services.paiement_enregistrer(
            cotisation=cotisation, montant=cotisation.solde, mode="cb", date=date, par=systeme
        )

    paiements = {
        J(2026, 2, 10): paie_en_fevrier,
        J(2026, 5, 2): paie_apres_le_rappel,
        J(2026, 7, 1): paie_apres_la_lrar,
    }
    jour = J(2026, 1, 5)
    with django_capture_on_commit_callbacks(execute=False):
        while jour <= J(2027, 1, 14):
            if jour in paiements:
                payer(paiements[jour], jour)
            if jour >= J(2026, 4, 15):  # before, no step is due and last year had no dues: refused, logged
                _executer(jour, systeme)
            jour += datetime.timedelta(days=1)
    deliberation = _plenier(date=J(2027, 1, 12))
    restants = selectors.debiteurs_restants(annee=2026, date=J(2027, 1, 14))
    # The company's gérant (made with it) owes his own dues too, and does not pay them either.
    impayes = [ne_paie_pas.pk, retraite.pk, f"s{societe.pk}", societe.gerant_id]
    assert {c.pk for c in restants} == {dues[k].pk for k in impayes}
    assert services.injonctions_demander(annee=2026, deliberation=deliberation, par=systeme, today=J(2027, 1, 15)) == {
        "creees": 4,
        "existantes": 0,
    }

    def lettres(cle):
        return [(r.etape, r.date, r.frais) for r in Relance.objects.filter(cotisation=dues[cle]).order_by("date")]

    chaine = [
        ("rappel", J(2026, 4, 15), D("0.00")),
        ("lrar1", J(2026, 6, 1), D("7.00")),
        ("lrar2", J(2026, 12, 1), D("7.00")),
        ("injonction", J(2027, 1, 15), D("0.00")),
    ]
    assert all(lettres(k) == chaine for k in impayes)
    assert lettres(paie_en_fevrier.pk) == lettres(reserviste.pk) == []
    assert lettres(paie_apres_le_rappel.pk) == chaine[:1]
    assert lettres(paie_apres_la_lrar.pk) == chaine[:2]
    soldes = {k: Cotisation.objects.get(pk=c.pk) for k, c in dues.items()}
    assert (soldes[ne_paie_pas.pk].frais, soldes[ne_paie_pas.pk].solde) == (D("14.00"), D("354.00"))
    assert soldes[retraite.pk].solde == D("114.00") and soldes[f"s{societe.pk}"].solde == D("314.00")
    assert soldes[paie_apres_la_lrar.pk].montant_paye == D("347.00")  # the dues and the first letter's postage
    # Interest from 1 June 2026 to 15 January 2027 (228 days) at 2.76 %: 340 → 5.86, 100 → 1.72, 300 → 5.17.
    interets = {
        k: Relance.objects.get(cotisation=dues[k], etape="injonction").interets
        for k in (ne_paie_pas.pk, retraite.pk, f"s{societe.pk}")
    }
    assert interets == {ne_paie_pas.pk: D("5.86"), retraite.pk: D("1.72"), f"s{societe.pk}": D("5.17")}


def test_la_copie_d_une_societe_sans_adresse_va_a_son_gerant(bareme, systeme, django_capture_on_commit_callbacks):
    """As the receipts: the company's own address, else its gérant's; none when neither has one."""
    gerant = factories.MedecinFactory(email="gerant@exemple.fr")
    sans = factories.SocieteFactory(email="", gerant=gerant)
    avec = factories.SocieteFactory(email="selarl@exemple.fr", gerant=gerant)
    personne = factories.SocieteFactory(email="", gerant=factories.MedecinFactory(email=""))
    for societe in (sans, avec, personne):
        factories.CotisationFactory(
            medecin=None,
            societe=societe,
            categorie="societe",
            montant_bareme=D("300.00"),
            montant_du=D("300.00"),
            reference=services.reference_societe(2026, societe.pk),
        )
    with django_capture_on_commit_callbacks(execute=False):
        assert _executer(J(2026, 4, 15), systeme)["rappel"] == 3
    assert sorted(Envoi.objects.values_list("destinataire", flat=True)) == ["gerant@exemple.fr", "selarl@exemple.fr"]


# --- one chunk, one statement on PostgreSQL: the same rows as the multi-statement path ------------------------------


def _lignes_et_historique(modele, ids):
    """Each row of `ids` beside its history (every column the history copies), without the ids that differ
    between two runs."""
    from cotisations.services.relances import _colonnes_historiques

    colonnes = [c for c in _colonnes_historiques(modele) if c != "id"]
    champs = [f.attname for f in modele._meta.concrete_fields if f.column in colonnes]
    lignes = {o.pk: tuple(getattr(o, c) for c in champs) for o in modele.objects.filter(pk__in=ids)}
    historique = [
        (tuple(getattr(h, c) for c in champs), h.history_type, h.history_user_id, h.id)
        for h in modele.history.filter(id__in=ids).order_by("history_id")
    ]
    return lignes, historique


@pytest.mark.parametrize("fusion", [True, False], ids=["une-requete", "plusieurs-requetes"])
def test_chaque_lot_ecrit_les_lettres_les_frais_les_copies_et_leur_historique(
    bareme, systeme, monkeypatch, django_capture_on_commit_callbacks, fusion
):
    """Both ways of writing a chunk (one statement of CTEs on PostgreSQL, one statement per set elsewhere) write
    every row with its history row: the same columns as the row, « + » for the letters and copies, « ~ » for the
    dues whose postage was added, by the run's author, once."""
    monkeypatch.setattr(module_relances, "FUSIONNER", fusion)
    gerant = factories.MedecinFactory(email="gerant@exemple.fr")
    societe = factories.SocieteFactory(email="", gerant=gerant)
    dues = [
        factories.CotisationFactory(medecin=factories.MedecinFactory(email="a@exemple.fr")),
        factories.CotisationFactory(medecin=factories.MedecinFactory(email="")),
        factories.CotisationFactory(
            medecin=None,
            societe=societe,
            categorie="societe",
            montant_bareme=D("300.00"),
            montant_du=D("300.00"),
            reference=services.reference_societe(2026, societe.pk),
        ),
    ]
    with django_capture_on_commit_callbacks(execute=False):
        _executer(J(2026, 4, 15), systeme)
        _executer(J(2026, 6, 1), systeme)
    lettres = list(Relance.objects.values_list("pk", flat=True))
    assert len(lettres) == 6
    lignes, historique = _lignes_et_historique(Relance, lettres)
    assert [(v, t, u) for v, t, u, _ in historique] == [(lignes[pk], "+", systeme.pk) for *_, pk in historique]
    assert sorted(pk for *_, pk in historique) == sorted(lettres)  # one history row per letter
    ids = [c.pk for c in dues]
    lignes, historique = _lignes_et_historique(Cotisation, ids)
    changes = [(v, u, pk) for v, t, u, pk in historique if t == "~"]
    assert changes == [(lignes[pk], systeme.pk, pk) for _, _, pk in changes]  # the postage's version is the row
    assert sorted(pk for *_, pk in changes) == sorted(ids)  # once each (1 June), none on 15 April
    assert Cotisation.objects.filter(pk__in=ids, frais=bareme.frais_lrar).count() == 3
    copies = list(Envoi.objects.values_list("pk", flat=True))
    lignes, historique = _lignes_et_historique(Envoi, copies)
    assert [(v, t, u) for v, t, u, _ in historique] == [(lignes[pk], "+", systeme.pk) for *_, pk in historique]
    assert sorted(Envoi.objects.values_list("destinataire", flat=True)) == sorted(
        ["a@exemple.fr", "gerant@exemple.fr"] * 2
    )


def test_l_adresse_des_copies_est_celle_des_recus(bareme):
    """The reminders' copies (SQL, services/relances.py ADRESSE_SQL) and the receipts (Python, services/paiements.py
    `_adresse_du_redevable`) write to the same address in every case: a doctor with or without one, a company with
    its own, without but with a gérant who has one, without and its gérant without, without a gérant."""
    from cotisations.services.paiements import _adresse_du_redevable
    from cotisations.services.relances import adresses_des_redevables

    def societe(email, gerant):
        s = factories.SocieteFactory(email=email, gerant=gerant)
        return factories.CotisationFactory(
            medecin=None,
            societe=s,
            categorie="societe",
            montant_bareme=D("300.00"),
            montant_du=D("300.00"),
            reference=services.reference_societe(2026, s.pk),
        )

    avec, sans = factories.MedecinFactory(email="gerant@exemple.fr"), factories.MedecinFactory(email="")
    cas = [
        factories.CotisationFactory(medecin=factories.MedecinFactory(email="dr@exemple.fr")),
        factories.CotisationFactory(medecin=factories.MedecinFactory(email="")),
        societe("selarl@exemple.fr", avec),
        societe("", avec),
        societe("", sans),
        societe("", None),
        societe("sel@exemple.fr", None),
    ]
    sql = adresses_des_redevables([c.pk for c in cas])
    python = {c.pk: _adresse_du_redevable(Cotisation.objects.get(pk=c.pk)).strip() for c in cas}
    assert sql == python
    assert list(python.values()) == [
        "dr@exemple.fr",
        "",
        "selarl@exemple.fr",
        "gerant@exemple.fr",
        "",
        "",
        "sel@exemple.fr",
    ]
