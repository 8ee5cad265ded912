"""Import of the register from CSV (CONTRACT.md import_tableau): encodings, delimiters, all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tableau.importation import fichier_importer
from tableau.models import ChangementStatut, Medecin, Statut
from tests.factories import MedecinFactory, StaffFactory, rpps_valide
from tests.requetes import budget

JOUR_IMPORT = datetime.date(2026, 4, 14)

ENTETE = ["rpps", "nom", "prenom", "sexe", "date_naissance", "statut", "exercice", "email", "premiere_inscription"]


def ligne(n, **valeurs):
    base = {
        "rpps": rpps_valide(900 + n),
        "nom": f"Médecin{n}",
        "prenom": "Hélène",
        "sexe": "F",
        "date_naissance": "1980-02-03",
        "statut": "inscrit",
        "exercice": "liberal",
        "email": f"m{n}@exemple.fr",
        "premiere_inscription": "non",
    }
    base.update(valeurs)
    return base


def ecrire(tmp_path, lignes, *, entete=ENTETE, sep=",", encodage="utf-8", nom="tableau.csv"):
    texte = sep.join(entete) + "\r\n"
    for valeurs in lignes:
        texte += sep.join(str(valeurs.get(c, "")) for c in entete) + "\r\n"
    chemin = tmp_path / nom
    chemin.write_bytes(texte.encode(encodage))
    return chemin


@pytest.fixture
def agent(db):
    return StaffFactory(username="agent-import", groupe="tableau")


@pytest.mark.parametrize(
    ("encodage", "sep"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("cp1252", ","), ("utf-8-sig", ",")],
)
def test_l_import_accepte_utf8_avec_ou_sans_bom_et_windows_1252_avec_virgule_ou_point_virgule(
    tmp_path, agent, encodage, sep
):
    chemin = ecrire(tmp_path, [ligne(1, nom="Lefèvre-Dûbois"), ligne(2, prenom="Zoé")], sep=sep, encodage=encodage)
    assert fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT) == {"crees": 2, "modifies": 0, "inchanges": 0}
    m = Medecin.objects.get(rpps=rpps_valide(901))
    assert m.nom == "Lefèvre-Dûbois"
    assert Medecin.objects.get(rpps=rpps_valide(902)).prenom == "Zoé"


def test_l_import_accepte_les_dates_jj_mm_aaaa_et_les_booleens_oui_non_1_0_true_false(tmp_path, agent):
    entete = [*ENTETE, "opposition_annuaire", "date_inscription"]
    lignes = [
        ligne(
            1,
            date_naissance="03/02/1980",
            premiere_inscription="oui",
            opposition_annuaire="1",
            date_inscription="15/09/2020",
        ),
        ligne(2, premiere_inscription="true", opposition_annuaire="0", date_inscription="2021-01-04"),
        ligne(3, premiere_inscription="NON", opposition_annuaire="false"),
    ]
    fichier_importer(fichier=ecrire(tmp_path, lignes, entete=entete, sep=";"), par=agent, today=JOUR_IMPORT)
    m1, m2, m3 = (Medecin.objects.get(rpps=rpps_valide(900 + n)) for n in (1, 2, 3))
    assert m1.date_naissance == datetime.date(1980, 2, 3)
    assert (m1.premiere_inscription, m1.opposition_annuaire) == (True, True)
    assert m1.date_inscription == datetime.date(2020, 9, 15)
    assert (m2.premiere_inscription, m2.opposition_annuaire) == (True, False)
    assert (m3.premiere_inscription, m3.opposition_annuaire) == (False, False)


def test_l_import_cree_les_fiches_avec_leur_historique_et_leur_premier_statut_date(tmp_path, agent):
    fichier_importer(fichier=ecrire(tmp_path, [ligne(1, statut="demande")]), par=agent, today=datetime.date(2026, 3, 2))
    m = Medecin.objects.get(rpps=rpps_valide(901))
    assert m.history.count() == 1
    assert m.history.first().history_user == agent
    changement = ChangementStatut.objects.get(medecin=m)
    assert (changement.ancien_statut, changement.nouveau_statut) == ("", Statut.DEMANDE)
    assert changement.date == datetime.date(2026, 3, 2)
    assert changement.history.count() == 1


def test_un_rpps_deja_au_tableau_met_a_jour_la_fiche_et_l_historique_garde_le_changement(tmp_path, agent):
    existant = MedecinFactory(rpps=rpps_valide(901), nom="Ancien", email="ancien@exemple.fr")
    existant.history.all().delete()
    resultat = fichier_importer(
        fichier=ecrire(tmp_path, [ligne(1, nom="Nouveau"), ligne(2)]), par=agent, today=JOUR_IMPORT
    )
    assert resultat == {"crees": 1, "modifies": 1, "inchanges": 0}
    existant.refresh_from_db()
    assert existant.nom == "Nouveau"
    assert existant.email == "m1@exemple.fr"
    derniere = existant.history.first()
    assert derniere.nom == "Nouveau" and derniere.history_user == agent


def test_reimporter_le_meme_fichier_ne_modifie_rien(tmp_path, agent):
    chemin = ecrire(tmp_path, [ligne(1), ligne(2)])
    fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT)
    assert fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT) == {"crees": 0, "modifies": 0, "inchanges": 2}
    assert Medecin.history.count() == 2


def test_un_changement_de_statut_par_import_suit_les_passages_du_tableau(tmp_path, agent):
    inscrit = MedecinFactory(rpps=rpps_valide(901), statut=Statut.INSCRIT)
    fichier_importer(fichier=ecrire(tmp_path, [ligne(1, statut="radie")]), par=agent, today=datetime.date(2026, 5, 4))
    inscrit.refresh_from_db()
    assert inscrit.statut == Statut.RADIE
    assert ChangementStatut.objects.filter(medecin=inscrit, nouveau_statut=Statut.RADIE, date="2026-05-04").exists()


def test_un_passage_de_statut_interdit_par_import_est_refuse_avec_la_ligne_et_rien_n_est_ecrit(tmp_path, agent):
    decede = MedecinFactory(rpps=rpps_valide(902), statut=Statut.DECEDE, nom="Avant")
    chemin = ecrire(tmp_path, [ligne(1), ligne(2, statut="inscrit", nom="Après")])
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT)
    assert any(m.startswith("Ligne 3, champ « statut » : Passage impossible") for m in err.value.messages)
    decede.refresh_from_db()
    assert (decede.statut, decede.nom) == (Statut.DECEDE, "Avant")
    assert not Medecin.objects.filter(rpps=rpps_valide(901)).exists()


def test_chaque_ligne_fautive_est_signalee_avec_son_numero_et_son_champ_et_rien_n_est_ecrit(tmp_path, agent):
    existant = MedecinFactory(rpps=rpps_valide(905), nom="Intact")
    lignes = [
        ligne(1),  # line 2: valid
        ligne(2, rpps="12345678901"),  # line 3: bad Luhn key
        ligne(3, exercice="astronaute"),  # line 4
        ligne(4, date_naissance="2999-01-01"),  # line 5: future birth date
        ligne(5, nom="Modifié"),  # line 6: valid update, must be rolled back
        ligne(6, date_naissance="31/02/1980", sexe="X"),  # line 7: two fields
        ligne(1),  # line 8: same RPPS as line 2
        ligne(7, nom=""),  # line 9: required field empty
    ]
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=ecrire(tmp_path, lignes), par=agent, today=JOUR_IMPORT)
    messages = err.value.messages
    assert any(m.startswith("Ligne 3, champ « rpps » :") and "clé de contrôle" in m for m in messages)
    assert any(m.startswith("Ligne 4, champ « exercice » : Mode d'exercice inconnu : « astronaute »") for m in messages)
    assert any(m.startswith("Ligne 5, champ « date_naissance » :") and "futur" in m for m in messages)
    assert any(m.startswith("Ligne 7, champ « date_naissance » : Date invalide") for m in messages)
    assert any(m.startswith("Ligne 7, champ « sexe » :") for m in messages)
    assert any(m.startswith("Ligne 8, champ « rpps » :") and "ligne 2" in m for m in messages)
    assert any(m.startswith("Ligne 9, champ « nom » :") and "obligatoire" in m for m in messages)
    assert not any(m.startswith(("Ligne 2", "Ligne 6")) for m in messages)
    assert Medecin.objects.count() == 1
    existant.refresh_from_db()
    assert existant.nom == "Intact"


def test_des_colonnes_inconnues_ou_manquantes_sont_refusees_clairement(tmp_path, agent):
    entete = ["rpps", "nom", "prénom_usuel", "sexe", "date_naissance", "exercice"]
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=ecrire(tmp_path, [ligne(1)], entete=entete), par=agent, today=JOUR_IMPORT)
    texte = " ".join(err.value.messages)
    assert "colonne(s) inconnue(s) : prénom_usuel" in texte
    assert "colonne(s) obligatoire(s) manquante(s) : prenom, statut" in texte
    assert not Medecin.objects.exists()


def test_un_fichier_dans_un_encodage_non_pris_en_charge_est_refuse(tmp_path, agent):
    chemin = ecrire(tmp_path, [ligne(1, nom="Éloïse")], encodage="utf-16")
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT)
    assert "Encodage du fichier non pris en charge" in err.value.messages[0]
    assert not Medecin.objects.exists()


def test_un_classeur_xlsx_au_lieu_d_un_csv_est_refuse_avec_la_marche_a_suivre(tmp_path, agent):
    chemin = tmp_path / "tableau.xlsx"
    chemin.write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT)
    assert "CSV UTF-8" in err.value.messages[0]


def test_une_ligne_avec_trop_de_valeurs_est_signalee(tmp_path, agent):
    chemin = tmp_path / "t.csv"
    chemin.write_text(",".join(ENTETE) + "\n" + ",".join(ligne(1).values()) + ",en trop\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT)
    assert err.value.messages[0].startswith("Ligne 2 : 10 valeur(s) pour 9 colonne(s)")


def test_la_commande_affiche_un_resume_en_francais(tmp_path, capsys, db):
    call_command("import_tableau", str(ecrire(tmp_path, [ligne(1), ligne(2)])))
    assert "Import terminé : 2 médecin(s) créé(s), 0 modifié(s), 0 inchangé(s)." in capsys.readouterr().out
    assert Medecin.history.first().history_user.username == "systeme"


def test_la_commande_echoue_avec_un_code_non_nul_et_liste_les_erreurs(tmp_path, capsys, db):
    chemin = ecrire(tmp_path, [ligne(1), ligne(2, rpps="123")])
    with pytest.raises(CommandError, match="aucune modification"):
        call_command("import_tableau", str(chemin))
    assert "Ligne 3, champ « rpps » : Le numéro RPPS doit comporter exactement 11 chiffres" in capsys.readouterr().err
    assert not Medecin.objects.exists()


def test_la_commande_sort_avec_un_code_non_nul_en_ligne_de_commande(tmp_path, db):
    chemin = ecrire(tmp_path, [ligne(1, exercice="inconnu")])
    with pytest.raises(SystemExit) as sortie:
        from django.core.management import ManagementUtility

        ManagementUtility(["manage.py", "import_tableau", str(chemin)]).execute()
    assert sortie.value.code != 0


def test_l_import_de_milliers_de_lignes_fait_un_nombre_de_requetes_borne(
    tmp_path, agent, django_assert_max_num_queries
):
    def mesurer(n, decalage):
        chemin = ecrire(tmp_path, [ligne(decalage + i) for i in range(n)], nom=f"t{n}.csv")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert fichier_importer(fichier=chemin, par=agent, today=JOUR_IMPORT)["crees"] == n
        return len(ctx.captured_queries)

    agent.get_all_permissions()  # read once, as for a logged-in agent: the imports below count their own queries
    petit = mesurer(5, 0)
    moyen = mesurer(25, 100)
    assert moyen == petit  # within one batch, the count does not grow with the lines
    # SQLite caps a batch at 999 parameters (a few dozen rows); PostgreSQL takes 1 000 rows per batch.
    grand = mesurer(900, 1000)
    assert grand < 900 / 5
    with django_assert_max_num_queries(budget("lot:import_tableau", app="tableau")):
        fichier_importer(
            fichier=ecrire(tmp_path, [ligne(3000 + i) for i in range(20)], nom="t3.csv"), par=agent, today=JOUR_IMPORT
        )


def test_une_mise_a_jour_par_import_fait_suivre_l_email_du_compte_du_medecin(tmp_path, agent):
    medecin = MedecinFactory(rpps=rpps_valide(901), avec_compte=True)
    fichier_importer(fichier=ecrire(tmp_path, [ligne(1, email="nouvelle@exemple.fr")]), par=agent, today=JOUR_IMPORT)
    medecin.user.refresh_from_db()
    assert medecin.user.email == "nouvelle@exemple.fr"


def test_une_mise_a_jour_par_import_date_la_modification_et_garde_l_ancienne_valeur(tmp_path, agent):
    medecin = MedecinFactory(rpps=rpps_valide(901), nom="Ancien")
    avant = Medecin.objects.get(pk=medecin.pk).modifie_le
    fichier_importer(fichier=ecrire(tmp_path, [ligne(1, nom="Nouveau")]), par=agent, today=JOUR_IMPORT)
    medecin.refresh_from_db()
    assert medecin.modifie_le > avant
    assert [h.nom for h in medecin.history.order_by("history_date")] == ["Ancien", "Nouveau"]


def test_un_booleen_illisible_est_signale_avec_les_valeurs_acceptees(tmp_path, agent):
    with pytest.raises(ValidationError) as err:
        fichier_importer(
            fichier=ecrire(tmp_path, [ligne(1, premiere_inscription="peut-être")]), par=agent, today=JOUR_IMPORT
        )
    assert err.value.messages == [
        "Ligne 2, champ « premiere_inscription » : Valeur booléenne attendue : true/false, oui/non ou 1/0."
    ]


def test_un_rpps_inscrit_par_une_autre_saisie_pendant_l_import_donne_une_erreur_claire(tmp_path, agent, monkeypatch):
    from tableau import services

    preparer = services._medecin_preparer

    def preparer_pendant_une_saisie_concurrente(*, donnees, today):
        MedecinFactory(rpps=donnees["rpps"])  # a staff member records the same doctor meanwhile
        return preparer(donnees=donnees, today=today)

    monkeypatch.setattr(services, "_medecin_preparer", preparer_pendant_une_saisie_concurrente)
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=ecrire(tmp_path, [ligne(1)]), par=agent, today=JOUR_IMPORT)
    assert "relancez l'import" in err.value.messages[0]


def test_un_import_refuse_par_la_commande_ne_cree_pas_l_utilisateur_systeme(tmp_path, capsys, db):
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError):
        call_command("import_tableau", str(ecrire(tmp_path, [ligne(1, rpps="123")])))
    assert not get_user_model().objects.filter(username="systeme").exists()
    assert not Medecin.objects.exists()


def test_une_cellule_vide_laisse_la_valeur_existante_inchangee(tmp_path, agent):
    medecin = MedecinFactory(rpps=rpps_valide(901), telephone="05 53 11 22 33", ville_professionnelle="Nontron")
    entete = [*ENTETE, "telephone", "ville_professionnelle"]
    ligne_1 = ligne(1, email=medecin.email, telephone="", ville_professionnelle="")
    assert (
        fichier_importer(fichier=ecrire(tmp_path, [ligne_1], entete=entete), par=agent, today=JOUR_IMPORT)["modifies"]
        == 1
    )
    medecin.refresh_from_db()
    assert medecin.nom == "Médecin1"  # the line was applied...
    # ...but not its empty cells
    assert (medecin.telephone, medecin.ville_professionnelle) == ("05 53 11 22 33", "Nontron")


def test_le_marqueur_vide_efface_un_champ_facultatif_et_l_historique_garde_l_ancienne_valeur(tmp_path, agent):
    medecin = MedecinFactory(
        rpps=rpps_valide(901), telephone="05 53 11 22 33", date_inscription=datetime.date(2020, 1, 6)
    )
    entete = [*ENTETE, "telephone", "date_inscription", "ville_professionnelle"]
    lignes = [
        ligne(1, email=medecin.email, telephone="(vide)", date_inscription="(VIDE)", ville_professionnelle=""),
        ligne(2, telephone="(vide)"),  # a new record: the marker is the empty value
    ]
    assert fichier_importer(fichier=ecrire(tmp_path, lignes, entete=entete), par=agent, today=JOUR_IMPORT) == {
        "crees": 1,
        "modifies": 1,
        "inchanges": 0,
    }
    medecin.refresh_from_db()
    assert (medecin.telephone, medecin.date_inscription) == ("", None)
    assert medecin.ville_professionnelle == "Périgueux"  # the empty cell left it as it was
    assert medecin.history.order_by("-history_date")[1].telephone == "05 53 11 22 33"
    assert Medecin.objects.get(rpps=rpps_valide(902)).telephone == ""


def test_le_marqueur_vide_sur_un_champ_obligatoire_ou_oui_non_est_une_erreur_de_la_ligne(tmp_path, agent):
    medecin = MedecinFactory(rpps=rpps_valide(901), nom="Intact")
    lignes = [ligne(1, nom="(vide)"), ligne(2, premiere_inscription="(vide)")]
    with pytest.raises(ValidationError) as err:
        fichier_importer(fichier=ecrire(tmp_path, lignes), par=agent, today=JOUR_IMPORT)
    assert err.value.messages == [
        "Ligne 2, champ « nom » : « (vide) » efface un champ facultatif ; celui-ci ne peut pas être effacé : "
        "donnez sa valeur.",
        "Ligne 3, champ « premiere_inscription » : « (vide) » efface un champ facultatif ; celui-ci ne peut pas "
        "être effacé : donnez sa valeur.",
    ]
    medecin.refresh_from_db()
    assert medecin.nom == "Intact"
    assert Medecin.objects.count() == 1


def test_le_service_prend_des_lignes_deja_analysees_et_n_ecrit_rien_s_il_recoit_une_erreur_d_analyse(agent):
    from tableau.services import tableau_importer

    donnees = {
        "rpps": rpps_valide(901),
        "nom": "Valide",
        "prenom": "Anne",
        "sexe": "F",
        "date_naissance": datetime.date(1980, 1, 1),
        "statut": Statut.INSCRIT,
        "exercice": "liberal",
    }
    with pytest.raises(ValidationError) as err:
        tableau_importer(
            lignes=[(2, donnees), (4, {**donnees, "nom": "Doublon"})],
            erreurs=[(3, "sexe", "Sexe inconnu : « X »."), (5, None, "3 valeur(s) pour 7 colonne(s).")],
            par=agent,
            today=JOUR_IMPORT,
        )
    assert err.value.messages == [
        "Ligne 3, champ « sexe » : Sexe inconnu : « X ».",
        f"Ligne 4, champ « rpps » : le numéro RPPS {rpps_valide(901)} figure déjà à la ligne 2 du fichier.",
        "Ligne 5 : 3 valeur(s) pour 7 colonne(s).",
    ]
    assert not Medecin.objects.exists()
    assert tableau_importer(lignes=[(2, donnees)], par=agent, today=datetime.date(2026, 1, 5)) == {
        "crees": 1,
        "modifies": 0,
        "inchanges": 0,
    }
