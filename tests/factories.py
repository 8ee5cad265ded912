"""Factories for every app (les-emplois habit: traits rather than fixture files)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from commun.services import utilisateur_systeme
from tableau.models import Exercice, Medecin, Sexe, Societe, Statut
from tableau.validators import cle_luhn

User = get_user_model()
MOT_DE_PASSE = "motdepasse-de-test-42"


def rpps_valide(n: int) -> str:
    debut = f"1{n:09d}"
    return debut + cle_luhn(debut)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@cdom.example")
    # Hashed before the insert: no second save after post-generation (deprecated by factory_boy).
    password = factory.django.Password(MOT_DE_PASSE)


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groupe(self, create, extracted, **kwargs):
        if extracted:
            from config.roles import groupes_synchroniser

            groupes_synchroniser()
            self.groups.add(Group.objects.get(name=_NOMS_GROUPES.get(extracted, extracted)))


_NOMS_GROUPES = {
    "accueil": "Accueil",
    "tableau": "Service du tableau",
    "comptabilite": "Comptabilité",
    "juridique": "Service juridique",
}


class MedecinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medecin
        skip_postgeneration_save = True

    rpps = factory.Sequence(lambda n: rpps_valide(n + 1))
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    sexe = Sexe.F
    date_naissance = datetime.date(1975, 5, 12)
    email = factory.LazyAttribute(lambda o: f"dr.{o.rpps}@medecins.example")
    telephone = "05 53 00 00 00"
    adresse_professionnelle = "12 rue Wilson"
    code_postal_professionnel = "24000"
    ville_professionnelle = "Périgueux"
    statut = Statut.INSCRIT
    date_statut = datetime.date(2015, 9, 1)
    date_inscription = datetime.date(2015, 9, 1)
    premiere_inscription = False
    exercice = Exercice.LIBERAL

    class Params:
        avec_compte = factory.Trait(
            user=factory.SubFactory(
                UserFactory, username=factory.SelfAttribute("..rpps"), email=factory.SelfAttribute("..email")
            )
        )


class SocieteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Societe
        skip_postgeneration_save = True

    raison_sociale = factory.Sequence(lambda n: f"SELARL des médecins du Périgord n°{n}")
    forme = Societe.Forme.SEL
    statut = Societe.Statut.INSCRIT
    date_inscription = datetime.date(2018, 3, 1)
    gerant = factory.SubFactory(MedecinFactory)

    @factory.post_generation
    def associes(self, create, extracted, **kwargs):
        if create and extracted:
            self.associes.set(extracted)


# --- gouvernance -------------------------------------------------------------------------------------------------

_NOMS_GROUPES["secretariat"] = "Secrétariat du conseil"


class MembreFactory(factory.django.DjangoModelFactory):
    """A mandate on the council (titular by default, from 2025-06-01, open-ended)."""

    class Meta:
        model = "gouvernance.Membre"

    medecin = factory.SubFactory(MedecinFactory)
    qualite = "titulaire"
    moitie = 1
    date_debut = datetime.date(2025, 6, 1)
    date_fin = None

    class Params:
        suppleant = factory.Trait(qualite="suppleant")
        avec_compte = factory.Trait(medecin=factory.SubFactory(MedecinFactory, avec_compte=True))


class FonctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Fonction"

    membre = factory.SubFactory(MembreFactory)
    fonction = "president"
    date_debut = datetime.date(2025, 6, 1)


class SeanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Seance"

    date = datetime.date(2026, 3, 12)
    type = "pleniere"
    ordre_du_jour = factory.LazyFunction(lambda: ["Approbation du procès-verbal", "Inscriptions au tableau"])


class EmargementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gouvernance.Emargement"

    seance = factory.SubFactory(SeanceFactory)
    membre = factory.SubFactory(MembreFactory)


def systeme():
    """The system user, as the author of writes a test makes outside any door (commands and tasks act as it)."""
    return utilisateur_systeme()
