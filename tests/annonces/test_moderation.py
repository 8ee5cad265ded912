"""The ads' rules (issue 13 point 6, seed 001: « une annonce vérifiée par l'Ordre des médecins »): a doctor drafts,
submits, withdraws; the council's moderators publish, ask for a correction or refuse with a reason; an author never
publishes his own ad; a change to a published ad waits as a revision while the public keeps the published text;
expiry after the end date. Each refusal writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annonces import selectors, services
from annonces.models import Annonce, RevisionAnnonce
from tests import factories
from tests.annonces.conftest import JOUR, contenu

pytestmark = pytest.mark.django_db


def _soumise(auteur, **champs):
    annonce = services.annonce_deposer(donnees=contenu(**champs), par=auteur.user, today=JOUR)
    return services.annonce_soumettre(annonce_id=annonce.pk, par=auteur.user, today=JOUR)


def _publiee(auteur, moderateur, **champs):
    annonce = _soumise(auteur, **champs)
    return services.annonce_publier(annonce_id=annonce.pk, par=moderateur, today=JOUR)


def _lignes():
    return (Annonce.objects.count(), Annonce.history.count(), RevisionAnnonce.objects.count())


def test_un_medecin_depose_son_annonce_en_brouillon(auteur):
    annonce = services.annonce_deposer(donnees=contenu(), par=auteur.user, today=JOUR)
    assert (annonce.statut, annonce.auteur, annonce.cree_le) == ("brouillon", auteur, JOUR)
    assert annonce.history.get().history_user == auteur.user
    assert list(selectors.annonces_publiques(JOUR)) == []


def test_le_personnel_ne_depose_pas_d_annonce(moderateur):
    with pytest.raises(PermissionDenied):
        services.annonce_deposer(donnees=contenu(), par=moderateur, today=JOUR)
    assert _lignes() == (0, 0, 0)


def test_une_date_de_fin_avant_le_debut_est_refusee_sans_rien_ecrire(auteur):
    with pytest.raises(ValidationError) as err:
        services.annonce_deposer(
            donnees=contenu(date_debut=datetime.date(2026, 7, 1), date_fin=datetime.date(2026, 6, 30)),
            par=auteur.user,
            today=JOUR,
        )
    assert "précède la date de début" in err.value.message_dict["date_fin"][0]
    assert _lignes() == (0, 0, 0)


def test_une_date_de_fin_passee_est_refusee_la_veille_non(auteur):
    with pytest.raises(ValidationError, match="est passée"):
        services.annonce_deposer(
            donnees=contenu(date_debut=datetime.date(2026, 6, 1), date_fin=JOUR - datetime.timedelta(days=1)),
            par=auteur.user,
            today=JOUR,
        )
    assert _lignes() == (0, 0, 0)
    annonce = services.annonce_deposer(
        donnees=contenu(date_debut=datetime.date(2026, 6, 1), date_fin=JOUR), par=auteur.user, today=JOUR
    )
    assert annonce.date_fin == JOUR


def test_le_moderateur_publie_une_annonce_soumise(auteur, moderateur):
    annonce = _publiee(auteur, moderateur)
    assert (annonce.statut, annonce.publiee_le, annonce.moderee_par) == ("publiee", JOUR, moderateur)
    assert list(selectors.annonces_publiques(JOUR)) == [annonce]


def test_un_brouillon_ne_se_publie_pas(auteur, moderateur):
    annonce = services.annonce_deposer(donnees=contenu(), par=auteur.user, today=JOUR)
    with pytest.raises(ValidationError, match="brouillon"):
        services.annonce_publier(annonce_id=annonce.pk, par=moderateur, today=JOUR)
    assert Annonce.objects.get().statut == "brouillon"


def test_l_auteur_ne_publie_pas_son_annonce(auteur):
    annonce = _soumise(auteur)
    with pytest.raises(PermissionDenied):
        services.annonce_publier(annonce_id=annonce.pk, par=auteur.user, today=JOUR)
    assert Annonce.objects.get().statut == "soumise"


def test_un_moderateur_auteur_ne_publie_pas_sa_propre_annonce(auteur, moderateur):
    """Staff of the Accueil group who is also a doctor: another moderator must publish his ad."""
    annonce = _soumise(auteur)
    auteur.user.is_staff = True
    auteur.user.save()
    auteur.user.groups.add(*moderateur.groups.all())
    avant = Annonce.history.count()
    with pytest.raises(PermissionDenied, match="un autre modérateur"):
        services.annonce_publier(annonce_id=annonce.pk, par=auteur.user, today=JOUR)
    assert (Annonce.objects.get().statut, Annonce.history.count()) == ("soumise", avant)


def test_un_refus_sans_motif_est_refuse_sans_rien_ecrire(auteur, moderateur):
    annonce = _soumise(auteur)
    avant = _lignes()
    for service in (services.annonce_refuser, services.annonce_demander_correction):
        with pytest.raises(ValidationError) as err:
            service(annonce_id=annonce.pk, motif="  ", par=moderateur, today=JOUR)
        assert "motif" in err.value.message_dict
    assert _lignes() == avant
    assert Annonce.objects.get().statut == "soumise"


def test_le_refus_garde_son_motif_pour_l_auteur(auteur, moderateur):
    annonce = _soumise(auteur)
    annonce = services.annonce_refuser(
        annonce_id=annonce.pk, motif="Annonce commerciale sans lien avec l'exercice.", par=moderateur, today=JOUR
    )
    assert (annonce.statut, annonce.motif) == ("refusee", "Annonce commerciale sans lien avec l'exercice.")
    with pytest.raises(ValidationError):
        services.annonce_modifier(annonce_id=annonce.pk, donnees={"titre": "Autre"}, par=auteur.user, today=JOUR)


def test_une_correction_demandee_se_corrige_et_se_soumet_a_nouveau(auteur, moderateur):
    annonce = _soumise(auteur)
    services.annonce_demander_correction(
        annonce_id=annonce.pk, motif="Retirez le numéro de téléphone du texte.", par=moderateur, today=JOUR
    )
    services.annonce_modifier(
        annonce_id=annonce.pk, donnees={"texte": "Cabinet de groupe, été 2026."}, par=auteur.user, today=JOUR
    )
    annonce = services.annonce_soumettre(annonce_id=annonce.pk, par=auteur.user, today=JOUR)
    assert (annonce.statut, annonce.texte) == ("soumise", "Cabinet de groupe, été 2026.")
    annonce = services.annonce_publier(annonce_id=annonce.pk, par=moderateur, today=JOUR)
    assert (annonce.statut, annonce.motif) == ("publiee", "")


def test_seul_l_auteur_modifie_soumet_et_retire(auteur, confrere, moderateur):
    annonce = services.annonce_deposer(donnees=contenu(), par=auteur.user, today=JOUR)
    for service, kwargs in (
        (services.annonce_modifier, {"donnees": {"titre": "Pris"}}),
        (services.annonce_soumettre, {}),
        (services.annonce_retirer, {}),
    ):
        for intrus in (confrere.user, moderateur):
            with pytest.raises(PermissionDenied):
                service(annonce_id=annonce.pk, par=intrus, today=JOUR, **kwargs)
    assert Annonce.objects.get().history.count() == 1


def test_l_auteur_retire_son_annonce_publiee(auteur, moderateur):
    annonce = _publiee(auteur, moderateur)
    services.annonce_modifier(annonce_id=annonce.pk, donnees={"titre": "Nouveau titre"}, par=auteur.user, today=JOUR)
    annonce = services.annonce_retirer(annonce_id=annonce.pk, par=auteur.user, today=JOUR)
    assert annonce.statut == "retiree"
    assert RevisionAnnonce.objects.get().statut == "abandonnee"
    assert list(selectors.annonces_publiques(JOUR)) == []
    with pytest.raises(ValidationError, match="retirée"):
        services.annonce_retirer(annonce_id=annonce.pk, par=auteur.user, today=JOUR)


def test_une_modification_d_annonce_publiee_attend_la_moderation(auteur, moderateur):
    annonce = _publiee(auteur, moderateur)
    services.annonce_modifier(
        annonce_id=annonce.pk, donnees={"titre": "Remplacement, logement fourni"}, par=auteur.user, today=JOUR
    )
    # The public keeps the published text, the author's change waits.
    (publique,) = selectors.annonces_publiques(JOUR)
    assert publique.titre == "Remplacement en médecine générale à Sarlat"
    revision = RevisionAnnonce.objects.get()
    assert (revision.statut, revision.titre) == ("brouillon", "Remplacement, logement fourni")
    # Not submitted yet: nothing to moderate.
    with pytest.raises(ValidationError, match="aucune modification n'attend"):
        services.annonce_publier(annonce_id=annonce.pk, par=moderateur, today=JOUR)
    services.annonce_soumettre(annonce_id=annonce.pk, par=auteur.user, today=JOUR)
    with pytest.raises(ValidationError, match="attend la modération"):
        services.annonce_modifier(annonce_id=annonce.pk, donnees={"titre": "Encore"}, par=auteur.user, today=JOUR)
    assert selectors.annonces_publiques(JOUR).get().titre == "Remplacement en médecine générale à Sarlat"
    annonce = services.annonce_publier(annonce_id=annonce.pk, par=moderateur, today=JOUR)
    assert (annonce.statut, annonce.titre) == ("publiee", "Remplacement, logement fourni")
    assert RevisionAnnonce.objects.get().statut == "publiee"
    assert selectors.annonces_publiques(JOUR).get().titre == "Remplacement, logement fourni"


def test_une_modification_refusee_laisse_le_texte_publie(auteur, moderateur):
    annonce = _publiee(auteur, moderateur)
    services.annonce_modifier(annonce_id=annonce.pk, donnees={"texte": "Appelez le 06…"}, par=auteur.user, today=JOUR)
    services.annonce_soumettre(annonce_id=annonce.pk, par=auteur.user, today=JOUR)
    annonce = services.annonce_refuser(
        annonce_id=annonce.pk, motif="Pas de coordonnées dans le texte.", par=moderateur, today=JOUR
    )
    assert (annonce.statut, annonce.texte) == ("publiee", contenu()["texte"])
    revision = RevisionAnnonce.objects.get()
    assert (revision.statut, revision.motif) == ("refusee", "Pas de coordonnées dans le texte.")
    # A new change may follow the refused one.
    services.annonce_modifier(annonce_id=annonce.pk, donnees={"texte": "Été 2026."}, par=auteur.user, today=JOUR)
    assert RevisionAnnonce.objects.filter(statut="brouillon").count() == 1


def test_une_seule_modification_en_cours_par_annonce(auteur, moderateur):
    from django.db import IntegrityError, transaction

    annonce = _publiee(auteur, moderateur)
    factories.RevisionAnnonceFactory(annonce=annonce, statut="brouillon")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.RevisionAnnonceFactory(annonce=annonce, statut="soumise")


def test_une_annonce_n_est_plus_affichee_apres_sa_date_de_fin(auteur, moderateur):
    annonce = _publiee(auteur, moderateur, date_fin=datetime.date(2026, 8, 31))
    assert list(selectors.annonces_publiques(datetime.date(2026, 8, 31))) == [annonce]
    # The day after, the reads hide it even before the morning's task.
    assert list(selectors.annonces_publiques(datetime.date(2026, 9, 1))) == []


def test_la_tache_du_matin_marque_expirees_les_annonces_passees(auteur, moderateur, systeme, monkeypatch):
    passee = _publiee(auteur, moderateur, date_fin=datetime.date(2026, 8, 31))
    ouverte = _publiee(auteur, moderateur, date_fin=None, titre="Collaboration")
    derniere = _publiee(auteur, moderateur, date_fin=datetime.date(2026, 9, 1), titre="Succession")
    assert services.annonces_expirer(par=systeme, today=datetime.date(2026, 9, 1)) == 1
    statuts = dict(Annonce.objects.values_list("pk", "statut"))
    assert statuts == {passee.pk: "expiree", ouverte.pk: "publiee", derniere.pk: "publiee"}
    assert services.annonces_expirer(par=systeme, today=datetime.date(2026, 9, 1)) == 0
    from django.utils import timezone

    from annonces.tasks import annonces_expirer_du_jour

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 2))
    assert annonces_expirer_du_jour() == 1  # the beat task, on its day: the ad ending on 1 September
    assert Annonce.objects.get(pk=derniere.pk).history.first().history_user.username == "systeme"


def test_un_medecin_ne_peut_expirer_les_annonces(auteur):
    with pytest.raises(PermissionDenied):
        services.annonces_expirer(par=auteur.user, today=JOUR)
