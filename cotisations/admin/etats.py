"""The treasurer's statements in the back-office (issue 10 point 9): « État des impayés » (the statement at a date,
its totals, its XLSX export) and « Tableau de bord du trésorier » (the collection rate by month against last year as
an SVG chart drawn here, with the same figures in a table; the reminder steps; what is still due; the bank credits
waiting to be matched). Two proxy models' changelists, so each page has its own view permission; the pages read
through cotisations.selectors and render, nothing else."""

import datetime
import math

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from commun.templatetags.francais import MOIS

from ..exports import TYPE_XLSX, etat_impayes_xlsx, nom_du_fichier
from ..models import EtapeRelance, EtatImpayes, TableauDeBord
from ..selectors import etat_impayes, tableau_de_bord

LIGNES_PAR_PAGE = 100
MOIS_ABREGES = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def fins_de_trimestre(annee: int) -> list[datetime.date]:
    return [
        datetime.date(annee, 3, 31),
        datetime.date(annee, 6, 30),
        datetime.date(annee, 9, 30),
        datetime.date(annee, 12, 31),
    ]


def dernier_trimestre_clos(today: datetime.date) -> datetime.date:
    """The last quarter's end on or before `today` (the statement's default date)."""
    return max(d for d in [*fins_de_trimestre(today.year), datetime.date(today.year - 1, 12, 31)] if d <= today)


class DateEtatForm(forms.Form):
    date = forms.DateField(
        label="Date de l'état",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Indiquez la date de l'état.",
            "invalid": "Date invalide : choisissez une date qui existe (AAAA-MM-JJ).",
        },
        help_text="Fin de trimestre en général (31 mars, 30 juin, 30 septembre, 31 décembre), mais toute date convient.",
    )


class AnneeForm(forms.Form):
    annee = forms.IntegerField(
        label="Année", min_value=2000, max_value=2100, error_messages={"invalid": "Indiquez une année (AAAA)."}
    )


class _PageSansFiche(admin.ModelAdmin):
    """A proxy's changelist turned into a page: no add, change, delete nor history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        nom = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=nom)]

    def contexte(self, request, titre: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": titre, **extra}


@admin.register(EtatImpayes)
class EtatImpayesAdmin(_PageSansFiche):
    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        donnees = request.GET if "date" in request.GET else {"date": dernier_trimestre_clos(today).isoformat()}
        form = DateEtatForm(donnees)
        etat, lignes, pages, page = None, [], 0, 1
        if form.is_valid():
            date = form.cleaned_data["date"]
            etat = etat_impayes(date=date, par=request.user)
            if request.GET.get("export") == "xlsx":
                reponse = HttpResponse(etat_impayes_xlsx(etat), content_type=TYPE_XLSX)
                reponse["Content-Disposition"] = f'attachment; filename="{nom_du_fichier(date)}"'
                return reponse
            pages = max(1, math.ceil(etat["nombre"] / LIGNES_PAR_PAGE))
            try:
                page = min(max(1, int(request.GET.get("page", 1))), pages)
            except ValueError:
                page = 1
            debut = (page - 1) * LIGNES_PAR_PAGE
            etapes = dict(EtapeRelance.choices)
            lignes = [
                {**ligne, "relance_libelle": etapes.get(ligne["derniere_relance"], "—")}
                for ligne in etat["lignes"][debut : debut + LIGNES_PAR_PAGE]
            ]
        contexte = self.contexte(
            request,
            "État de situation des impayés",
            form=form,
            etat=etat,
            lignes=lignes,
            page=page,
            pages=pages,
            precedente=page - 1 if page > 1 else None,
            suivante=page + 1 if page < pages else None,
            trimestres=fins_de_trimestre(today.year),
        )
        return TemplateResponse(request, "admin/cotisations/etat_impayes.html", contexte)


# --- the chart ------------------------------------------------------------------------------------------------------

LARGEUR, HAUTEUR = 720, 300
MARGE_GAUCHE, MARGE_DROITE, MARGE_HAUT, MARGE_BAS = 56, 16, 16, 40


def graphique(courant: list[dict], precedent: list[dict]) -> dict:
    """Coordinates of the SVG chart: one polyline per year (the months reached), the y axis in percent (to 100 %, or
    the largest rate above it), the months on the x axis."""
    taux = [m["taux"] for m in courant + precedent if m["taux"] is not None]
    plafond = max([100, *(math.ceil(t / 10) * 10 for t in taux)])
    largeur = LARGEUR - MARGE_GAUCHE - MARGE_DROITE
    hauteur = HAUTEUR - MARGE_HAUT - MARGE_BAS
    pas = largeur / 11

    def x(mois):
        return round(MARGE_GAUCHE + (mois - 1) * pas, 1)

    def y(valeur):
        return round(MARGE_HAUT + hauteur - float(valeur) / plafond * hauteur, 1)

    def serie(mois):
        points = [(x(m["mois"]), y(m["taux"])) for m in mois if m["taux"] is not None]
        return {"points": " ".join(f"{a},{b}" for a, b in points), "marques": points}

    return {
        "largeur": LARGEUR,
        "hauteur": HAUTEUR,
        "gauche": MARGE_GAUCHE,
        "droite": LARGEUR - MARGE_DROITE,
        "bas": MARGE_HAUT + hauteur,
        "graduations": [{"y": y(v), "libelle": f"{v} %"} for v in range(0, plafond + 1, plafond // 5 or 1)],
        "mois": [{"x": x(m), "libelle": MOIS_ABREGES[m - 1]} for m in range(1, 13)],
        "courant": serie(courant),
        "precedent": serie(precedent),
    }


@admin.register(TableauDeBord)
class TableauDeBordAdmin(_PageSansFiche):
    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = AnneeForm(request.GET if "annee" in request.GET else {"annee": today.year})
        annee = form.cleaned_data["annee"] if form.is_valid() else today.year
        bord = tableau_de_bord(annee=annee, today=today, par=request.user)
        mois = [
            {"libelle": MOIS[c["mois"] - 1], "courant": c, "precedent": p}
            for c, p in zip(bord["courant"], bord["precedent"], strict=True)
        ]
        contexte = self.contexte(
            request,
            f"Tableau de bord du trésorier — {annee}",
            form=form,
            annee=annee,
            bord=bord,
            mois=mois,
            graphique=graphique(bord["courant"], bord["precedent"]),
        )
        return TemplateResponse(request, "admin/cotisations/tableau_de_bord.html", contexte)
