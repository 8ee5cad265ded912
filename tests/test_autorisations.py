"""Walks every URL of the application as anonymous, doctor, another doctor and staff.

Each URL falls in a family (public, admin, espace, api, gouvernance) by its name or path; a URL that fits none
fails the test, so a new page cannot ship without saying who may see it. Objects in URLs belong to the first
doctor: the other doctor must never get them (404 or 403), nobody ever gets a server error.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories

# Pages anyone may open.
PUBLIC_NOMS = {"accueil", "sante", "api-token", "api-schema", "api-docs", "api-redoc", "admin:login", "admin:logout"}
PUBLIC_PREFIXES = ("annuaire:", "gouvernance:public", "gouvernance:declarations_publiques")
PUBLIC_ESPACE = {"connexion", "deconnexion", "verrouille"}
# The register's API routes whose objects belong to one doctor.
TABLEAU_API = ("/api/medecins/", "/api/societes/")
# Password reset pages are public by nature (the token in the link is the credential).
PUBLIC_MOTS = ("mot_de_passe", "password", "reinitialis")


def _urls(resolver=None, prefixe="", ns=""):
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            sous_ns = f"{ns}:{motif.namespace}".strip(":") if motif.namespace else ns
            yield from _urls(motif, prefixe + str(motif.pattern), sous_ns)
        elif isinstance(motif, URLPattern):
            nom = f"{ns}:{motif.name}".strip(":") if motif.name else ""
            yield nom, prefixe + str(motif.pattern), motif


def _famille(nom: str, chemin: str) -> str | None:
    court = nom.split(":")[-1]
    if nom in PUBLIC_NOMS or nom.startswith(PUBLIC_PREFIXES) or any(m in nom for m in PUBLIC_MOTS):
        return "public"
    if nom.startswith("espace:") and court in PUBLIC_ESPACE:
        return "public"
    if nom.startswith("admin:") or chemin.startswith("admin/"):
        return "admin"
    if nom.startswith("espace:") or chemin.startswith("espace/") or court.startswith("espace_"):
        return "espace"
    if chemin.startswith("api/"):
        return "api"
    if nom.startswith("gouvernance:") or chemin.startswith("gouvernance/"):
        return "staff"
    return None


def _remplir(chemin: str, valeurs: dict) -> str | None:
    """Concrete path for a route (or regex route of the admin), or None when a parameter has no value."""
    import re

    if "<format>" in chemin:  # DRF's format-suffix duplicates of every route
        return None
    chemin = chemin.replace("^", "").replace("$", "").replace("\\Z", "").replace("/?", "/")
    for motif in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", chemin):
        nom = motif[0] or motif[1]
        if nom not in valeurs:
            return None
    # Regex groups first: the plain <name> substitution would otherwise eat the name inside "(?P<name>…)".
    chemin = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(valeurs[m.group(1)]), chemin)
    chemin = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(valeurs[m.group(1)]), chemin)
    if "(" in chemin or "\\" in chemin:
        return None
    return "/" + chemin


@pytest.fixture
def monde(db):
    a = factories.MedecinFactory(avec_compte=True)
    b = factories.MedecinFactory(avec_compte=True)
    return {
        "a": a,
        "b": b,
        # The first doctor's company: its id differs from every doctor's, so a URL filled with the wrong kind of
        # id cannot pass by chance.
        "societe": factories.SocieteFactory(gerant=a, associes=[a]),
        "staff": factories.StaffFactory(groupe="tableau"),
    }


def _valeurs_pour(nom: str, route: str, monde) -> dict:
    """Parameters of a URL: objects of the first doctor where the URL names a model."""
    valeurs = {"uidb64": "MQ", "token": "set-password", "format": "json", "annee": 2026}
    if nom.startswith("admin:") and nom.count("_") >= 2:
        app_modele = nom.split(":")[1].rsplit("_", 1)[0]
        app_label, _, modele = app_modele.partition("_")
        try:
            model = apps.get_model(app_label, modele)
        except LookupError:
            model = None
        objet = None
        if model is not None:
            champs = {f.name for f in model._meta.get_fields()}
            if model is type(monde["a"]):
                objet = monde["a"]
            elif "medecin" in champs:
                objet = model.objects.filter(medecin=monde["a"]).first()
            else:
                objet = model.objects.first()
        if objet is not None:
            valeurs["object_id"] = objet.pk
        if app_label:
            valeurs["app_label"] = app_label
        return valeurs
    objet = monde["societe"] if "societes/" in route else monde["a"]
    valeurs["pk"] = objet.pk
    valeurs["id"] = objet.pk
    return valeurs


def _get(client, user, chemin):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(chemin)


def test_chaque_url_est_classee_et_aucun_role_ne_voit_ce_qui_ne_le_regarde_pas(client, monde):
    non_classees, erreurs, visitees, vus_par_a = [], [], 0, []
    for nom, route, _motif in _urls():
        famille = _famille(nom, route)
        if famille is None:
            non_classees.append(f"{nom or '(sans nom)'} {route}")
            continue
        chemin = _remplir(route, _valeurs_pour(nom, route, monde))
        if chemin is None:
            continue
        visitees += 1
        for role, user in (
            ("anonyme", None),
            ("medecin", monde["a"].user),
            ("autre", monde["b"].user),
            ("staff", monde["staff"]),
        ):
            reponse = _get(client, user, chemin)
            code = reponse.status_code
            if code >= 500:
                erreurs.append(f"{role} {chemin}: {code}")
                continue
            if famille == "public":
                continue
            if role == "anonyme" and code not in (302, 401, 403, 404, 405):
                erreurs.append(f"anonyme {chemin}: {code} (attendu : connexion demandée)")
            if famille == "admin" and role in ("medecin", "autre") and code not in (302, 403, 404):
                erreurs.append(f"{role} {chemin}: {code} (le back-office est réservé au personnel)")
            if famille == "espace" and role == "staff" and code == 200 and nom.startswith("espace:"):
                erreurs.append(f"staff {chemin}: {code} (l'espace médecin est réservé aux médecins)")
            if famille == "staff" and role in ("medecin", "autre") and code == 200:
                erreurs.append(f"{role} {chemin}: {code} (page réservée au personnel)")
            if (
                famille == "api"
                and role == "autre"
                and "pk" in route
                and code == 200
                and chemin.startswith(TABLEAU_API)
            ):
                erreurs.append(f"autre médecin {chemin}: {code} (attendu 404 : fiche d'un autre médecin)")
            if famille == "api" and role == "medecin" and "pk" in route and chemin.startswith(TABLEAU_API):
                vus_par_a.append((chemin, code))
    # The first doctor does reach their own record and company: the 404s above are not a broken URL.
    assert vus_par_a and all(code == 200 for _, code in vus_par_a), vus_par_a
    assert not non_classees, "URL sans famille d'autorisation (à classer dans ce test) :\n" + "\n".join(non_classees)
    assert not erreurs, "\n".join(erreurs)
    assert visitees > 20


def test_un_medecin_ne_voit_que_sa_fiche_dans_l_api(api_client, monde):
    api_client.force_authenticate(monde["b"].user)
    assert api_client.get(f"/api/medecins/{monde['a'].pk}/").status_code == 404
    reponse = api_client.get("/api/medecins/")
    assert reponse.status_code == 200
    assert [m["rpps"] for m in reponse.json()["results"]] == [monde["b"].rpps]


def test_le_back_office_est_ferme_aux_medecins_et_ouvert_au_personnel(client, monde):
    client.force_login(monde["a"].user)
    assert client.get("/admin/tableau/medecin/").status_code == 302
    client.force_login(monde["staff"])
    assert client.get("/admin/tableau/medecin/").status_code == 200
    assert client.get(f"/admin/tableau/medecin/{monde['a'].pk}/change/").status_code == 200
