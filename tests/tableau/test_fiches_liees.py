"""The records that hang on a doctor's file (qualifications, places of practice, activities, documents issued) are
written by tableau.services, which ask the one permission helper: on the doctor's page (inlines), on their own
admin pages, and by any other door. They feed the public annuaire (specialty, addresses)."""

import datetime
from html import unescape

import pytest
from django import forms
from django.core.exceptions import PermissionDenied

from config.perms import Regle
from tableau import perms
from tableau.models import Activite, DocumentProfessionnel, LieuExercice, Medecin, Qualification
from tableau.services import fiche_liee_enregistrer, fiche_liee_supprimer
from tests import factories
from tests.factories import MedecinFactory, StaffFactory

LISTE = "/admin/tableau/medecin/"

FABRIQUES = {
    Qualification: factories.QualificationFactory,
    LieuExercice: factories.LieuExerciceFactory,
    Activite: factories.ActiviteFactory,
    DocumentProfessionnel: factories.DocumentProfessionnelFactory,
}

# One record of each kind as its own admin page posts it (the doctor added by the test).
SAISIES = {
    Qualification: {"type": "specialite", "intitule": "Médecine générale", "date": "2010-10-01", "decision": ""},
    LieuExercice: {
        "principal": "on",
        "intitule": "Cabinet",
        "adresse": "3 place Bugeaud",
        "code_postal": "24000",
        "ville": "Périgueux",
        "date_debut": "",
        "date_fin": "",
    },
    Activite: {"type": "autre", "libelle": "Coordination d'EHPAD", "date_debut": "2020-01-01", "date_fin": ""},
    DocumentProfessionnel: {
        "type": "caducee",
        "motif": "attribution",
        "numero": "C-12",
        "date_delivrance": "2020-01-01",
        "date_expiration": "",
    },
}
# The field each test changes, and its new value.
CHANGEMENTS = {
    Qualification: ("intitule", "Médecine du sport"),
    LieuExercice: ("ville", "Sarlat-la-Canéda"),
    Activite: ("libelle", "Remplacements l'été"),
    DocumentProfessionnel: ("numero", "C-13"),
}
MODELES = list(FABRIQUES)


def _url(modele, suite=""):
    return f"/admin/tableau/{modele._meta.model_name}/{suite}"


def _valeur(v):
    if v is None:
        return ""
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def _form_tel_quel(form, prefixe=None) -> dict:
    """A form's initial values as the browser sends them back (an unchecked box is not sent)."""
    donnees = {}
    for nom, champ in form.fields.items():
        valeur = form.initial.get(nom, champ.initial)
        if hasattr(valeur, "pk"):
            valeur = valeur.pk
        if isinstance(champ, forms.BooleanField) and not valeur:
            continue
        cle = f"{prefixe}-{nom}" if prefixe else nom
        donnees[cle] = "on" if valeur is True else _valeur(valeur)
    return donnees


def page_du_medecin(client, medecin) -> tuple[str, dict]:
    """The doctor's change page and everything it would post back unchanged (the file and each inline)."""
    url = f"{LISTE}{medecin.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    donnees = {k: v for k, v in _form_tel_quel(form).items() if k in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for nom, valeur in formset.management_form.initial.items():
            donnees[f"{formset.prefix}-{nom}"] = valeur
        for i, f in enumerate(formset.forms):
            donnees.update(_form_tel_quel(f, f"{formset.prefix}-{i}"))
    return url, donnees


def _ajouter_au_post(donnees: dict, prefixe: str, valeurs: dict) -> None:
    i = int(donnees[f"{prefixe}-TOTAL_FORMS"])
    donnees[f"{prefixe}-TOTAL_FORMS"] = i + 1
    for champ, valeur in valeurs.items():
        if valeur != "":
            donnees[f"{prefixe}-{i}-{champ}"] = valeur


PREFIXES = {
    Qualification: "qualifications",
    LieuExercice: "lieux",
    Activite: "activites",
    DocumentProfessionnel: "documents",
}


def _erreurs_de_la_page(reponse) -> str:
    return unescape(reponse.content.decode())


@pytest.fixture
def admin_tableau(client, staff_tableau):
    client.force_login(staff_tableau)
    return client


@pytest.fixture
def accueil(db):
    return StaffFactory(groupe="accueil")


