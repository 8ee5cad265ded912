"""The shared kit of the doors (commun/): one adapter from a service's refusal to a form, one admin mixin that saves
through the services, one read-only history, used by every app instead of a copy each."""

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from commun.admin import HistoriqueEnLecture, ServiceAdmin, ServiceMixin
from commun.formulaires import erreurs_du_service
from tests import factories


class _Formulaire(forms.Form):
    nom = forms.CharField(required=False)
    date = forms.DateField(required=False)


def test_le_refus_d_un_service_s_affiche_a_cote_du_champ_qu_il_nomme_et_le_reste_au_dessus():
    form = _Formulaire({"nom": "Dupont"})
    assert form.is_valid()
    erreurs_du_service(
        form,
        ValidationError({"date": "La date est dans le futur.", "statut": "Passage impossible.", "__all__": "Non."}),
    )
    assert form.errors["date"] == ["La date est dans le futur."]
    # A field the form does not have, and the errors without a field, go above the form.
    assert form.non_field_errors() == ["Passage impossible.", "Non."]
    assert "date" not in form.cleaned_data


def test_un_refus_sans_champ_s_affiche_au_dessus_du_formulaire():
    form = _Formulaire({})
    assert form.is_valid()
    erreurs_du_service(form, ValidationError(["Première raison.", "Seconde raison."]))
    assert form.non_field_errors() == ["Première raison.", "Seconde raison."]


def test_les_deux_apps_enregistrent_par_le_meme_mixin_et_montrent_l_historique_en_lecture_seule():
    import gouvernance.views
    import tableau.admin
    import tableau.views
    from gouvernance.models import Membre, Seance, VoieRecours
    from tableau.models import DeclarationPerteOrdonnances, Medecin, Societe

    for modele in (Medecin, Societe, Membre, Seance):
        modele_admin = admin.site._registry[modele]
        assert isinstance(modele_admin, ServiceMixin), modele
        assert isinstance(modele_admin, ServiceAdmin), modele
    for modele in (DeclarationPerteOrdonnances, VoieRecours):
        assert isinstance(admin.site._registry[modele], HistoriqueEnLecture), modele
    # No door keeps its own copy of the adapter.
    for module in (gouvernance.views, tableau.views, tableau.admin):
        assert not hasattr(module, "_erreurs_du_service"), module


@pytest.mark.django_db
def test_l_historique_de_gouvernance_ne_permet_pas_non_plus_de_revenir_a_une_version(client):
    from django.urls import reverse

    from gouvernance import services

    client.force_login(factories.StaffFactory(groupe="secretariat"))
    seance = services.seance_creer(date="2026-05-04", type="pleniere", par=factories.systeme())
    version = seance.history.get()
    url = reverse("admin:gouvernance_seance_simple_history", args=[seance.pk, version.history_id])
    page = client.get(url)
    assert page.status_code == 200 and "Version enregistrée" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # no "revert" button
    assert client.post(url, {"date": "2026-06-01"}).status_code == 403
    seance.refresh_from_db()
    assert str(seance.date) == "2026-05-04"


def test_les_icones_oui_non_de_l_admin_se_lisent_en_francais(client, db):
    from tableau.models import Medecin  # noqa: F401

    client.force_login(factories.StaffFactory(groupe="tableau"))
    factories.DeclarationPerteOrdonnancesFactory(plainte_deposee=True)
    html = client.get("/admin/tableau/declarationperteordonnances/").content.decode()
    assert 'alt="oui"' in html
    assert 'alt="True"' not in html and 'alt="False"' not in html and 'alt="None"' not in html
