"""Individual decisions are notified at the address the doctor gave, with the means and delays of appeal
(seed 002 L.I 5.2: without them the notification is not regular); the appeal texts are editable data."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gouvernance import documents, services
from gouvernance.models import Deliberation, VoieRecours
from tests import factories

from .conftest import JOUR_SEANCE, emarger
from .test_proces_verbal import texte_pdf

MOTIVATION = (
    "Le dossier complet établit le diplôme de docteur en médecine, la maîtrise de la langue française et l'absence "
    "d'obstacle tenant à la moralité (articles L4112-1 et R4112-2 du code de la santé publique)."
)
URL = "/api/gouvernance"


@pytest.fixture
def medecin_concerne(db):
    return factories.MedecinFactory(
        nom="Lambert",
        prenom="Claire",
        sexe="F",
        email="claire.lambert@exemple.fr",
        adresse_correspondance="12 rue des Tilleuls",
        code_postal_correspondance="24000",
        ville_correspondance="Périgueux",
        adresse_professionnelle="3 place du Marché",
        code_postal_professionnel="24100",
        ville_professionnelle="Bergerac",
    )


@pytest.fixture
def decision(conseil, seance, medecin_concerne):
    emarger(seance, conseil.titulaires[:10])
    return services.deliberation_enregistrer(
        seance=seance,
        objet="Inscription au tableau du Dr Claire Lambert",
        motivation=MOTIVATION,
        pour=10,
        contre=0,
        medecin_concerne=medecin_concerne,
        voie_recours=VoieRecours.objects.get(code="inscription"),
        par=factories.systeme(),
    )


def test_les_voies_de_recours_initiales_sont_chargees(db):
    codes = set(VoieRecours.objects.values_list("code", flat=True))
    assert {"inscription", "administrative"} <= codes
    assert "trente jours" in VoieRecours.objects.get(code="inscription").texte
    assert "deux mois" in VoieRecours.objects.get(code="administrative").texte


def test_la_notification_a_l_adresse_de_correspondance_avec_les_voies_de_recours(
    decision, medecin_concerne, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifiee = services.deliberation_notifier(deliberation=decision, today=JOUR_SEANCE, par=factories.systeme())
    assert notifiee.notifiee_le == JOUR_SEANCE
    assert notifiee.notifiee_a == "12 rue des Tilleuls\n24000 Périgueux"
    texte = texte_pdf(documents.notification_pdf(deliberation_id=decision.pk))
    assert f"décision n° {decision.numero}" in texte
    assert "12 rue des Tilleuls" in texte and "Bergerac" not in texte
    assert "Voies et délais de recours" in texte and "trente jours" in texte
    assert "adoptée" in texte and "L4112-1" in texte
    # The doctor receives it by e-mail too, with the letter attached.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["claire.lambert@exemple.fr"]
    assert mail.outbox[0].attachments[0][0] == f"notification-decision-{decision.numero}.pdf"
    # Notified once: the delay of appeal runs from that date.
    with pytest.raises(ValidationError) as err:
        services.deliberation_notifier(deliberation=decision, today=JOUR_SEANCE, par=factories.systeme())
    assert "déjà été notifiée" in err.value.message_dict["notifiee_le"][0]


def test_sans_voies_de_recours_la_notification_est_refusee(conseil, seance, medecin_concerne):
    emarger(seance, conseil.titulaires[:10])
    d = services.deliberation_enregistrer(
        seance=seance,
        objet="Exonération",
        motivation=MOTIVATION,
        pour=10,
        contre=0,
        medecin_concerne=medecin_concerne,
        par=factories.systeme(),
    )
    with pytest.raises(ValidationError) as err:
        services.deliberation_notifier(deliberation=d, today=JOUR_SEANCE, par=factories.systeme())
    assert "n'est pas régulière" in err.value.message_dict["voie_recours"][0]
    d.refresh_from_db()
    assert d.notifiee_le is None
    # Chosen at notification time.
    administrative = VoieRecours.objects.get(code="administrative")
    d = services.deliberation_notifier(
        deliberation=d, today=JOUR_SEANCE, voie_recours=administrative, par=factories.systeme()
    )
    assert d.voie_recours == administrative


def test_une_decision_non_individuelle_ne_se_notifie_pas(conseil, seance):
    emarger(seance, conseil.titulaires[:10])
    d = services.deliberation_enregistrer(
        seance=seance, objet="Budget", motivation=MOTIVATION, pour=10, contre=0, par=factories.systeme()
    )
    with pytest.raises(ValidationError) as err:
        services.deliberation_notifier(deliberation=d, today=JOUR_SEANCE, par=factories.systeme())
    assert "medecin_concerne" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.deliberation_enregistrer(
            seance=seance,
            objet="Budget",
            motivation=MOTIVATION,
            pour=10,
            contre=0,
            voie_recours=VoieRecours.objects.get(code="administrative"),
            par=factories.systeme(),
        )
    assert "voie_recours" in err.value.message_dict


def test_sans_adresse_complete_la_notification_est_refusee_et_le_dit(conseil, seance):
    sans_adresse = factories.MedecinFactory(
        adresse_correspondance="", adresse_professionnelle="", code_postal_professionnel="", ville_professionnelle=""
    )
    emarger(seance, conseil.titulaires[:10])
    d = services.deliberation_enregistrer(
        seance=seance,
        objet="Exonération",
        motivation=MOTIVATION,
        pour=10,
        contre=0,
        medecin_concerne=sans_adresse,
        voie_recours=VoieRecours.objects.get(code="administrative"),
        par=factories.systeme(),
    )
    with pytest.raises(ValidationError) as err:
        services.deliberation_notifier(deliberation=d, today=JOUR_SEANCE, par=factories.systeme())
    assert "complétez-la avant de notifier" in err.value.message_dict["medecin_concerne"][0]
    with pytest.raises(ValidationError):
        services.deliberation_notifier(
            deliberation=d, today=JOUR_SEANCE - datetime.timedelta(days=1), par=factories.systeme()
        )


def test_api_notifier_puis_telecharger_la_lettre(api_client, conseil, decision):
    api_client.force_authenticate(conseil.president.medecin.user)
    r = api_client.post(f"{URL}/deliberations/{decision.pk}/notifier/", {"date": "2026-03-13"}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["notifiee_le"] == "2026-03-13"
    r = api_client.get(f"{URL}/deliberations/{decision.pk}/notification.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    corps = api_client.get(f"{URL}/deliberations/{decision.pk}/").json()
    assert corps["voie_recours"] == "inscription" and corps["notifiee_le"] == "2026-03-13"


def test_api_un_conseiller_sans_fonction_ne_notifie_pas(api_client, conseil, decision):
    api_client.force_authenticate(conseil.titulaires[3].medecin.user)
    assert api_client.post(f"{URL}/deliberations/{decision.pk}/notifier/", {}, format="json").status_code == 403
    assert api_client.get(f"{URL}/deliberations/{decision.pk}/notification.pdf").status_code == 403
    assert Deliberation.objects.get(pk=decision.pk).notifiee_le is None


def test_admin_action_notifier_et_lien_vers_la_lettre(client, conseil, decision):
    from django.urls import reverse

    client.force_login(factories.StaffFactory(groupe="secretariat"))
    liste = reverse("admin:gouvernance_deliberation_changelist")
    reponse = client.post(liste, {"action": "notifier", "_selected_action": [decision.pk]}, follow=True)
    assert "1 décision(s) notifiée(s)." in reponse.content.decode()
    decision.refresh_from_db()
    assert decision.notifiee_le is not None
    fiche = client.get(reverse("admin:gouvernance_deliberation_change", args=[decision.pk])).content.decode()
    assert reverse("gouvernance-deliberation-notification", args=[decision.pk]) in fiche
