"""Volunteers (issue 13 point 2; seed 004; CONTRACT.md solidarite): explicit states with reasons and a log, dated
checks of the register, the activity added and the other councils told on validation, the idempotent import."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commun.models import Envoi
from solidarite import services
from solidarite.importation import fichier_importer
from solidarite.models import ChangementStatutVolontaire, Verification, Volontaire
from tableau.models import Activite
from tests import factories

from .conftest import AUJOURDHUI, DEPOT

pytestmark = pytest.mark.django_db


def _deposer(medecin, lieux, par=None):
    return services.volontaire_deposer(
        medecin=medecin, lieux=lieux, creneaux_souhaites="Un samedi par mois", par=par or medecin.user, today=DEPOT
    )


def test_un_medecin_se_porte_volontaire_pour_lui_meme(medecin, lieu):
    v = _deposer(medecin, [lieu])
    assert v.statut == "deposee" and v.date_depot == DEPOT
    assert list(v.changements.values_list("ancien_statut", "nouveau_statut")) == [("", "deposee")]


def test_un_medecin_ne_se_porte_pas_volontaire_pour_un_autre(medecin, autre_medecin, lieu):
    with pytest.raises(PermissionDenied):
        _deposer(autre_medecin, [lieu], par=medecin.user)
    assert not Volontaire.objects.exists()


def test_une_seule_candidature_ouverte_par_medecin(medecin, lieu):
    _deposer(medecin, [lieu])
    with pytest.raises(ValidationError) as err:
        _deposer(medecin, [lieu])
    assert "medecin" in err.value.message_dict
    assert Volontaire.objects.count() == 1


def test_sans_lieu_la_candidature_est_refusee(medecin):
    with pytest.raises(ValidationError) as err:
        _deposer(medecin, [])
    assert "lieux" in err.value.message_dict
    assert not Volontaire.objects.exists()


def test_valider_verifie_le_tableau_et_ajoute_l_activite(medecin, lieu, staff_tableau):
    v = _deposer(medecin, [lieu])
    services.volontaire_valider(volontaire=v, par=staff_tableau, today=AUJOURDHUI)
    v.refresh_from_db()
    assert v.statut == "validee"
    # deposee → en_verification → validee, each in the log
    assert list(v.changements.values_list("nouveau_statut", flat=True)) == ["deposee", "en_verification", "validee"]
    preuves = Verification.objects.filter(volontaire=v, occasion="validation")
    assert sorted(preuves.values_list("critere", flat=True)) == ["inscrit", "mode_exercice", "sans_interdiction"]
    assert all(p.conforme and p.par == staff_tableau and p.date == AUJOURDHUI for p in preuves)
    activite = Activite.objects.get(medecin=medecin, type="solidarite_territoriale")
    assert activite.date_debut == AUJOURDHUI


@pytest.mark.parametrize(
    ("champ", "valeur", "mot"),
    [("statut", "radie", "radié"), ("exercice", "humanitaire", "humanitaire"), ("statut", "en_instruction", "inscrit")],
)
def test_valider_un_medecin_qui_ne_remplit_pas_les_conditions_est_refuse(
    medecin, lieu, staff_tableau, champ, valeur, mot
):
    v = _deposer(medecin, [lieu])
    type(medecin).objects.filter(pk=medecin.pk).update(**{champ: valeur})
    with pytest.raises(ValidationError) as err:
        services.volontaire_valider(volontaire=v, par=staff_tableau, today=AUJOURDHUI)
    assert mot in " ".join(err.value.message_dict["medecin"])
    v.refresh_from_db()
    assert v.statut == "deposee"  # nothing written: not even the opening of the verification
    assert not Verification.objects.exists()
    assert not Activite.objects.filter(medecin=medecin).exists()
    assert v.changements.count() == 1


def test_la_validation_avise_le_conseil_de_chaque_lieu_d_un_autre_departement(
    medecin, lieu, lieu_correze, staff_tableau, django_capture_on_commit_callbacks, mailoutbox
):
    factories.ConseilDepartementalFactory(departement="19", email="cdom19@ordre-temoin.example")
    factories.ConseilDepartementalFactory(departement="24", email="nous@ordre-temoin.example")
    v = _deposer(medecin, [lieu, lieu_correze])
    with django_capture_on_commit_callbacks(execute=True):
        services.volontaire_valider(volontaire=v, par=staff_tableau, today=AUJOURDHUI)
    assert list(Envoi.objects.values_list("destinataire", flat=True)) == ["cdom19@ordre-temoin.example"]
    assert len(mailoutbox) == 1
    assert "Ussel" in mailoutbox[0].body and "Nontron" not in mailoutbox[0].body


def test_demander_une_correction_exige_un_motif(medecin, lieu, staff_tableau):
    v = _deposer(medecin, [lieu])
    with pytest.raises(ValidationError) as err:
        services.volontaire_demander_correction(volontaire=v, motif="  ", par=staff_tableau, today=AUJOURDHUI)
    assert "motif" in err.value.message_dict
    v.refresh_from_db()
    assert v.statut == "deposee" and v.changements.count() == 1


def test_correction_demandee_puis_corrigee_revient_en_verification(medecin, lieu, lieu_correze, staff_tableau):
    v = _deposer(medecin, [lieu])
    services.volontaire_demander_correction(
        volontaire=v, motif="Précisez vos créneaux.", par=staff_tableau, today=AUJOURDHUI
    )
    services.volontaire_corriger(
        volontaire=v, creneaux_souhaites="Les samedis", lieux=[lieu_correze], par=medecin.user, today=AUJOURDHUI
    )
    v.refresh_from_db()
    assert v.statut == "en_verification"
    assert list(v.lieux.all()) == [lieu_correze]
    motifs = list(v.changements.values_list("nouveau_statut", "motif"))
    assert ("correction_demandee", "Précisez vos créneaux.") in motifs


def test_refuser_exige_un_motif_et_clot(medecin, lieu, staff_tableau):
    v = _deposer(medecin, [lieu])
    with pytest.raises(ValidationError):
        services.volontaire_refuser(volontaire=v, motif="", par=staff_tableau, today=AUJOURDHUI)
    services.volontaire_refuser(volontaire=v, motif="Hors du périmètre du pilote.", par=staff_tableau, today=AUJOURDHUI)
    v.refresh_from_db()
    assert v.statut == "refusee"
    with pytest.raises(ValidationError):
        services.volontaire_valider(volontaire=v, par=staff_tableau, today=AUJOURDHUI)
    # closed: a new application may be filed
    assert _deposer(medecin, [lieu]).statut == "deposee"


def test_classer_sans_suite_exige_un_motif(medecin, lieu, staff_tableau):
    v = _deposer(medecin, [lieu])
    with pytest.raises(ValidationError):
        services.volontaire_classer_sans_suite(volontaire=v, motif="", par=staff_tableau, today=AUJOURDHUI)
    services.volontaire_classer_sans_suite(
        volontaire=v, motif="Pas de réponse du médecin.", par=staff_tableau, today=AUJOURDHUI
    )
    assert ChangementStatutVolontaire.objects.filter(volontaire=v, nouveau_statut="sans_suite").exists()


def test_un_medecin_n_instruit_pas_sa_propre_candidature(medecin, lieu):
    v = _deposer(medecin, [lieu])
    with pytest.raises(PermissionDenied):
        services.volontaire_valider(volontaire=v, par=medecin.user, today=AUJOURDHUI)
    v.refresh_from_db()
    assert v.statut == "deposee"


def test_les_controles_sont_rejoues_avant_chaque_export_une_preuve_par_jour(volontaire, systeme):
    assert services.controles_export(volontaires=[volontaire], par=systeme, today=AUJOURDHUI) == set()
    assert services.controles_export(volontaires=[volontaire], par=systeme, today=AUJOURDHUI) == set()
    assert Verification.objects.filter(occasion="export").count() == 3  # the same day, the same result: once
    type(volontaire.medecin).objects.filter(pk=volontaire.medecin_id).update(statut="radie")
    volontaire.medecin.refresh_from_db()
    assert services.controles_export(volontaires=[volontaire], par=systeme, today=AUJOURDHUI) == {volontaire.pk}
    assert Verification.objects.filter(occasion="export", conforme=False).count() == 2


def test_renouveler_le_lien_revoque_l_ancien(volontaire, medecin):
    ancien = volontaire.jeton_agenda
    services.jeton_renouveler(volontaire=volontaire, par=medecin.user, today=AUJOURDHUI)
    volontaire.refresh_from_db()
    assert volontaire.jeton_agenda != ancien and len(volontaire.jeton_agenda) >= 40


# --- the import of the national form's export, keyed by its file number ---


def _fichier(medecin, lieux, numero="DS-18092025-001", creneaux="Un samedi par mois"):
    ids = "|".join(str(lieu.pk) for lieu in lieux)
    return (
        "numero_dossier;rpps;lieux;creneaux_souhaites;lieu_exercice_principal;date_depot\n"
        f"{numero};{medecin.rpps};{ids};{creneaux};Cabinet de Périgueux;18/09/2026\n"
    ).encode()


def test_l_import_est_idempotent_par_numero_de_dossier(medecin, lieu, systeme):
    assert fichier_importer(fichier=_fichier(medecin, [lieu]), par=systeme, today=AUJOURDHUI) == {
        "crees": 1,
        "modifies": 0,
        "inchanges": 0,
    }
    assert fichier_importer(fichier=_fichier(medecin, [lieu]), par=systeme, today=AUJOURDHUI)["inchanges"] == 1
    v = Volontaire.objects.get()
    assert v.numero_dossier == "DS-18092025-001" and v.date_depot == datetime.date(2026, 9, 18)
    resultat = fichier_importer(fichier=_fichier(medecin, [lieu], creneaux="Les mardis"), par=systeme, today=AUJOURDHUI)
    assert resultat["modifies"] == 1
    assert Volontaire.objects.get().creneaux_souhaites == "Les mardis"


def test_l_import_d_un_rpps_inconnu_n_ecrit_rien(medecin, lieu, systeme):
    bon = _fichier(medecin, [lieu])
    mauvais = bon + b"DS-2;10000000000;1;;;18/09/2026\n"
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=mauvais, par=systeme, today=AUJOURDHUI)
    assert "Ligne 3" in " ".join(err.value.messages)
    assert not Volontaire.objects.exists()


def test_l_import_trouve_les_lieux_par_leur_nom_comme_le_formulaire_les_ecrit(medecin, lieu, lieu_correze, systeme):
    """The national form names the wished places: by name (accents, case and spaces aside), « name (commune) »
    when two share a name, or this back-office's id; an unknown or ambiguous name is said, nothing written."""
    homonyme = factories.LieuSolidariteFactory(nom="Maison de santé d'Ussel", commune="Ussel-Haut", departement="19")
    entete = "numero_dossier;rpps;lieux;creneaux_souhaites\n"

    def ligne(lieux):
        return (entete + f"DS-1;{medecin.rpps};{lieux};Samedis\n").encode()

    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=ligne("maison de sante d'ussel"), par=systeme, today=AUJOURDHUI)
    assert "plusieurs lieux s'appellent" in err.value.messages[0] and "(Ussel-Haut)" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=ligne("Hôpital de nulle part"), par=systeme, today=AUJOURDHUI)
    assert "lieu inconnu : « Hôpital de nulle part »" in err.value.messages[0]
    assert not Volontaire.objects.exists()
    texte = f"CENTRE DE SANTÉ  DE NONTRON|Maison de santé d'Ussel (Ussel)|{homonyme.pk}"
    assert fichier_importer(fichier=ligne(texte), par=systeme, today=AUJOURDHUI)["crees"] == 1
    assert set(Volontaire.objects.get().lieux.all()) == {lieu, lieu_correze, homonyme}


