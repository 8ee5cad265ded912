"""Every write of the council's life (DOMAIN.md 4; seed 002, Livre I, titres I and II), one module per aggregate.

Services validate, then write in one transaction; a refusal raises ValidationError with a French message that
says what to fix, and nothing is written. The API, the admin, the pages and the commands call these, through
`gouvernance.services.<name>`: this package re-exports every service of its modules.
"""

from .commissions import (  # noqa: F401
    NATURES_UNIQUES,
    ROLES_DE_COMMISSION,
    commission_creer,
    commission_membre_elire,
    commission_membre_retirer,
    commission_supprimer,
)
from .declarations import (  # noqa: F401
    CHAMPS_DECLARATION,
    LISTES_DECLARATION,
    declaration_interets_deposer,
)
from .deliberations import (  # noqa: F401
    FORMULES_TYPES,
    MOTIVATION_MINIMUM,
    deliberation_enregistrer,
    deliberation_notifier,
    motivation_valider,
    voie_recours_enregistrer,
    voie_recours_supprimer,
)
from .elections import (  # noqa: F401
    election_creer,
    tour_enregistrer,
)
from .emargement import (  # noqa: F401
    absence_enregistrer,
    emargement_depart,
    emargement_enregistrer,
    emargement_supprimer,
)
from .fonctions import (  # noqa: F401
    delegation_accorder,
    delegation_retirer,
    fonction_attribuer,
    fonction_cloturer,
    indisponibilite_clore,
    indisponibilite_enregistrer,
)
from .mandats import (  # noqa: F401
    membre_creer,
    membre_remplacer_definitivement,
    membre_terminer,
)
from .seances import (  # noqa: F401
    DELAI_ELECTION_BUREAU,
    DELAI_SEANCE_EXTRAORDINAIRE,
    delai_convocation,
    demande_inscription_enregistrer,
    demande_seance_extraordinaire_enregistrer,
    seance_adopter_proces_verbal,
    seance_ajouter_point,
    seance_clore,
    seance_convoquer,
    seance_creer,
    seance_envoyer_proces_verbal,
    seance_ouvrir,
)
