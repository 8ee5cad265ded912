"""One validator per field for every door (API, admin, import, espace): the phone number the annuaire publishes and a
plausible birth date (CONTRACT.md tableau: "a phone number: digits with spaces, dots or a leading +";
"date_naissance not in the future, nor more than 120 years ago")."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tableau.importation import fichier_importer
from tableau.models import Medecin
from tableau.validators import MESSAGE_TELEPHONE, valider_date_naissance, valider_telephone
from tests import factories
from tests.factories import rpps_valide

JOUR_IMPORT = datetime.date(2026, 4, 14)

pytestmark = pytest.mark.django_db


def _il_y_a(annees: int, jours: int = 0) -> datetime.date:
    today = timezone.localdate()
    try:
        date = today.replace(year=today.year - annees)
    except ValueError:  # 29 February
        date = today.replace(year=today.year - annees, day=28)
    return date + datetime.timedelta(days=jours)


# --- The rules, on either side of each boundary --------------------------------------------------------------------


@pytest.mark.parametrize(
    "numero", ["05 53 00 00 00", "05.53.00.00.00", "0553000000", "+33 5 53 00 00 00", "+352 123 456", "12345678"]
)
def test_un_numero_de_chiffres_separes_par_des_espaces_ou_des_points_est_accepte(numero):
    valider_telephone(numero)


@pytest.mark.parametrize(
    "numero",
    ["abc", "05 53 ab 00 00", "1234567", "1234567890123456", "05-53-00-00-00", "05..53 00 00 00", "33+5 53 00 00 00"],
)
def test_un_numero_avec_des_lettres_d_autres_signes_ou_hors_de_8_a_15_chiffres_est_refuse(numero):
    with pytest.raises(ValidationError) as err:
        valider_telephone(numero)
    assert err.value.messages == [MESSAGE_TELEPHONE]


def test_un_medecin_de_18_ans_est_accepte_et_un_de_17_ans_refuse():
    valider_date_naissance(_il_y_a(18), today=timezone.localdate())
    with pytest.raises(ValidationError) as err:
        valider_date_naissance(_il_y_a(18, jours=1), today=timezone.localdate())
    assert "17 ans" in err.value.messages[0] and "au moins 18 ans" in err.value.messages[0]


def test_une_date_de_naissance_d_il_y_a_120_ans_est_acceptee_et_au_dela_refusee():
    valider_date_naissance(_il_y_a(121, jours=1), today=timezone.localdate())  # still 120 years old
    with pytest.raises(ValidationError) as err:
        valider_date_naissance(_il_y_a(121), today=timezone.localdate())
    assert "121 ans, plus de 120 ans : vérifiez l'année" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        valider_date_naissance(datetime.date(1800, 1, 1), today=timezone.localdate())
    assert "01/01/1800" in err.value.messages[0]


# --- API --------------------------------------------------------------------------------------------------------


def _nouveau(**valeurs):
    return {
        "rpps": rpps_valide(777),
        "nom": "Durand",
        "prenom": "Camille",
        "sexe": "F",
        "date_naissance": "1985-04-12",
        "statut": "inscrit",
        "exercice": "liberal",
        **valeurs,
    }


def test_l_api_refuse_un_telephone_en_lettres_avec_400_sur_telephone_et_n_ecrit_rien(api_client, staff_tableau):
    api_client.force_authenticate(staff_tableau)
    reponse = api_client.post("/api/medecins/", _nouveau(telephone="abc"), format="json")
    assert reponse.status_code == 400
    assert reponse.json() == {"telephone": [MESSAGE_TELEPHONE]}
    assert not Medecin.objects.exists()


def test_un_medecin_ne_peut_pas_publier_un_telephone_en_lettres_par_l_api(api_client, medecin):
    api_client.force_authenticate(medecin.user)
    reponse = api_client.patch(f"/api/medecins/{medecin.pk}/", {"telephone": "abc"}, format="json")
    assert reponse.status_code == 400
    assert reponse.json() == {"telephone": [MESSAGE_TELEPHONE]}
    medecin.refresh_from_db()
    assert medecin.telephone == "05 53 00 00 00"


@pytest.mark.parametrize(("date", "mot"), [("1800-01-01", "plus de 120 ans"), ("2099-01-01", "futur")])
def test_l_api_refuse_une_date_de_naissance_invraisemblable(api_client, staff_tableau, date, mot):
    api_client.force_authenticate(staff_tableau)
    reponse = api_client.post("/api/medecins/", _nouveau(date_naissance=date), format="json")
    assert reponse.status_code == 400
    assert list(reponse.json()) == ["date_naissance"]
    assert mot in reponse.json()["date_naissance"][0]
    assert not Medecin.objects.exists()


# --- Admin --------------------------------------------------------------------------------------------------------


def test_l_admin_refuse_un_telephone_en_lettres_a_cote_du_champ_et_n_ecrit_rien(client, staff_tableau, medecin):
    client.force_login(staff_tableau)
    url = f"/admin/tableau/medecin/{medecin.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    donnees = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        donnees.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    donnees.pop("opposition_annuaire", None)
    donnees.pop("premiere_inscription", None)
    donnees.update(telephone="abc", date_naissance="01/01/1800")
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    erreurs = reponse.context["adminform"].form.errors
    assert erreurs["telephone"] == [MESSAGE_TELEPHONE]
    assert "plus de 120 ans" in erreurs["date_naissance"][0]
    medecin.refresh_from_db()
    assert medecin.telephone == "05 53 00 00 00"


# --- Import -------------------------------------------------------------------------------------------------------


def test_l_import_signale_un_telephone_ou_une_date_de_naissance_invraisemblable_avec_sa_ligne(tmp_path, staff_tableau):
    chemin = tmp_path / "t.csv"
    chemin.write_text(
        "rpps,nom,prenom,sexe,date_naissance,statut,exercice,telephone\n"
        f"{rpps_valide(901)},Bon,Anne,F,1980-01-01,inscrit,liberal,05 53 00 00 00\n"
        f"{rpps_valide(902)},Lettres,Anne,F,1980-01-01,inscrit,liberal,abc\n"
        f"{rpps_valide(903)},Ancien,Anne,F,01/01/1800,inscrit,liberal,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=chemin, par=staff_tableau, today=JOUR_IMPORT)
    assert err.value.messages[0] == f"Ligne 3, champ « telephone » : {MESSAGE_TELEPHONE}"
    assert err.value.messages[1].startswith("Ligne 4, champ « date_naissance » : La date de naissance du 01/01/1800")
    assert len(err.value.messages) == 2
    assert not Medecin.objects.exists()


# --- Espace médecin -----------------------------------------------------------------------------------------------


def test_l_espace_refuse_un_telephone_en_lettres_avec_le_meme_message(client, medecin):
    client.force_login(medecin.user)
    champs = ("adresse_correspondance", "code_postal_correspondance", "ville_correspondance", "email")
    donnees = {c: getattr(medecin, c) for c in champs}
    reponse = client.post(reverse("espace:coordonnees"), {**donnees, "telephone": "abc"})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["telephone"] == [MESSAGE_TELEPHONE]
    medecin.refresh_from_db()
    assert medecin.telephone == "05 53 00 00 00"
    assert medecin.history.count() == 1


def test_un_telephone_valide_saisi_dans_l_espace_est_publie_tel_quel(client, medecin):
    client.force_login(medecin.user)
    reponse = client.post(reverse("espace:coordonnees"), {"telephone": "+33 5 53 12 34 56", "email": medecin.email})
    assert reponse.status_code == 302
    medecin.refresh_from_db()
    assert medecin.telephone == "+33 5 53 12 34 56"
    assert "+33 5 53 12 34 56" in client.get(reverse("annuaire:recherche"), {"q": medecin.rpps}).content.decode()


def test_l_age_se_juge_au_jour_de_la_saisie_que_le_service_recoit_pas_a_l_horloge(db):
    from tableau.services import medecin_creer

    agent = factories.StaffFactory(groupe="tableau")
    donnees = {
        "rpps": factories.rpps_valide(4242),
        "nom": "Jeune",
        "prenom": "Léa",
        "sexe": "F",
        "date_naissance": datetime.date(2008, 6, 2),  # 18 on 2 June 2026, 17 the day before
        "statut": "inscrit",
        "exercice": "liberal",
    }
    with pytest.raises(ValidationError) as err:
        medecin_creer(donnees=donnees, par=agent, today=datetime.date(2026, 6, 1))
    assert "17 ans" in err.value.message_dict["date_naissance"][0]
    assert medecin_creer(donnees=donnees, par=agent, today=datetime.date(2026, 6, 2)).pk
