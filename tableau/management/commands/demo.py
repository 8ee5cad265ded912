"""python manage.py demo [--medecins N] (CONTRACT.md "Settings and commands"): a thin CLI over tableau.demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tableau.demo import MEDECINS_PAR_DEFAUT, demo_charger
from tableau.models import Medecin


class Command(BaseCommand):
    help = (
        "Charge des données de démonstration (médecins, historique des statuts, qualifications, lieux d'exercice, "
        "sociétés) et affiche les comptes de démonstration. Relancer la commande ne crée pas de doublon : elle "
        "complète ce qui manque et remet les mots de passe affichés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--medecins",
            type=int,
            default=MEDECINS_PAR_DEFAUT,
            help=f"nombre de médecins de démonstration (défaut : {MEDECINS_PAR_DEFAUT})",
        )
        parser.add_argument(
            "--forcer",
            action="store_true",
            help="autorise le chargement quand DJANGO_DEBUG=0 (les comptes de démonstration ont des mots de passe connus)",
        )

    def handle(self, *args, medecins, forcer, **options):
        if medecins < 2:
            raise CommandError("--medecins doit valoir au moins 2 (les deux comptes médecin de démonstration).")
        if not settings.DEBUG and not forcer:
            raise CommandError(
                "DJANGO_DEBUG=0 : refus de créer des comptes aux mots de passe connus sur ce qui ressemble à une "
                "installation de production. Ajoutez --forcer si c'est bien une base de démonstration."
            )
        resultat = demo_charger(medecins=medecins)
        conseil = self._conseil(resultat)
        self.stdout.write(
            f"Médecins de démonstration : {resultat.medecins_crees} créés, {resultat.medecins_existants} déjà "
            f"présents ; sociétés créées : {resultat.societes_creees} ({resultat.duree:.1f} s)."
        )
        if conseil.cree:
            self.stdout.write(
                f"Conseil de démonstration : {conseil.membres} membres (8 binômes titulaires, 8 suppléants), bureau, "
                "commissions, une séance tenue le mois dernier et la suivante à convoquer."
            )
        cotisations = self._cotisations()
        if cotisations.absent:
            self.stdout.write(f"Cotisations de démonstration : {cotisations.absent}.")
        else:
            exoneration = (
                f", une exonération pour insuffisance de ressources (délibération {cotisations.exoneration})"
                if cotisations.exoneration
                else ""
            )
            self.stdout.write(
                f"Cotisations {cotisations.annee} : {cotisations.appel['creees']} appelées, "
                f"{cotisations.appel['existantes']} déjà appelées ; {cotisations.paiements} paiements enregistrés, "
                f"{cotisations.annulations} annulé(s){exoneration} (état des impayés et tableau de bord du trésorier "
                "dans le back-office, rubrique Cotisations)."
            )
            banque, relances = cotisations.banque, cotisations.relances
            self.stdout.write(
                f"Banque : relevé de démonstration importé ({banque['rapprochees']} crédit(s) rapproché(s), "
                f"{banque['a_confirmer']} à confirmer, {banque['non_rapprochees']} sans correspondance, "
                f"{banque['deja_importees']} déjà importé(s)). Relances du jour : {relances['rappel']} rappel(s), "
                f"{relances['lrar1']} + {relances['lrar2']} recommandé(s)."
            )
        for ligne in self._tresorerie():
            self.stdout.write(ligne)
        # conciliation (conc-noyau)
        if ligne := self._conciliation():
            self.stdout.write(ligne)
        # annonces (issue 13 point 6)
        ligne_annonces = self._annonces()
        if ligne_annonces:
            self.stdout.write(ligne_annonces)
        for ligne in self._incidents_contrats():  # issue 13 points 7-8
            self.stdout.write(ligne)
        for ligne in self._entraide():  # entraide-aides (issue 12)
            self.stdout.write(ligne)
        self.stdout.write(self._solidarite(resultat))  # solidarite (issue 13)
        self.stdout.write(self._rgpd())  # rgpd (issue 13 point 9)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Comptes de démonstration (mots de passe remis à chaque lancement) :"))
        roles = self._roles()
        for compte in resultat.comptes:
            role = f"{compte.role}, {roles[compte.username]}" if compte.username in roles else compte.role
            self.stdout.write(
                f"  {role:<45} identifiant : {compte.username:<13} mot de passe : {compte.password:<20} "
                f"→ {settings.SITE_URL.rstrip('/')}{compte.url}"
            )

    def _conseil(self, resultat):
        """The council's demo data, with the two printed doctors as président and secrétaire général."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from gouvernance.demo import demo_conseil

        medecins = [c.username for c in resultat.comptes if c.url.startswith("/espace/")]
        president, secretaire = (Medecin.objects.get(rpps=rpps) for rpps in medecins[:2])
        with transaction.atomic():
            return demo_conseil(
                today=timezone.localdate(), par=utilisateur_systeme(), president=president, secretaire=secretaire
            )

    def _cotisations(self):
        """The dues of the current year, called, partly paid, one exemption decided in plenary (cotisations.demo)."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from cotisations.demo import demo_cotisations
        from cotisations.demo_banque import banque_demo
        from cotisations.services import relances_executer

        today, systeme = timezone.localdate(), utilisateur_systeme()
        with transaction.atomic():
            resultat = demo_cotisations(today=today, par=systeme)
        if not resultat.absent:
            # A bank statement to match (one credit by reference, one to confirm, one nobody's) and the reminder
            # calendar run for today, as beat would: both idempotent, a second run adds nothing.
            resultat.banque = banque_demo(par=systeme, today=today)
            resultat.relances = relances_executer(date=today, par=systeme)
        return resultat

    def _tresorerie(self) -> list[str]:
        """The budget, the expense chain, the cash box… of the demo council (tresorerie.demo, one line per part)."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from tresorerie.demo import demo_tresorerie

        with transaction.atomic():
            return demo_tresorerie(today=timezone.localdate(), par=utilisateur_systeme())

    def _conciliation(self) -> str:
        """Complaints at different stages, and the conciliation commission if the council has none (conc-noyau)."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from conciliation.demo import demo_conciliation

        with transaction.atomic():
            return demo_conciliation(today=timezone.localdate(), par=utilisateur_systeme())

    def _annonces(self) -> str:
        """The doctors' ads, published and to moderate (annonces.demo)."""
        from django.db import transaction
        from django.utils import timezone

        from annonces.demo import demo_annonces
        from commun.services import utilisateur_systeme

        with transaction.atomic():
            return demo_annonces(today=timezone.localdate(), par=utilisateur_systeme())

    def _incidents_contrats(self) -> list[str]:
        """Declarations of incidents and contracts of the demo council (incidents.demo, contrats.demo)."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from contrats.demo import demo_contrats
        from incidents.demo import demo_incidents

        systeme, today = utilisateur_systeme(), timezone.localdate()
        with transaction.atomic():
            lignes = [demo_incidents(today=today, par=systeme), demo_contrats(today=today, par=systeme)]
        return [ligne for ligne in lignes if ligne]

    def _solidarite(self, resultat) -> str:
        """Priority places, the second printed doctor's validated application and its days (solidarite.demo)."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from solidarite.demo import demo_solidarite

        medecins = [c.username for c in resultat.comptes if c.url.startswith("/espace/")]
        with transaction.atomic():
            return demo_solidarite(
                today=timezone.localdate(),
                par=utilisateur_systeme(),
                volontaire_rpps=medecins[-1] if medecins else None,
            )

    def _entraide(self) -> list[str]:
        """entraide-aides (issue 12): two requests, a secours engaged through the chain, a file sent to the CNOM."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from entraide.demo import demo_entraide

        with transaction.atomic():
            return demo_entraide(today=timezone.localdate(), par=utilisateur_systeme())

    def _rgpd(self) -> str:
        """rgpd (issue 13 point 9): tonight's purge, run once, announces what the demo holds past its retention."""
        from django.db import transaction
        from django.utils import timezone

        from commun.services import utilisateur_systeme
        from rgpd.demo import demo_rgpd

        with transaction.atomic():
            return demo_rgpd(today=timezone.localdate(), par=utilisateur_systeme())

    def _roles(self) -> dict[str, str]:
        """What the printed doctors do on the council today (read back, so a second run prints it too)."""
        from django.utils import timezone

        from gouvernance import selectors

        libelles = {"president": "présidence", "secretaire_general": "secrétariat général"}
        roles = {}
        for fonction, libelle in libelles.items():
            membre = selectors.fonction_titulaire(fonction=fonction, date=timezone.localdate())
            if membre is not None and membre.medecin.user_id:
                roles[membre.medecin.rpps] = libelle
        return roles
