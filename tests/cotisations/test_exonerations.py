"""The hardship exemption request (DOMAIN.md 2; seed 002 L.II T.III 1.3): filed by the doctor with documents checked
by content and size, put on the next plenary's agenda without his name, decided by a plenary deliberation (100 %
or 50 % only; refused, or incomplete when the council is insufficiently informed), the doctor told; his documents
downloadable by him and staff only. Every refusal writes nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commun.fichiers import taille_lisible, verifier_fichier
from commun.models import Envoi, NatureEnvoi
from cotisations import selectors, services
from cotisations.models import Cotisation, DemandeExoneration, PieceDemande, StatutDemande
from gouvernance.models import Seance
from tests import factories
from tests.concurrence import en_meme_temps

pytestmark = pytest.mark.django_db

AUJOURD_HUI = datetime.date(2026, 2, 10)
EXPOSE = "Activité libérale interrompue six mois en 2025 après un accident ; reprise à mi-temps depuis janvier."
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def _fichier(nom="avis.pdf", contenu=factories.PDF_MINIMAL, type_contenu="application/pdf"):
    return SimpleUploadedFile(nom, contenu, content_type=type_contenu)


def _fichiers_stockes():
    try:
        return default_storage.listdir("cotisations/exonerations")[1]
    except FileNotFoundError:
        return []


def _rien_ecrit():
    assert DemandeExoneration.objects.count() == 0
    assert PieceDemande.objects.count() == 0
    assert _fichiers_stockes() == []


@pytest.fixture
def comptable(db):
    return factories.StaffFactory(groupe="comptabilite")


@pytest.fixture
def medecin(db):
    return factories.MedecinFactory(avec_compte=True, nom="Lacombe", prenom="Sylvie", email="s.lacombe@exemple.fr")


@pytest.fixture
def cotisation(medecin):
    return factories.CotisationFactory(medecin=medecin)


@pytest.fixture
def pleniere(db):
    return factories.SeanceFactory(date=datetime.date(2026, 3, 12), ordre_du_jour=["Approbation du procès-verbal"])


def _deposer(cotisation, par, **kwargs):
    donnees = {"taux": 100, "expose": EXPOSE, "fichiers": [_fichier()], **kwargs}
    return services.demande_exoneration_deposer(cotisation=cotisation, par=par, today=AUJOURD_HUI, **donnees)


def _inscrite(cotisation, comptable, pleniere):
    demande = _deposer(cotisation, cotisation.medecin.user)
    services.demandes_exoneration_inscrire(par=comptable, today=AUJOURD_HUI)
    demande.refresh_from_db()
    return demande


def _deliberation(seance, **kwargs):
    donnees = {
        "objet": "Exonération de cotisation pour insuffisance de ressources",
        "motivation": "Vu le dossier et les pièces produites ; situation professionnelle appréciée.",
        **kwargs,
    }
    return factories.DeliberationFactory(seance=seance, **donnees)


# --- commun.fichiers: the type by content, the size ------------------------------------------------------------


@pytest.mark.parametrize(
    "contenu,type_attendu",
    [(factories.PDF_MINIMAL, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")],
)
def test_le_type_est_juge_par_le_contenu(contenu, type_attendu):
    verifie = verifier_fichier(_fichier("document.bin", contenu, "application/octet-stream"))
    assert verifie.type.type_contenu == type_attendu
    assert len(verifie.sha256) == 64


@pytest.mark.parametrize(
    "contenu",
    [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60, b"Ceci est un simple fichier texte, pas un PDF.\n"],
    ids=["exe", "txt"],
)
def test_un_fichier_renomme_en_pdf_est_refuse_par_son_contenu(contenu):
    with pytest.raises(ValidationError) as refus:
        verifier_fichier(_fichier("releve.pdf", contenu, "application/pdf"))
    message = refus.value.message_dict["fichiers"][0]
    assert "« releve.pdf »" in message and "d'après son contenu" in message


def test_la_taille_maximale_est_un_reglage(settings):
    settings.FICHIERS_TAILLE_MAX = 1000
    verifier_fichier(_fichier(contenu=factories.PDF_MINIMAL + b"0" * (1000 - len(factories.PDF_MINIMAL))))
    with pytest.raises(ValidationError) as refus:
        verifier_fichier(_fichier(contenu=factories.PDF_MINIMAL + b"0" * (1001 - len(factories.PDF_MINIMAL))))
    assert "la limite est de 1000 octets" in refus.value.message_dict["fichiers"][0]
    assert taille_lisible(10 * 1024 * 1024) == "10 Mo"


def test_un_fichier_vide_est_refuse():
    with pytest.raises(ValidationError, match="est vide"):
        verifier_fichier(_fichier(contenu=b""))


# --- filing -----------------------------------------------------------------------------------------------------


def test_le_medecin_depose_sa_demande_avec_ses_pieces(cotisation, medecin):
    demande = _deposer(cotisation, medecin.user, fichiers=[_fichier("avis.pdf"), _fichier("scan.jpg", JPEG)])
    assert (demande.numero, demande.statut, demande.taux_demande) == ("D-2026-001", StatutDemande.DEPOSEE, 100)
    pieces = list(demande.pieces.order_by("id"))
    assert [(p.nom_original, p.type_contenu) for p in pieces] == [
        ("avis.pdf", "application/pdf"),
        ("scan.jpg", "image/jpeg"),
    ]
    # Stored privately under a random name, never the one the user gave.
    assert all(p.fichier.name.startswith("cotisations/exonerations/") for p in pieces)
    assert "avis" not in pieces[0].fichier.name
    assert default_storage.exists(pieces[0].fichier.name)
    assert demande.history.first().history_user == medecin.user
    assert _deposer(factories.CotisationFactory(medecin=medecin, annee=2025), medecin.user).numero == "D-2026-002"


def test_le_personnel_depose_pour_le_medecin(cotisation, comptable):
    assert _deposer(cotisation, comptable).deposee_par == comptable


@pytest.mark.parametrize("taux", [30, 0, 75, "cent"])
def test_un_taux_autre_que_50_ou_100_est_refuse(cotisation, medecin, taux):
    with pytest.raises(ValidationError) as refus:
        _deposer(cotisation, medecin.user, taux=taux)
    assert "50 % ou de 100 %" in refus.value.message_dict["taux_demande"][0]
    _rien_ecrit()


@pytest.mark.parametrize("taux", [50, 100])
def test_50_et_100_sont_acceptes(cotisation, medecin, taux):
    assert _deposer(cotisation, medecin.user, taux=taux).taux_demande == taux


def test_sans_piece_ou_sans_expose_rien_n_est_ecrit(cotisation, medecin):
    with pytest.raises(ValidationError) as refus:
        _deposer(cotisation, medecin.user, fichiers=[], expose="Peu d'activité.")
    assert set(refus.value.message_dict) == {"fichiers", "expose"}
    _rien_ecrit()


def test_une_piece_invalide_parmi_d_autres_ne_laisse_aucun_fichier(cotisation, medecin):
    with pytest.raises(ValidationError, match="programme.pdf"):
        _deposer(cotisation, medecin.user, fichiers=[_fichier(), _fichier("programme.pdf", b"MZ\x90\x00" * 8)])
    _rien_ecrit()


def test_un_fichier_trop_gros_est_refuse(cotisation, medecin, settings):
    settings.FICHIERS_TAILLE_MAX = 2048
    with pytest.raises(ValidationError, match="la limite est de 2 ko"):
        _deposer(cotisation, medecin.user, fichiers=[_fichier(contenu=factories.PDF_MINIMAL + b" " * 4096)])
    _rien_ecrit()


def test_une_erreur_d_ecriture_efface_les_fichiers_deja_stockes(cotisation, medecin, monkeypatch):
    def panne(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(
        "cotisations.services.exonerations._ranger_pieces",
        lambda *a, ranger, **k: (ranger(verifier_fichier(_fichier())), panne()),
    )
    with pytest.raises(RuntimeError):
        _deposer(cotisation, medecin.user)
    _rien_ecrit()


def test_pas_sur_la_cotisation_d_un_autre(cotisation):
    autre = factories.MedecinFactory(avec_compte=True)
    with pytest.raises(PermissionDenied):
        _deposer(cotisation, autre.user)
    _rien_ecrit()


def test_une_seule_demande_en_cours_par_cotisation(cotisation, medecin):
    premiere = _deposer(cotisation, medecin.user)
    with pytest.raises(ValidationError, match=f"{premiere.numero} est déjà en cours"):
        _deposer(cotisation, medecin.user)
    assert DemandeExoneration.objects.count() == 1


def test_une_cotisation_payee_ne_s_exonere_plus(medecin):
    payee = factories.CotisationFactory(medecin=medecin, montant_paye=D("340.00"), statut="payee")
    with pytest.raises(ValidationError, match="payée"):
        _deposer(payee, medecin.user)
    _rien_ecrit()


# --- the agenda of the next plenary -----------------------------------------------------------------------------


def test_la_prochaine_pleniere_est_la_premiere_au_programme_ouvert(db):
    factories.SeanceFactory(date=datetime.date(2026, 2, 9))  # past
    factories.SeanceFactory(date=datetime.date(2026, 2, 20), type="bureau")
    factories.SeanceFactory(date=datetime.date(2026, 2, 25), statut="convoquee")  # agenda already sent
    attendue = factories.SeanceFactory(date=datetime.date(2026, 3, 12))
    factories.SeanceFactory(date=datetime.date(2026, 4, 9))
    assert selectors.prochaine_pleniere(AUJOURD_HUI) == attendue
    assert selectors.prochaine_pleniere(datetime.date(2026, 3, 12)) == attendue


def test_l_ordre_du_jour_ne_nomme_pas_le_medecin(cotisation, medecin, comptable, pleniere):
    premiere = _deposer(cotisation, medecin.user)
    autre = factories.MedecinFactory(avec_compte=True, nom="Berthier")
    seconde = _deposer(factories.CotisationFactory(medecin=autre), autre.user, taux=50)
    assert list(selectors.demandes_en_attente(AUJOURD_HUI)) == [premiere, seconde]

    seance, inscrites = services.demandes_exoneration_inscrire(par=comptable, today=AUJOURD_HUI)
    assert seance == pleniere and inscrites == [premiere, seconde]
    seance.refresh_from_db()
    assert seance.ordre_du_jour == [
        "Approbation du procès-verbal",
        "Demandes d'exonération de cotisation pour insuffisance de ressources (2 dossiers : D-2026-001, D-2026-002)",
    ]
    texte = " ".join(seance.ordre_du_jour)
    for marque in (medecin.nom, medecin.prenom, medecin.rpps, autre.nom, autre.rpps):
        assert marque not in texte
    assert list(selectors.demandes_en_attente(AUJOURD_HUI)) == []

    # A request filed later joins the same line, which is replaced, not repeated.
    troisieme = _deposer(factories.CotisationFactory(medecin=medecin, annee=2025), medecin.user)
    services.demandes_exoneration_inscrire(par=comptable, today=AUJOURD_HUI)
    seance.refresh_from_db()
    assert seance.ordre_du_jour[1].endswith("(3 dossiers : D-2026-001, D-2026-002, D-2026-003)")
    assert len(seance.ordre_du_jour) == 2
    troisieme.refresh_from_db()
    assert (troisieme.statut, troisieme.seance) == (StatutDemande.INSCRITE, pleniere)


def test_sans_pleniere_prevue_rien_n_est_inscrit(cotisation, medecin, comptable):
    factories.SeanceFactory(date=datetime.date(2026, 3, 12), statut="convoquee")
    demande = _deposer(cotisation, medecin.user)
    with pytest.raises(ValidationError, match="Aucune séance plénière n'est prévue"):
        services.demandes_exoneration_inscrire(par=comptable, today=AUJOURD_HUI)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.DEPOSEE


@pytest.mark.parametrize(
    "seance,message",
    [
        ({"type": "bureau"}, "n'est pas une séance plénière"),
        ({"statut": "convoquee"}, "a déjà été envoyé"),
        ({"date": datetime.date(2026, 1, 8)}, "est passée"),
    ],
)
def test_on_n_inscrit_qu_a_une_pleniere_a_venir_au_programme_ouvert(cotisation, medecin, comptable, seance, message):
    seance = factories.SeanceFactory(**{"date": datetime.date(2026, 3, 12), **seance})
    _deposer(cotisation, medecin.user)
    avant = list(seance.ordre_du_jour)
    with pytest.raises(ValidationError, match=message):
        services.demandes_exoneration_inscrire(seance=seance, par=comptable, today=AUJOURD_HUI)
    seance.refresh_from_db()
    assert seance.ordre_du_jour == avant
    assert DemandeExoneration.objects.get().statut == StatutDemande.DEPOSEE


def test_le_medecin_n_inscrit_pas_a_l_ordre_du_jour(cotisation, medecin, pleniere):
    _deposer(cotisation, medecin.user)
    with pytest.raises(PermissionDenied):
        services.demandes_exoneration_inscrire(par=medecin.user, today=AUJOURD_HUI)


# --- the plenary's decision -------------------------------------------------------------------------------------


@pytest.mark.parametrize("taux,du", [(100, D("0.00")), (50, D("170.00"))])
def test_la_pleniere_accorde_et_la_cotisation_est_exoneree(
    cotisation, comptable, pleniere, django_capture_on_commit_callbacks, mailoutbox, taux, du
):
    demande = _inscrite(cotisation, comptable, pleniere)
    deliberation = _deliberation(pleniere)
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_exoneration_accorder(
            demande=demande, taux=taux, deliberation=deliberation, par=comptable, today=AUJOURD_HUI
        )
    demande.refresh_from_db()
    cotisation.refresh_from_db()
    assert (demande.statut, demande.taux_accorde, demande.deliberation) == (StatutDemande.ACCORDEE, taux, deliberation)
    assert demande.decidee_le == pleniere.date
    assert (cotisation.exoneration_motif, cotisation.exoneration_taux, cotisation.montant_du) == (
        "insuffisance_ressources",
        taux,
        du,
    )
    assert cotisation.exoneration_deliberation == deliberation
    envoi = Envoi.objects.get(nature=NatureEnvoi.EXONERATION_DECISION)
    assert (envoi.destinataire, envoi.etat) == ("s.lacombe@exemple.fr", "envoye")
    (courriel,) = mailoutbox
    assert demande.numero in courriel.subject
    assert f"exonération de {taux} %" in courriel.body and deliberation.numero in courriel.body


def _etat(demande, cotisation):
    demande.refresh_from_db()
    cotisation.refresh_from_db()
    return (demande.statut, demande.deliberation_id, cotisation.exoneration_taux, cotisation.montant_du)


def test_accorder_30_pourcent_est_refuse(cotisation, comptable, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    avant = _etat(demande, cotisation)
    with pytest.raises(ValidationError, match="50 % ou de 100 %"):
        services.demande_exoneration_accorder(
            demande=demande, taux=30, deliberation=_deliberation(pleniere), par=comptable, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation) == avant
    assert not Envoi.objects.exists()


def test_sans_deliberation_de_la_pleniere_rien_n_est_accorde(cotisation, comptable, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    avant = _etat(demande, cotisation)
    with pytest.raises(ValidationError, match="Citez la délibération"):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=None, par=comptable, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation) == avant


@pytest.mark.parametrize(
    "seance,adoptee",
    [({"type": "bureau"}, True), ({"type": "commission"}, True), ({}, False)],
    ids=["bureau", "commission", "rejetee"],
)
def test_une_deliberation_hors_pleniere_ou_rejetee_est_refusee(cotisation, comptable, pleniere, seance, adoptee):
    demande = _inscrite(cotisation, comptable, pleniere)
    if seance:
        Seance.objects.filter(pk=pleniere.pk).update(**seance)
        pleniere.refresh_from_db()
    deliberation = _deliberation(pleniere, adoptee=adoptee)
    avant = _etat(demande, cotisation)
    with pytest.raises(ValidationError, match="n'est pas une décision adoptée en séance plénière"):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=deliberation, par=comptable, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation) == avant


def test_la_deliberation_est_celle_de_la_seance_ou_la_demande_est_inscrite(cotisation, comptable, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    autre = _deliberation(factories.SeanceFactory(date=datetime.date(2026, 4, 9)))
    with pytest.raises(ValidationError, match="la demande D-2026-001 est inscrite à celle du 12/03/2026"):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=autre, par=comptable, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation)[0] == StatutDemande.INSCRITE


def test_une_demande_non_inscrite_n_est_pas_decidee(cotisation, medecin, comptable, pleniere):
    demande = _deposer(cotisation, medecin.user)
    with pytest.raises(ValidationError, match="n'est inscrite à l'ordre du jour d'aucune plénière"):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=_deliberation(pleniere), par=comptable, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation)[:2] == (StatutDemande.DEPOSEE, None)


def test_une_deliberation_qui_nomme_le_medecin_doit_etre_individuelle(cotisation, medecin, comptable, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    nommee = _deliberation(pleniere, objet="Exonération de la cotisation du Dr Sylvie LACOMBE")
    with pytest.raises(ValidationError, match="nomme le demandeur sans être une décision individuelle"):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=nommee, par=comptable, today=AUJOURD_HUI
        )
    individuelle = _deliberation(
        pleniere, objet="Exonération de la cotisation du Dr Sylvie LACOMBE", individuelle=True, medecin_concerne=medecin
    )
    services.demande_exoneration_accorder(
        demande=demande, taux=100, deliberation=individuelle, par=comptable, today=AUJOURD_HUI
    )
    assert _etat(demande, cotisation)[0] == StatutDemande.ACCORDEE


def test_le_medecin_ne_decide_pas_de_sa_demande(cotisation, medecin, comptable, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    with pytest.raises(PermissionDenied):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=_deliberation(pleniere), par=medecin.user, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation)[0] == StatutDemande.INSCRITE


def test_le_refus_est_motive(cotisation, comptable, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    deliberation = _deliberation(pleniere)
    with pytest.raises(ValidationError, match="Motivez le refus"):
        services.demande_exoneration_refuser(
            demande=demande, motif="  ", deliberation=deliberation, par=comptable, today=AUJOURD_HUI
        )
    assert _etat(demande, cotisation)[0] == StatutDemande.INSCRITE
    services.demande_exoneration_refuser(
        demande=demande,
        motif="Les revenus professionnels de 2025 ne traduisent pas une insuffisance de ressources.",
        deliberation=deliberation,
        par=comptable,
        today=AUJOURD_HUI,
    )
    assert _etat(demande, cotisation) == (StatutDemande.REFUSEE, deliberation.pk, None, D("340.00"))
    assert Envoi.objects.filter(nature=NatureEnvoi.EXONERATION_DECISION).count() == 1
    with pytest.raises(ValidationError, match="déjà refusée"):
        services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=deliberation, par=comptable, today=AUJOURD_HUI
        )


def test_insuffisamment_renseigne_la_demande_est_completee_puis_reexaminee(
    cotisation, medecin, comptable, pleniere, django_capture_on_commit_callbacks, mailoutbox
):
    demande = _inscrite(cotisation, comptable, pleniere)
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_exoneration_refuser(
            demande=demande,
            motif="L'avis d'imposition 2025 et l'attestation de la CARMF.",
            deliberation=_deliberation(pleniere),
            insuffisamment_renseigne=True,
            par=comptable,
            today=AUJOURD_HUI,
        )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.INCOMPLETE
    assert "attestation de la CARMF" in mailoutbox[0].body
    assert list(selectors.demandes_en_attente(AUJOURD_HUI)) == []

    services.demande_exoneration_completer(
        demande=demande, fichiers=[_fichier("carmf.png", PNG)], par=medecin.user, today=datetime.date(2026, 3, 20)
    )
    demande.refresh_from_db()
    assert (demande.statut, demande.completee_le) == (StatutDemande.DEPOSEE, datetime.date(2026, 3, 20))
    assert demande.pieces.count() == 2
    assert list(selectors.demandes_en_attente(datetime.date(2026, 3, 20))) == [demande]

    suivante = factories.SeanceFactory(date=datetime.date(2026, 4, 9), ordre_du_jour=[])
    services.demandes_exoneration_inscrire(par=comptable, today=datetime.date(2026, 3, 20))
    demande.refresh_from_db()
    assert demande.seance == suivante
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_exoneration_accorder(
            demande=demande, taux=50, deliberation=_deliberation(suivante), par=comptable, today=suivante.date
        )
    # A second message for the second decision.
    assert Envoi.objects.filter(nature=NatureEnvoi.EXONERATION_DECISION).count() == 2
    assert len(mailoutbox) == 2


def test_une_demande_non_incomplete_ne_se_complete_pas(cotisation, medecin):
    demande = _deposer(cotisation, medecin.user)
    with pytest.raises(ValidationError, match="ne se complète"):
        services.demande_exoneration_completer(
            demande=demande, fichiers=[_fichier()], par=medecin.user, today=AUJOURD_HUI
        )
    assert demande.pieces.count() == 1
    assert len(_fichiers_stockes()) == 1


def test_sans_adresse_electronique_pas_de_courriel(comptable, pleniere):
    medecin = factories.MedecinFactory(avec_compte=True, email="")
    cotisation = factories.CotisationFactory(medecin=medecin)
    demande = _inscrite(cotisation, comptable, pleniere)
    services.demande_exoneration_accorder(
        demande=demande, taux=100, deliberation=_deliberation(pleniere), par=comptable, today=AUJOURD_HUI
    )
    assert not Envoi.objects.exists()


# --- the espace médecin ------------------------------------------------------------------------------------------


@pytest.fixture
def connecte(client, medecin):
    client.force_login(medecin.user)
    return client


def _formulaire(cotisation, **kwargs):
    return {"cotisation": cotisation.pk, "taux_demande": 100, "expose": EXPOSE, "fichiers": [_fichier()], **kwargs}


def test_la_page_de_demande_et_le_depot(connecte, cotisation, medecin):
    reponse = connecte.get(reverse("exonerations:deposer"))
    assert reponse.status_code == 200
    assert "Cotisation 2026 : reste à payer 340,00" in reponse.content.decode()
    reponse = connecte.post(reverse("exonerations:deposer"), _formulaire(cotisation))
    demande = DemandeExoneration.objects.get()
    assert reponse.status_code == 302 and reponse.url == reverse("exonerations:demande", args=[demande.pk])
    page = connecte.get(reponse.url).content.decode()
    assert "D-2026-001" in page and "Déposée, en attente de la prochaine plénière" in page
    assert "avis.pdf" in page
    assert "D-2026-001" in connecte.get(reverse("exonerations:demandes")).content.decode()


def test_un_taux_de_30_pourcent_est_une_erreur_du_formulaire(connecte, cotisation):
    reponse = connecte.post(reverse("exonerations:deposer"), _formulaire(cotisation, taux_demande=30))
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "50 % ou de 100 %, rien d&#x27;autre" in page
    assert EXPOSE.split(" ; ")[0] in page  # what was typed is kept
    assert "choisissez-les à nouveau" in page
    _rien_ecrit()


def test_un_faux_pdf_est_refuse_sur_la_page(connecte, cotisation):
    faux = _fichier("avis.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    reponse = connecte.post(reverse("exonerations:deposer"), _formulaire(cotisation, fichiers=[faux]))
    assert reponse.status_code == 400
    assert "n&#x27;est pas un document PDF, JPEG, PNG d&#x27;après son contenu" in reponse.content.decode()
    _rien_ecrit()


def test_un_fichier_trop_gros_est_refuse_sur_la_page(connecte, cotisation, settings):
    settings.FICHIERS_TAILLE_MAX = 1024
    gros = _fichier(contenu=factories.PDF_MINIMAL + b" " * 2048)
    reponse = connecte.post(reverse("exonerations:deposer"), _formulaire(cotisation, fichiers=[gros]))
    assert reponse.status_code == 400
    assert "la limite est de 1 ko par fichier" in reponse.content.decode()
    _rien_ecrit()


def test_la_cotisation_d_un_autre_repond_404(connecte, db):
    autre = factories.CotisationFactory(medecin=factories.MedecinFactory())
    reponse = connecte.post(reverse("exonerations:deposer"), _formulaire(autre))
    assert reponse.status_code == 404
    _rien_ecrit()


def test_la_demande_et_les_pieces_d_un_autre_repondent_404(client, db):
    demande = factories.DemandeExonerationFactory()
    piece = demande.pieces.get()
    client.force_login(factories.MedecinFactory(avec_compte=True).user)
    assert client.get(reverse("exonerations:demande", args=[demande.pk])).status_code == 404
    assert client.get(reverse("exonerations:piece", args=[piece.pk])).status_code == 404


def test_le_medecin_et_le_personnel_telechargent_la_piece(client, db):
    medecin = factories.MedecinFactory(avec_compte=True)
    demande = factories.DemandeExonerationFactory(cotisation=factories.CotisationFactory(medecin=medecin))
    piece = demande.pieces.get()
    client.force_login(medecin.user)
    reponse = client.get(reverse("exonerations:piece", args=[piece.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert 'attachment; filename="avis-imposition-2025.pdf"' == reponse["Content-Disposition"]
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert b"".join(reponse.streaming_content) == factories.PDF_MINIMAL

    url_admin = reverse("admin:cotisations_demandeexoneration_piece", args=[demande.pk, piece.pk])
    client.force_login(factories.StaffFactory(groupe="comptabilite"))
    assert client.get(url_admin).status_code == 200
    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get(url_admin).status_code == 403
    # Staff never go through the espace.
    assert client.get(reverse("exonerations:piece", args=[piece.pk])).status_code == 403


def test_le_medecin_complete_sa_demande_depuis_l_espace(connecte, medecin, cotisation):
    demande = factories.DemandeExonerationFactory(
        cotisation=cotisation,
        statut="incomplete",
        deliberation=factories.DeliberationFactory(),
        motif_decision="L'attestation de la CARMF.",
    )
    page = connecte.get(reverse("exonerations:demande", args=[demande.pk])).content.decode()
    assert "Compléter ma demande" in page and "L&#x27;attestation de la CARMF." in page
    reponse = connecte.post(reverse("exonerations:demande", args=[demande.pk]), {"fichiers": [], "complement": ""})
    assert reponse.status_code == 400
    reponse = connecte.post(
        reverse("exonerations:demande", args=[demande.pk]), {"fichiers": [_fichier("carmf.pdf")], "complement": ""}
    )
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.DEPOSEE and demande.pieces.count() == 2


def test_le_personnel_n_a_pas_l_espace(client, comptable):
    client.force_login(comptable)
    assert client.get(reverse("exonerations:demandes")).status_code == 403


# --- the admin ---------------------------------------------------------------------------------------------------


def test_l_admin_inscrit_puis_enregistre_la_decision(client, comptable, cotisation, medecin):
    pleniere = factories.SeanceFactory(date=timezone.localdate() + datetime.timedelta(days=30))
    demande = _deposer(cotisation, medecin.user)
    client.force_login(comptable)
    liste = client.get(reverse("admin:cotisations_demandeexoneration_changelist") + "?attente=oui")
    assert liste.status_code == 200 and "D-2026-001" in liste.content.decode()
    reponse = client.post(
        reverse("admin:cotisations_demandeexoneration_changelist"),
        {"action": "inscrire", "_selected_action": [demande.pk]},
        follow=True,
    )
    assert "1 demande(s) inscrite(s)" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.INSCRITE

    deliberation = _deliberation(pleniere)
    url = reverse("admin:cotisations_demandeexoneration_decider", args=[demande.pk])
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"decision": "accorder", "taux": 30, "deliberation": deliberation.pk})
    assert reponse.status_code == 200 and "50 % ou de 100 %" in reponse.content.decode()
    assert _etat(demande, cotisation)[0] == StatutDemande.INSCRITE
    reponse = client.post(url, {"decision": "accorder", "taux": 50, "deliberation": deliberation.pk})
    assert reponse.status_code == 302
    assert _etat(demande, cotisation) == (StatutDemande.ACCORDEE, deliberation.pk, 50, D("170.00"))
    change = client.get(reverse("admin:cotisations_demandeexoneration_change", args=[demande.pk]))
    assert change.status_code == 200 and "avis.pdf" in change.content.decode()


def test_l_admin_refuse_une_deliberation_d_une_autre_seance(client, comptable, cotisation, pleniere):
    demande = _inscrite(cotisation, comptable, pleniere)
    autre = _deliberation(factories.SeanceFactory(date=datetime.date(2026, 4, 9)))
    client.force_login(comptable)
    reponse = client.post(
        reverse("admin:cotisations_demandeexoneration_decider", args=[demande.pk]),
        {"decision": "accorder", "taux": 100, "deliberation": autre.pk},
    )
    assert reponse.status_code == 200  # the form again: that deliberation is not among the session's
    assert _etat(demande, cotisation)[0] == StatutDemande.INSCRITE
    assert Cotisation.objects.get(pk=cotisation.pk).exoneration_taux is None


# --- races (PostgreSQL) ------------------------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_onglets_deposent_la_meme_demande_une_seule_passe_et_ses_fichiers_seuls_restent():
    medecin = factories.MedecinFactory(avec_compte=True)
    cotisation = factories.CotisationFactory(medecin=medecin)
    resultats = en_meme_temps(*[lambda: _deposer(cotisation, medecin.user) for _ in range(2)])
    assert [r.ok for r in resultats].count(True) == 1, resultats
    assert all(isinstance(r.erreur, ValidationError) for r in resultats if not r.ok)
    assert DemandeExoneration.objects.count() == 1 and PieceDemande.objects.count() == 1
    assert _fichiers_stockes() == [PieceDemande.objects.get().fichier.name.rsplit("/", 1)[1]]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_medecins_deposent_en_meme_temps_les_numeros_se_suivent():
    medecins = [factories.MedecinFactory(avec_compte=True) for _ in range(3)]
    cotisations = [factories.CotisationFactory(medecin=m) for m in medecins]
    resultats = en_meme_temps(*[lambda c=c: _deposer(c, c.medecin.user) for c in cotisations])
    assert all(r.ok for r in resultats), resultats
    assert sorted(DemandeExoneration.objects.values_list("numero", flat=True)) == [
        "D-2026-001",
        "D-2026-002",
        "D-2026-003",
    ]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_deux_decisions_en_meme_temps_une_seule_est_enregistree():
    comptable = factories.StaffFactory(groupe="comptabilite")
    cotisation = factories.CotisationFactory(medecin=factories.MedecinFactory(avec_compte=True))
    pleniere = factories.SeanceFactory(date=datetime.date(2026, 3, 12))
    demande = _inscrite(cotisation, comptable, pleniere)
    deliberation = _deliberation(pleniere)
    resultats = en_meme_temps(
        lambda: services.demande_exoneration_accorder(
            demande=demande, taux=100, deliberation=deliberation, par=comptable, today=AUJOURD_HUI
        ),
        lambda: services.demande_exoneration_refuser(
            demande=demande, motif="Revenus suffisants.", deliberation=deliberation, par=comptable, today=AUJOURD_HUI
        ),
    )
    assert [r.ok for r in resultats].count(True) == 1, resultats
    demande.refresh_from_db()
    cotisation.refresh_from_db()
    gagnant = next(r.valeur for r in resultats if r.ok)
    assert demande.statut == gagnant.statut
    assert (cotisation.exoneration_taux == 100) == (demande.statut == StatutDemande.ACCORDEE)
    assert Envoi.objects.filter(nature=NatureEnvoi.EXONERATION_DECISION).count() == 1


def test_le_personnel_depose_une_demande_papier_depuis_l_admin(client, comptable, cotisation, medecin):
    url = reverse("admin:cotisations_demandeexoneration_deposer")
    client.force_login(comptable)
    assert client.get(url).status_code == 200
    donnees = {"reference": cotisation.reference, "taux_demande": 30, "expose": EXPOSE, "fichiers": [_fichier()]}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 400 and "50 % ou de 100 %" in reponse.content.decode()
    reponse = client.post(url, {**donnees, "taux_demande": 50, "reference": "RF00 INCONNUE", "fichiers": [_fichier()]})
    assert reponse.status_code == 400 and "Aucune cotisation ne porte la référence « RF00INCONNUE »" in (
        reponse.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    )
    _rien_ecrit()
    espacee = " ".join(cotisation.reference[i : i + 4] for i in range(0, len(cotisation.reference), 4))
    reponse = client.post(url, {**donnees, "taux_demande": 50, "reference": espacee, "fichiers": [_fichier()]})
    assert reponse.status_code == 302
    demande = DemandeExoneration.objects.get()
    assert (demande.cotisation, demande.taux_demande, demande.deposee_par) == (cotisation, 50, comptable)

    client.force_login(factories.StaffFactory(groupe="tableau"))
    assert client.get(url).status_code == 403


def test_toutes_les_erreurs_sont_dites_a_la_fois(connecte, cotisation):
    faux = _fichier("avis.pdf", b"Ceci est un texte.\n" * 4)
    reponse = connecte.post(reverse("exonerations:deposer"), _formulaire(cotisation, expose="", fichiers=[faux]))
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "Exposez votre situation professionnelle." in page and "d&#x27;après son contenu" in page
    _rien_ecrit()