# --- the service: the one permission helper, then full_clean and the history's author ---------------------------


@pytest.mark.parametrize("modele", MODELES)
def test_l_accueil_est_refuse_par_le_service_pour_ajouter_modifier_ou_supprimer_et_rien_n_est_ecrit(modele, accueil):
    medecin = MedecinFactory()
    nouvelle = FABRIQUES[modele].build(medecin=medecin)
    with pytest.raises(PermissionDenied, match="Vous n'avez pas le droit d'ajouter"):
        fiche_liee_enregistrer(instance=nouvelle, par=accueil)
    assert not modele.objects.exists() and not modele.history.exists()

    existante = FABRIQUES[modele](medecin=medecin)
    avant = existante.history.count()
    champ, valeur = CHANGEMENTS[modele]
    setattr(existante, champ, valeur)
    with pytest.raises(PermissionDenied, match="Vous n'avez pas le droit de modifier"):
        fiche_liee_enregistrer(instance=existante, par=accueil)
    assert getattr(modele.objects.get(pk=existante.pk), champ) != valeur
    with pytest.raises(PermissionDenied, match="Vous n'avez pas le droit de supprimer"):
        fiche_liee_supprimer(instance=existante, par=accueil)
    assert modele.objects.filter(pk=existante.pk).exists()
    assert existante.history.count() == avant


@pytest.mark.parametrize("modele", MODELES)
def test_le_service_du_tableau_ajoute_modifie_et_supprime_en_son_nom(modele, staff_tableau):
    fiche = fiche_liee_enregistrer(instance=FABRIQUES[modele].build(medecin=MedecinFactory()), par=staff_tableau)
    champ, valeur = CHANGEMENTS[modele]
    setattr(fiche, champ, valeur)
    fiche_liee_enregistrer(instance=fiche, par=staff_tableau)
    pk = fiche.pk
    fiche_liee_supprimer(instance=fiche, par=staff_tableau)
    assert not modele.objects.filter(pk=pk).exists()
    versions = modele.history.filter(id=pk).order_by("history_id")
    assert [v.history_type for v in versions] == ["+", "~", "-"]
    assert {v.history_user for v in versions} == {staff_tableau}


def test_le_service_refuse_un_second_lieu_principal_en_cours_en_francais(staff_tableau):
    medecin = MedecinFactory()
    factories.LieuExerciceFactory(medecin=medecin, principal=True)
    with pytest.raises(Exception, match="déjà un lieu d'exercice principal en cours"):
        fiche_liee_enregistrer(
            instance=LieuExercice(
                medecin=medecin, principal=True, adresse="1 rue Taillefer", code_postal="24000", ville="Périgueux"
            ),
            par=staff_tableau,
        )
    assert LieuExercice.objects.filter(medecin=medecin).count() == 1


def test_une_fiche_qui_n_est_pas_liee_au_medecin_ne_passe_pas_par_ce_service(staff_tableau):
    with pytest.raises(TypeError):
        fiche_liee_enregistrer(instance=factories.ChangementStatutFactory.build(), par=staff_tableau)


# --- the doctor's page: the inlines are saved by the services ---------------------------------------------------


def test_les_fiches_ajoutees_sur_la_page_du_medecin_passent_par_le_service_en_son_nom(admin_tableau, staff_tableau):
    medecin = MedecinFactory()
    url, donnees = page_du_medecin(admin_tableau, medecin)
    for modele in MODELES:
        _ajouter_au_post(donnees, PREFIXES[modele], SAISIES[modele])
    reponse = admin_tableau.post(url, donnees)
    assert reponse.status_code == 302, _erreurs_de_la_page(reponse)
    for modele in MODELES:
        fiche = modele.objects.get(medecin=medecin)
        assert fiche.history.get().history_user == staff_tableau, modele


