"""Initial data of the cash box, the fixed assets and the year-end (migration 0004_cloture_donnees)."""

from decimal import Decimal

# Seed 002 L.II T.I 2.3 c): « Le solde de cette caisse ne peut être supérieur à mille euros (1000 €) ».
PLAFONDS_CAISSE = {2026: Decimal("1000.00"), 2027: Decimal("1000.00")}

# Seed 002 L.II T.I 2.6 (code, libellé, incorporelle, années, compte 2xxx, compte 28xx).
CATEGORIES_IMMOBILISATIONS = [
    ("logiciel", "Logiciel", True, 1, "205", "2805"),
    ("batiment", "Bâtiment", False, 25, "213", "2813"),
    ("materiel_bureau", "Matériel de bureau", False, 5, "2183", "28183"),
    ("materiel_informatique", "Matériel informatique", False, 5, "2183", "28183"),
    ("mobilier", "Mobilier", False, 10, "2184", "28184"),
    ("agencements", "Agencements et installations", False, 10, "2135", "28135"),
]

# The accounts a disposal needs, missing from the plan of migration 0002 (PCG 675 and 775).
COMPTES_SORTIE = [
    ("675", "Valeurs comptables des éléments d'actif cédés", "charge", False),
    ("775", "Produits des cessions d'éléments d'actif", "produit", False),
]