def test_l_import_depuis_le_back_office(client, medecin, lieu, staff_tableau):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_tableau)
    assert client.get("/admin/solidarite/volontaire/importer/").status_code == 200
    fichier = SimpleUploadedFile("export.csv", _fichier(medecin, [lieu]), content_type="text/csv")
    reponse = client.post("/admin/solidarite/volontaire/importer/", {"fichier": fichier})
    assert reponse.status_code == 302
    assert Volontaire.objects.get().numero_dossier == "DS-18092025-001"


def test_un_conseil_sans_adresse_n_est_pas_avise_et_le_personnel_le_sait(
    client, medecin, lieu, lieu_correze, staff_tableau, django_capture_on_commit_callbacks, mailoutbox
):
    v = _deposer(medecin, [lieu, lieu_correze])  # Corrèze (19): no address recorded for its council
    client.force_login(staff_tableau)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            "/admin/solidarite/volontaire/",
            {"action": "valider", "_selected_action": [v.pk]},
            follow=True,
        )
    v.refresh_from_db()
    assert v.statut == "validee" and not mailoutbox
    textes = [str(m) for m in reponse.context["messages"]]
    assert any("conseil départemental de : 19" in t and "avisez-le par un autre moyen" in t for t in textes), textes


# « No bar to practice » (seed 004: « inscription ordinale, situation de carence professionnelle le cas échéant »):
# a check of its own, not the registration again. A doctor still registered may be banned or suspended for a time
# (tableau.RestrictionExercice): the check fails while it is in force, on the day it is run.