def test_modifier_et_supprimer_sur_la_page_du_medecin_passent_par_le_service_en_son_nom(admin_tableau, staff_tableau):
    medecin = MedecinFactory()
    fiches = {modele: FABRIQUES[modele](medecin=medecin) for modele in MODELES}
    garder = factories.QualificationFactory(medecin=medecin, intitule="Gériatrie", date=datetime.date(2015, 1, 1))
    url, donnees = page_du_medecin(admin_tableau, medecin)
    for modele, fiche in fiches.items():
        prefixe = PREFIXES[modele]
        i = next(i for i in range(int(donnees[f"{prefixe}-TOTAL_FORMS"])) if donnees[f"{prefixe}-{i}-id"] == fiche.pk)
        champ, valeur = CHANGEMENTS[modele]
        donnees[f"{prefixe}-{i}-{champ}"] = valeur
    i_garder = next(i for i in range(2) if donnees[f"qualifications-{i}-id"] == garder.pk)
    donnees[f"qualifications-{i_garder}-DELETE"] = "on"
    reponse = admin_tableau.post(url, donnees)
    assert reponse.status_code == 302, _erreurs_de_la_page(reponse)
    for modele, fiche in fiches.items():
        champ, valeur = CHANGEMENTS[modele]
        fiche.refresh_from_db()
        assert getattr(fiche, champ) == valeur
        assert fiche.history.first().history_user == staff_tableau
    assert not Qualification.objects.filter(pk=garder.pk).exists()
    suppression = Qualification.history.filter(id=garder.pk).first()
    assert suppression.history_type == "-" and suppression.history_user == staff_tableau


def test_deux_lieux_principaux_ajoutes_ensemble_sont_refuses_en_francais_et_rien_n_est_ecrit(admin_tableau):
    """Each form alone is valid (the database has no principal place yet): the service, saving the second, refuses
    it; the page comes back (not an error page) and the doctor's own change is not kept either."""
    medecin = MedecinFactory(email="avant@exemple.fr")
    url, donnees = page_du_medecin(admin_tableau, medecin)
    donnees["email"] = "apres@exemple.fr"
    _ajouter_au_post(donnees, "lieux", SAISIES[LieuExercice])
    _ajouter_au_post(donnees, "lieux", {**SAISIES[LieuExercice], "adresse": "1 rue Taillefer"})
    reponse = admin_tableau.post(url, donnees)
    assert reponse.status_code == 200
    formset = next(f.formset for f in reponse.context["inline_admin_formsets"] if f.formset.prefix == "lieux")
    assert "Le médecin a déjà un lieu d'exercice principal en cours." in formset.forms[1].non_field_errors()
    assert "Le médecin a déjà un lieu d'exercice principal en cours." in _erreurs_de_la_page(reponse)
    assert not LieuExercice.objects.exists()
    medecin.refresh_from_db()
    assert medecin.email == "avant@exemple.fr"


def test_sur_la_page_d_ajout_un_refus_d_une_fiche_n_inscrit_pas_le_medecin(admin_tableau):
    from tests.tableau.test_admin import AJOUT, fiche, gestion_inlines

    gestion = gestion_inlines(admin_tableau.get(AJOUT))
    donnees = {**fiche(), **gestion}
    _ajouter_au_post(donnees, "lieux", SAISIES[LieuExercice])
    _ajouter_au_post(donnees, "lieux", {**SAISIES[LieuExercice], "adresse": "1 rue Taillefer"})
    reponse = admin_tableau.post(AJOUT, donnees)
    assert reponse.status_code == 200
    assert "Le médecin a déjà un lieu d'exercice principal en cours." in _erreurs_de_la_page(reponse)
    assert not Medecin.objects.exists() and not LieuExercice.objects.exists()


def test_un_refus_du_droit_par_le_service_s_affiche_en_francais_sur_la_page_du_medecin(admin_tableau, monkeypatch):
    """The admin's own gate (the inline's model permissions) lets the entry through; the service's rule, stricter
    here, refuses it: the refusal shows beside the record, nothing is written."""
    monkeypatch.setitem(
        perms.ACTIONS,
        "qualification_ajouter",
        Regle("ajouter une qualification à la fiche d'un médecin", "tableau.delete_medecin"),
    )
    medecin = MedecinFactory()
    url, donnees = page_du_medecin(admin_tableau, medecin)
    _ajouter_au_post(donnees, "qualifications", SAISIES[Qualification])
    reponse = admin_tableau.post(url, donnees)
    assert reponse.status_code == 200
    assert "Vous n'avez pas le droit d'ajouter une qualification à la fiche d'un médecin" in _erreurs_de_la_page(
        reponse
    )
    assert not Qualification.objects.exists()


