"""The council's back-office. Every write goes through gouvernance.services: add pages create with a service,
change pages only touch what a service allows (closing a function, a mandate, a delegation), actions call services.
A decision, an election round or an attendance signature is not edited once recorded.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commun.admin import ServiceAdmin, ServiceMixin
from config.perms import peut

from . import selectors, services
from .models import (
    Absence,
    Commission,
    DeclarationInterets,
    Delegation,
    Deliberation,
    DemandeInscriptionPoint,
    DemandeSeanceExtraordinaire,
    Election,
    Emargement,
    Fonction,
    Indisponibilite,
    Membre,
    Seance,
    SiegeCommission,
    StatutSeance,
    TourElection,
    VoieRecours,
)


class LectureSeuleInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _executer(modele_admin, request, queryset, service, succes: str):
    """Run a service on each selected row; refusals are reported one by one."""
    faits = 0
    for obj in queryset:
        try:
            service(obj)
            faits += 1
        except ValidationError as exc:
            modele_admin.message_user(request, f"{obj} : {' '.join(exc.messages)}", messages.ERROR)
        except PermissionDenied as exc:
            modele_admin.message_user(request, f"{obj} : {exc}", messages.ERROR)
    if faits:
        modele_admin.message_user(request, f"{faits} {succes}", messages.SUCCESS)


# --- members and functions -------------------------------------------------------------------------------------


class FonctionInline(LectureSeuleInline):
    model = Fonction
    fk_name = "membre"
    fields = ("fonction", "ordre", "interim", "date_debut", "date_fin", "election")
    readonly_fields = fields


class IndisponibiliteInline(LectureSeuleInline):
    model = Indisponibilite
    fields = ("date_debut", "date_fin", "motif")
    readonly_fields = fields


@admin.register(Membre)
class MembreAdmin(ServiceAdmin):
    list_display = ("medecin", "qualite", "binome", "moitie", "rang", "date_debut", "date_fin")
    list_select_related = ("medecin",)
    list_filter = ("qualite", "moitie", "binome")
    search_fields = ("medecin__nom", "medecin__prenom", "medecin__rpps")
    autocomplete_fields = ("medecin",)
    inlines = [FonctionInline, IndisponibiliteInline]

    def get_fields(self, request, obj=None):
        return ("medecin", "qualite", "binome", "moitie", "rang", "date_debut", "date_fin")

    def get_readonly_fields(self, request, obj=None):
        # Once recorded, only the end of the mandate changes (it closes the functions and delegations too).
        return ("medecin", "qualite", "binome", "moitie", "rang", "date_debut") if obj else ()

    def creer(self, request, donnees):
        return services.membre_creer(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if "date_fin" in changes:
            if donnees["date_fin"] is None:
                raise ValidationError(
                    {"date_fin": "Un mandat terminé ne se rouvre pas : enregistrez un nouveau mandat."}
                )
            services.membre_terminer(membre=obj, date_fin=donnees["date_fin"], par=request.user)


@admin.register(Fonction)
class FonctionAdmin(ServiceAdmin):
    list_display = ("fonction", "membre", "ordre", "interim", "date_debut", "date_fin", "election")
    list_select_related = ("membre__medecin", "election__seance")
    list_filter = ("fonction", "interim")
    search_fields = ("membre__medecin__nom", "membre__medecin__prenom")
    autocomplete_fields = ("membre",)
    raw_id_fields = ("election", "deliberation")
    date_hierarchy = "date_debut"

    def get_fields(self, request, obj=None):
        return ("membre", "fonction", "ordre", "interim", "date_debut", "date_fin", "election", "deliberation")

    def get_readonly_fields(self, request, obj=None):
        if obj:
            return ("membre", "fonction", "ordre", "interim", "date_debut", "election", "deliberation")
        return ("election",)

    def creer(self, request, donnees):
        donnees = {k: v for k, v in donnees.items() if k != "election"}
        return services.fonction_attribuer(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if "date_fin" in changes:
            if donnees["date_fin"] is None:
                raise ValidationError({"date_fin": "Une fonction close ne se rouvre pas : attribuez-la de nouveau."})
            services.fonction_cloturer(fonction=obj, date_fin=donnees["date_fin"], par=request.user)


@admin.register(Indisponibilite)
class IndisponibiliteAdmin(ServiceAdmin):
    list_display = ("membre", "date_debut", "date_fin", "motif", "indemnite_suspendue")
    list_select_related = ("membre__medecin",)
    autocomplete_fields = ("membre",)

    def get_readonly_fields(self, request, obj=None):
        return ("membre", "date_debut", "motif") if obj else ()

    def get_queryset(self, request):
        return selectors.indisponibilites_liste(date=timezone.localdate())

    @admin.display(description="indemnité de fonction suspendue", boolean=True)
    def indemnite_suspendue(self, obj):
        return obj.indemnite_suspendue

    def creer(self, request, donnees):
        return services.indisponibilite_enregistrer(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if "date_fin" in changes and donnees["date_fin"]:
            services.indisponibilite_clore(indisponibilite=obj, date_fin=donnees["date_fin"], par=request.user)


@admin.register(Delegation)
class DelegationAdmin(ServiceAdmin):
    list_display = ("delegant", "delegataire", "type", "date_debut", "date_fin")
    list_select_related = ("delegant__membre__medecin", "delegataire__medecin")
    list_filter = ("type",)
    search_fields = ("delegataire__medecin__nom", "objet")
    autocomplete_fields = ("delegataire",)
    raw_id_fields = ("delegant",)

    def get_readonly_fields(self, request, obj=None):
        return ("delegant", "delegataire", "type", "objet", "date_debut") if obj else ()

    def creer(self, request, donnees):
        return services.delegation_accorder(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if "date_fin" in changes and donnees["date_fin"]:
            services.delegation_retirer(delegation=obj, date_fin=donnees["date_fin"], par=request.user)


class SiegeCommissionInline(LectureSeuleInline):
    model = SiegeCommission
    fields = ("membre", "role", "date_debut", "date_fin", "deliberation")
    readonly_fields = fields


@admin.register(Commission)
class CommissionAdmin(ServiceAdmin):
    """The council's commissions; their elected members are recorded under « Sièges en commission ». The président
    and the secrétaire général sit by right in each (shown in the composition, not recorded)."""

    list_display = ("nom", "nature", "gestionnaire", "date_debut", "date_fin")
    list_select_related = ("gestionnaire__medecin",)
    list_filter = ("nature",)
    search_fields = ("nom",)
    autocomplete_fields = ("gestionnaire",)
    raw_id_fields = ("deliberation",)
    inlines = [SiegeCommissionInline]

    def get_fields(self, request, obj=None):
        champs = ["nature", "nom", "gestionnaire", "date_debut", "date_fin", "deliberation"]
        return champs + ["composition"] if obj else champs

    def get_readonly_fields(self, request, obj=None):
        return ("nature", "nom", "gestionnaire", "date_debut", "deliberation", "composition") if obj else ("date_fin",)

    @admin.display(description="composition aujourd'hui")
    def composition(self, obj):
        (ligne,) = selectors.commissions_composition(date=timezone.localdate(), commissions=[obj])
        membres = format_html_join(
            "",
            "<li>Dr {} {} – {}</li>",
            ((c["membre"].medecin.prenom, c["membre"].medecin.nom.upper(), c["libelle"]) for c in ligne["composition"]),
        )
        alertes = format_html_join("", '<li class="errornote">{}</li>', ((a,) for a in ligne["alertes"]))
        return format_html("<ul>{}{}</ul>", membres, alertes)

    def creer(self, request, donnees):
        donnees = {k: v for k, v in donnees.items() if k != "date_fin"}
        return services.commission_creer(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if "date_fin" in changes and donnees["date_fin"]:
            services.commission_supprimer(commission=obj, date_fin=donnees["date_fin"], par=request.user)


@admin.register(SiegeCommission)
class SiegeCommissionAdmin(ServiceAdmin):
    list_display = ("membre", "commission", "role", "date_debut", "date_fin", "deliberation")
    list_select_related = ("membre__medecin", "commission", "deliberation")
    list_filter = ("commission", "role")
    search_fields = ("membre__medecin__nom", "commission__nom")
    autocomplete_fields = ("membre",)
    raw_id_fields = ("deliberation",)

    def get_fields(self, request, obj=None):
        return ("commission", "membre", "role", "date_debut", "date_fin", "deliberation")

    def get_readonly_fields(self, request, obj=None):
        return ("commission", "membre", "role", "date_debut", "deliberation") if obj else ("date_fin",)

    def creer(self, request, donnees):
        donnees = {k: v for k, v in donnees.items() if k != "date_fin"}
        return services.commission_membre_elire(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if "date_fin" in changes and donnees["date_fin"]:
            services.commission_membre_retirer(siege=obj, date_fin=donnees["date_fin"], par=request.user)


@admin.register(DeclarationInterets)
class DeclarationInteretsAdmin(ServiceAdmin):
    """Declarations filed on paper are recorded here; each filing is a new version, never an edit."""

    list_display = ("membre", "version", "date", "attestation_signee", "deposee_le", "deposee_par")
    list_select_related = ("membre__medecin", "deposee_par")
    list_filter = ("attestation_signee",)
    search_fields = ("membre__medecin__nom",)
    autocomplete_fields = ("membre",)
    readonly_fields = ("version", "deposee_le", "deposee_par")

    def has_change_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        donnees = dict(donnees)
        membre = donnees.pop("membre")
        return services.declaration_interets_deposer(
            membre=membre, donnees=donnees, par=request.user, today=timezone.localdate()
        )


# --- sessions -------------------------------------------------------------------------------------------------------


class EmargementInline(LectureSeuleInline):
    model = Emargement
    fk_name = "seance"
    fields = ("membre", "remplace", "distance", "heure_arrivee", "heure_depart")
    readonly_fields = fields


class AbsenceInline(LectureSeuleInline):
    model = Absence
    fields = ("membre", "excusee", "motif")
    readonly_fields = fields


class DeliberationInline(LectureSeuleInline):
    model = Deliberation
    fields = ("numero", "objet", "vote", "pour", "contre", "abstention", "adoptee")
    readonly_fields = fields


class DemandeInscriptionInline(LectureSeuleInline):
    model = DemandeInscriptionPoint
    fields = ("libelle", "recue_le", "inscrite_de_droit", "motif")
    readonly_fields = fields


@admin.register(Seance)
class SeanceAdmin(ServiceAdmin):
    list_display = ("__str__", "date", "heure", "type", "mode", "statut", "convocation_envoyee_le", "lien_direct")
    list_filter = ("type", "statut", "mode", "election_bureau")
    date_hierarchy = "date"
    inlines = [EmargementInline, AbsenceInline, DeliberationInline, DemandeInscriptionInline]
    actions = ["convoquer", "ouvrir", "clore", "envoyer_proces_verbal"]
    raw_id_fields = (
        "suite_a",
        "pv_adopte_en",
        "president_seance",
        "secretaire_seance",
        "demande_extraordinaire",
        "commission_reunie",
    )

    def get_fields(self, request, obj=None):
        champs = [
            "date",
            "heure",
            "type",
            "commission",
            "lieu",
            "mode",
            "urgence",
            "ordre_du_jour",
            "suite_a",
            "demande_extraordinaire",
            "commission_reunie",
            "election_bureau",
            "resultats_proclames_le",
        ]
        if obj:
            champs += [
                "lien_direct",
                "statut",
                "quorum_constate",
                "convocation_envoyee_le",
                "ouverte_le",
                "quorum_ouverture",
                "presents_ouverture",
                "requis_ouverture",
                "close_le",
                "pv_envoye_le",
                "president_seance",
                "pv_adopte_en",
                "pv_observations",
            ]
        return champs

    def get_readonly_fields(self, request, obj=None):
        if not obj:
            return ()
        return [c for c in self.get_fields(request, obj) if c not in ("pv_adopte_en", "pv_observations")]

    @admin.display(description="quorum (présents / requis)")
    def quorum(self, obj):
        q = selectors.seance_quorum(seance=obj)
        return f"{q['presents']} / {q['requis']}{'' if q['atteint'] else ' — non atteint'}"

    @admin.display(description="quorum constaté sur le registre")
    def quorum_constate(self, obj):
        return self.quorum(obj)

    @admin.display(description="page de séance")
    def lien_direct(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}" aria-label="Conduire la séance en direct : {}">Conduire la séance en direct</a>',
            reverse("gouvernance:seance_direct", args=[obj.pk]),
            obj,
        )

    def creer(self, request, donnees):
        return services.seance_creer(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        if {"pv_adopte_en", "pv_observations"} & set(changes) and donnees.get("pv_adopte_en"):
            services.seance_adopter_proces_verbal(
                seance=obj,
                en_seance=donnees["pv_adopte_en"],
                observations=donnees.get("pv_observations", ""),
                par=request.user,
            )

    @admin.action(description="Envoyer le projet de procès-verbal aux membres", permissions=["seance_gerer"])
    def envoyer_proces_verbal(self, request, queryset):
        today = timezone.localdate()
        _executer(
            self,
            request,
            queryset,
            lambda s: services.seance_envoyer_proces_verbal(seance=s, today=today, par=request.user),
            "projet(s) de procès-verbal : envoi programmé aux membres.",
        )

    @admin.action(description="Envoyer la convocation et l'ordre du jour", permissions=["seance_gerer"])
    def convoquer(self, request, queryset):
        today = timezone.localdate()
        _executer(
            self,
            request,
            queryset,
            lambda s: services.seance_convoquer(seance=s, today=today, par=request.user),
            "séance(s) convoquée(s) : envoi des convocations programmé.",
        )

    @admin.action(description="Ouvrir la séance (le quorum est constaté)", permissions=["seance_conduire"])
    def ouvrir(self, request, queryset):
        _executer(
            self,
            request,
            queryset,
            lambda s: services.seance_ouvrir(seance=s, par=request.user),
            "séance(s) ouverte(s).",
        )

    # Who is offered an action: the same helper the services ask (config.perms), not the model's permission.
    def has_seance_gerer_permission(self, request):
        return peut(request.user, "gouvernance.seance_gerer")

    def has_seance_conduire_permission(self, request):
        return peut(request.user, "gouvernance.seance_conduire")

    @admin.action(description="Clore la séance", permissions=["seance_conduire"])
    def clore(self, request, queryset):
        _executer(
            self,
            request,
            queryset.exclude(statut=StatutSeance.CLOSE),
            lambda s: services.seance_clore(seance=s, par=request.user),
            "séance(s) close(s).",
        )


@admin.register(DemandeInscriptionPoint)
class DemandeInscriptionPointAdmin(ServiceAdmin):
    list_display = ("libelle", "seance", "recue_le", "inscrite_de_droit", "motif")
    list_select_related = ("seance",)
    list_filter = ("inscrite_de_droit",)
    autocomplete_fields = ("signataires",)
    raw_id_fields = ("seance",)

    def get_fields(self, request, obj=None):
        return ("seance", "libelle", "recue_le", "signataires", "inscrite_de_droit", "motif")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ("inscrite_de_droit", "motif")

    def creer(self, request, donnees):
        return services.demande_inscription_enregistrer(
            seance=donnees["seance"],
            libelle=donnees["libelle"],
            signataires=donnees["signataires"],
            recue_le=donnees["recue_le"],
            par=request.user,
        )


@admin.register(DemandeSeanceExtraordinaire)
class DemandeSeanceExtraordinaireAdmin(ServiceAdmin):
    """The request of one third of the titulars; the extraordinary session is then created from the Séance page
    (field « demande du tiers des titulaires »), within fifteen days."""

    list_display = ("objet", "recue_le", "recevable", "motif", "seance_reunie")
    list_filter = ("recevable",)
    autocomplete_fields = ("signataires",)

    def get_fields(self, request, obj=None):
        return ("objet", "recue_le", "signataires", "recevable", "motif")

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else ("recevable", "motif")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seance")

    @admin.display(description="séance réunie")
    def seance_reunie(self, obj):
        return getattr(obj, "seance", None) or "—"

    def creer(self, request, donnees):
        return services.demande_seance_extraordinaire_enregistrer(
            objet=donnees["objet"], recue_le=donnees["recue_le"], signataires=donnees["signataires"], par=request.user
        )


@admin.register(Emargement)
class EmargementAdmin(ServiceAdmin):
    list_display = ("seance", "membre", "remplace", "voix_deliberative", "distance", "heure_arrivee", "heure_depart")
    list_select_related = ("seance", "membre__medecin", "remplace__medecin")
    list_filter = ("distance", "seance__type")
    search_fields = ("membre__medecin__nom",)
    autocomplete_fields = ("membre", "remplace")
    raw_id_fields = ("seance",)

    def get_fields(self, request, obj=None):
        return ("seance", "membre", "remplace", "distance", "heure_arrivee", "heure_depart")

    def get_readonly_fields(self, request, obj=None):
        return ("seance", "membre", "remplace", "distance", "heure_arrivee") if obj else ("heure_depart",)

    @admin.display(description="voix délibérative", boolean=True)
    def voix_deliberative(self, obj):
        return obj.membre.qualite == "titulaire" or obj.remplace_id is not None

    def creer(self, request, donnees):
        donnees = {k: v for k, v in donnees.items() if k != "heure_depart"}
        return services.emargement_enregistrer(par=request.user, **donnees)

    def get_actions(self, request):
        # One signature at a time, through the service that checks the register is not closed by a vote.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        motif = selectors.registre_arrete(seance=obj.seance) if obj is not None else ""
        if motif:
            self.message_user(request, f"Suppression impossible : {motif}", messages.ERROR)
            return redirect(reverse("admin:gouvernance_emargement_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.emargement_supprimer(emargement=obj, par=request.user)

    def modifier(self, request, obj, donnees, changes):
        if "heure_depart" in changes and donnees["heure_depart"]:
            services.emargement_depart(emargement=obj, heure=donnees["heure_depart"], par=request.user)


@admin.register(Absence)
class AbsenceAdmin(ServiceAdmin):
    list_display = ("seance", "membre", "excusee", "motif")
    list_select_related = ("seance", "membre__medecin")
    list_filter = ("excusee",)
    autocomplete_fields = ("membre",)
    raw_id_fields = ("seance",)

    def get_readonly_fields(self, request, obj=None):
        return ("seance", "membre") if obj else ()

    def creer(self, request, donnees):
        return services.absence_enregistrer(par=request.user, **donnees)

    def modifier(self, request, obj, donnees, changes):
        return services.absence_enregistrer(
            seance=obj.seance, membre=obj.membre, excusee=donnees["excusee"], motif=donnees["motif"], par=request.user
        )


# --- deliberations and elections --------------------------------------------------------------------------------


@admin.register(VoieRecours)
class VoieRecoursAdmin(ServiceAdmin):
    """The means and delays of appeal written in notifications: legal texts, edited here when the law changes,
    through the services (the président, the SG, or staff so entitled)."""

    list_display = ("libelle", "code")
    search_fields = ("libelle", "texte")

    def creer(self, request, donnees):
        return services.voie_recours_enregistrer(instance=VoieRecours(**donnees), par=request.user)

    def modifier(self, request, obj, donnees, changes):
        for champ in changes:
            if champ in donnees:
                setattr(obj, champ, donnees[champ])
        services.voie_recours_enregistrer(instance=obj, par=request.user)

    def delete_model(self, request, obj):
        services.voie_recours_supprimer(instance=obj, par=request.user)

    def delete_queryset(self, request, queryset):
        for voie in queryset:
            services.voie_recours_supprimer(instance=voie, par=request.user)


@admin.register(Deliberation)
class DeliberationAdmin(ServiceAdmin):
    list_display = (
        "numero",
        "objet",
        "seance",
        "vote",
        "pour",
        "contre",
        "abstention",
        "adoptee",
        "confidentielle",
        "notifiee_le",
    )
    list_select_related = ("seance",)
    list_filter = ("adoptee", "vote", "majorite", "confidentielle", "individuelle", "annee")
    actions = ["notifier"]
    search_fields = ("numero", "objet", "motivation")
    autocomplete_fields = ("non_participants", "sortis_conflit_interets", "secret_demande_par", "medecin_concerne")
    raw_id_fields = ("seance",)

    def get_fields(self, request, obj=None):
        champs = [
            "seance",
            "objet",
            "motivation",
            "medecin_concerne",
            "titre_honorifique",
            "heure",
            "vote",
            "secret_demande_par",
            "pour",
            "contre",
            "abstention",
            "non_participants",
            "sortis_conflit_interets",
            "voix_preponderante",
            "majorite",
            "confidentielle",
            "individuelle",
            "voie_recours",
        ]
        if obj:
            return ["numero", "adoptee", *champs, "notifiee_le", "notifiee_a", "lettre", "saisie_le", "saisie_par"]
        return champs

    def get_readonly_fields(self, request, obj=None):
        # A recorded decision is read, never edited; its number, outcome and entry stamp are not form fields (a
        # past version, shown by the history pages through the same form, would otherwise fail on `saisie_le`).
        return ("numero", "adoptee", "notifiee_le", "notifiee_a", "lettre", "saisie_le", "saisie_par") if obj else ()

    @admin.display(description="lettre de notification")
    def lettre(self, obj):
        if obj.medecin_concerne_id is None or obj.voie_recours_id is None:
            return "—"
        return format_html(
            '<a href="{}">Lettre de notification (PDF)</a>',
            reverse("gouvernance-deliberation-notification", args=[obj.pk]),
        )

    @admin.action(description="Notifier la décision au médecin concerné (lettre et courriel)", permissions=["add"])
    def notifier(self, request, queryset):
        today = timezone.localdate()
        _executer(
            self,
            request,
            queryset,
            lambda d: services.deliberation_notifier(deliberation=d, today=today, par=request.user),
            "décision(s) notifiée(s). La lettre est à imprimer ; l'envoi de sa copie par courriel est programmé "
            "quand le médecin a une adresse électronique.",
        )

    def has_change_permission(self, request, obj=None):
        # A decision is not edited: view only, the change page has no save button.
        return False

    def creer(self, request, donnees):
        return services.deliberation_enregistrer(par=request.user, **donnees)


class TourInline(LectureSeuleInline):
    model = TourElection
    fields = ("numero", "voix", "blancs_nuls", "elu")
    readonly_fields = fields
    show_change_link = False


@admin.register(Election)
class ElectionAdmin(ServiceAdmin):
    list_display = ("poste", "seance", "ordre", "president_de_seance", "elu")
    list_select_related = ("seance", "president_de_seance__medecin", "elu__medecin")
    list_filter = ("poste",)
    autocomplete_fields = ("candidats",)
    raw_id_fields = ("seance",)
    inlines = [TourInline]

    def get_fields(self, request, obj=None):
        champs = ["seance", "poste", "ordre", "interim", "candidats"]
        return [*champs, "president_de_seance", "elu"] if obj else champs

    def has_change_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        return services.election_creer(par=request.user, **donnees)


class TourForm(forms.ModelForm):
    voix = forms.JSONField(
        label="voix par candidat",
        help_text='Un objet {"<id du membre candidat>": nombre de voix}, ex. {"12": 7, "15": 5}.',
    )

    class Meta:
        model = TourElection
        fields = ("election", "voix", "blancs_nuls")


@admin.register(TourElection)
class TourElectionAdmin(ServiceMixin, admin.ModelAdmin):
    """Secret ballot: counts only, no history (ARCHITECTURE.md); a round is never edited."""

    form = TourForm
    list_display = ("election", "numero", "blancs_nuls", "elu_affiche")
    list_select_related = ("election__seance", "elu__medecin")
    raw_id_fields = ("election",)

    @admin.display(description="élu")
    def elu_affiche(self, obj):
        return obj.elu or format_html("<em>{}</em>", "second tour requis" if obj.numero == 1 else "—")

    def get_readonly_fields(self, request, obj=None):
        return ("election", "numero", "voix", "blancs_nuls", "elu") if obj else ()

    def has_change_permission(self, request, obj=None):
        return False

    def creer(self, request, donnees):
        return services.tour_enregistrer(par=request.user, **donnees)