@pytest.mark.parametrize(
    "nature",
    ["interdiction_temporaire", "suspension_etat_pathologique", "suspension_insuffisance", "suspension_ars"],
)
def test_un_medecin_inscrit_mais_suspendu_ne_passe_pas_le_controle_sans_interdiction(medecin, nature):
    factories.RestrictionExerciceFactory(
        medecin=medecin, nature=nature, date_debut=datetime.date(2026, 9, 1), date_fin=datetime.date(2026, 11, 30)
    )
    controles = {c.critere: c for c in services.controler(medecin, today=AUJOURDHUI)}
    assert controles["inscrit"].conforme  # registered: the first check passes
    assert not controles["sans_interdiction"].conforme
    assert "du 01/09/2026 au 30/11/2026" in controles["sans_interdiction"].constat
    assert controles["mode_exercice"].conforme


@pytest.mark.parametrize(
    ("debut", "fin", "conforme"),
    [
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1), False),  # the last day of the ban is barred
        (datetime.date(2026, 10, 1), None, False),  # until a new decision
        (datetime.date(2025, 1, 1), datetime.date(2026, 9, 30), True),  # lifted the day before
        (datetime.date(2026, 10, 2), None, True),  # starts the next day
    ],
    ids=["dernier-jour", "sans-fin", "levee-la-veille", "commence-le-lendemain"],
)
def test_le_controle_sans_interdiction_lit_la_periode_au_jour_du_controle(medecin, debut, fin, conforme):
    factories.RestrictionExerciceFactory(medecin=medecin, date_debut=debut, date_fin=fin)
    (controle,) = [c for c in services.controler(medecin, today=AUJOURDHUI) if c.critere == "sans_interdiction"]
    assert controle.conforme is conforme