def test_une_suppression_refusee_par_le_service_s_affiche_au_dessus_de_la_liste(admin_tableau, monkeypatch):
    monkeypatch.setitem(
        perms.ACTIONS,
        "activite_supprimer",
        Regle("supprimer une activité de la fiche d'un médecin", "tableau.delete_medecin"),
    )
    activite = factories.ActiviteFactory()
    url, donnees = page_du_medecin(admin_tableau, activite.medecin)
    donnees["activites-0-DELETE"] = "on"
    reponse = admin_tableau.post(url, donnees)
    assert reponse.status_code == 200
    formset = next(f.formset for f in reponse.context["inline_admin_formsets"] if f.formset.prefix == "activites")
    assert any("Vous n'avez pas le droit de supprimer une activité" in e for e in formset.non_form_errors())
    assert Activite.objects.filter(pk=activite.pk).exists()


# --- their own admin pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("modele", MODELES)
def test_leur_propre_page_ajoute_modifie_et_supprime_par_le_service_en_son_nom(modele, admin_tableau, staff_tableau):
    medecin = MedecinFactory()
    reponse = admin_tableau.post(_url(modele, "add/"), {"medecin": medecin.pk, **SAISIES[modele]})
    assert reponse.status_code == 302, _erreurs_de_la_page(reponse)
    fiche = modele.objects.get(medecin=medecin)
    champ, valeur = CHANGEMENTS[modele]
    reponse = admin_tableau.post(
        _url(modele, f"{fiche.pk}/change/"), {"medecin": medecin.pk, **SAISIES[modele], champ: valeur}
    )
    assert reponse.status_code == 302, _erreurs_de_la_page(reponse)
    fiche.refresh_from_db()
    assert getattr(fiche, champ) == valeur
    reponse = admin_tableau.post(_url(modele, f"{fiche.pk}/delete/"), {"post": "yes"})
    assert reponse.status_code == 302
    assert not modele.objects.filter(pk=fiche.pk).exists()
    versions = modele.history.filter(id=fiche.pk).order_by("history_id")
    assert [v.history_type for v in versions] == ["+", "~", "-"]
    assert {v.history_user for v in versions} == {staff_tableau}


def test_la_suppression_groupee_passe_aussi_par_le_service(admin_tableau, staff_tableau):
    qualifications = factories.QualificationFactory.create_batch(2)
    reponse = admin_tableau.post(
        _url(Qualification),
        {"action": "delete_selected", "_selected_action": [q.pk for q in qualifications], "post": "yes"},
    )
    assert reponse.status_code == 302
    assert not Qualification.objects.exists()
    assert set(Qualification.history.filter(history_type="-").values_list("history_user", flat=True)) == {
        staff_tableau.pk
    }


def test_leur_propre_page_montre_le_second_lieu_principal_refuse_en_francais(admin_tableau):
    medecin = MedecinFactory()
    factories.LieuExerciceFactory(medecin=medecin, principal=True)
    reponse = admin_tableau.post(_url(LieuExercice, "add/"), {"medecin": medecin.pk, **SAISIES[LieuExercice]})
    assert reponse.status_code == 200
    assert "Le médecin a déjà un lieu d'exercice principal en cours." in _erreurs_de_la_page(reponse)
    assert LieuExercice.objects.filter(medecin=medecin).count() == 1


def test_un_refus_du_droit_par_le_service_s_affiche_sur_leur_propre_page(admin_tableau, monkeypatch):
    monkeypatch.setitem(
        perms.ACTIONS, "documentprofessionnel_ajouter", Regle("ajouter un document", "tableau.delete_medecin")
    )
    medecin = MedecinFactory()
    reponse = admin_tableau.post(
        _url(DocumentProfessionnel, "add/"), {"medecin": medecin.pk, **SAISIES[DocumentProfessionnel]}
    )
    assert reponse.status_code == 200
    assert "Vous n'avez pas le droit d'ajouter un document" in _erreurs_de_la_page(reponse)
    assert not DocumentProfessionnel.objects.exists()


def test_les_quatre_pages_enregistrent_par_les_services():
    from django.contrib import admin

    from commun.admin import ServiceAdmin

    for modele in MODELES:
        assert isinstance(admin.site._registry[modele], ServiceAdmin), modele
