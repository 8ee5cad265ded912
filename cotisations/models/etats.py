"""The treasurer's statements as admin pages (issue 10 point 9): proxies of the dues, without a table of their own,
so that the back-office lists "État des impayés" and "Tableau de bord du trésorier" under Cotisations and that each
page has its own view permission (config/roles.py gives both to Comptabilité)."""

from .cotisation import Cotisation


class EtatImpayes(Cotisation):
    """The unpaid-dues statement at a date (cotisations.selectors.etat_impayes)."""

    class Meta:
        proxy = True
        verbose_name = "état des impayés"
        verbose_name_plural = "état des impayés"
        default_permissions = ("view",)


class TableauDeBord(Cotisation):
    """The treasurer's dashboard (cotisations.selectors.tableau_de_bord)."""

    class Meta:
        proxy = True
        verbose_name = "tableau de bord du trésorier"
        verbose_name_plural = "tableau de bord du trésorier"
        default_permissions = ("view",)