def test_valider_un_medecin_suspendu_est_refuse_en_disant_la_decision(medecin, lieu, staff_tableau):
    factories.RestrictionExerciceFactory(medecin=medecin, date_debut=datetime.date(2026, 9, 1), date_fin=None)
    v = _deposer(medecin, [lieu])
    with pytest.raises(ValidationError) as err:
        services.volontaire_valider(volontaire=v, par=staff_tableau, today=AUJOURDHUI)
    (message,) = err.value.message_dict["medecin"]
    assert "interdiction temporaire d'exercer" in message and "jusqu'à nouvelle décision" in message
    assert "Chambre disciplinaire" in message
    v.refresh_from_db()
    assert v.statut == "deposee" and not Verification.objects.exists()


def test_les_journees_d_un_medecin_suspendu_depuis_sont_exportees_annulees(volontaire, systeme):
    assert services.controles_export(volontaires=[volontaire], par=systeme, today=AUJOURDHUI) == set()
    factories.RestrictionExerciceFactory(medecin=volontaire.medecin, date_debut=AUJOURDHUI, date_fin=None)
    volontaire = Volontaire.objects.select_related("medecin").get(pk=volontaire.pk)
    assert services.controles_export(volontaires=[volontaire], par=systeme, today=AUJOURDHUI) == {volontaire.pk}
    echec = Verification.objects.get(occasion="export", conforme=False)
    assert echec.critere == "sans_interdiction" and "jusqu'à nouvelle décision" in echec.constat


def test_une_journee_pendant_la_suspension_est_refusee_apres_elle_acceptee(volontaire, lieu):
    factories.RestrictionExerciceFactory(
        medecin=volontaire.medecin, date_debut=datetime.date(2026, 11, 1), date_fin=datetime.date(2026, 11, 30)
    )
    H = datetime.time
    with pytest.raises(ValidationError) as err:
        services.journee_planifier(
            volontaire=volontaire,
            lieu=lieu,
            date=datetime.date(2026, 11, 14),
            debut=H(9),
            fin=H(17),
            par=volontaire.medecin.user,
            today=AUJOURDHUI,
        )
    assert "ne peut pas exercer" in err.value.message_dict["date"][0]
    assert not volontaire.journees.exists()
    journee = services.journee_planifier(
        volontaire=volontaire,
        lieu=lieu,
        date=datetime.date(2026, 12, 5),
        debut=H(9),
        fin=H(17),
        par=volontaire.medecin.user,
        today=AUJOURDHUI,
    )
    with pytest.raises(ValidationError):  # moved into the suspension: refused too
        services.journee_modifier(
            journee=journee, date=datetime.date(2026, 11, 28), par=volontaire.medecin.user, today=AUJOURDHUI
        )
    journee.refresh_from_db()
    assert journee.date == datetime.date(2026, 12, 5)


def test_le_service_du_tableau_enregistre_la_restriction_dans_la_fiche(medecin, staff_tableau):
    from tableau.models import RestrictionExercice
    from tableau.services import fiche_liee_enregistrer

    restriction = RestrictionExercice(
        medecin=medecin,
        nature="suspension_insuffisance",
        decision="Décision du conseil régional du 3 juin 2026",
        date_debut=datetime.date(2026, 6, 3),
        date_fin=datetime.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as err:  # ends before it starts
        fiche_liee_enregistrer(instance=restriction, par=staff_tableau)
    assert "ne peut précéder son début" in str(err.value)
    restriction.date_fin = datetime.date(2027, 6, 2)
    with pytest.raises(PermissionDenied):
        fiche_liee_enregistrer(instance=restriction, par=factories.StaffFactory(groupe="accueil"))
    fiche_liee_enregistrer(instance=restriction, par=staff_tableau)
    assert restriction.history.get().history_user == staff_tableau
