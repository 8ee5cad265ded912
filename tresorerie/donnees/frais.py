"""Initial data of the expense claims: the caps of seed 002 annexe III and the fiscal mileage scale (voitures).

The scale is the DGFiP's (article 6 B de l'annexe IV au CGI), unchanged since its 5.4 % revaluation of 2023: the
scale published in 2025 (income 2024) and the one published in 2026 (income 2025) print the same figures. The 2027
row repeats them until the DGFiP publishes the next one (then the trésorier corrects it in the admin)."""

# (cv, taux jusqu'à 5 000 km, taux de 5 001 à 20 000 km, forfait de 5 001 à 20 000 km, taux au-delà de 20 000 km)
BAREME_VOITURES = (
    (3, "0.529", "0.316", "1065.00", "0.370"),
    (4, "0.606", "0.340", "1330.00", "0.407"),
    (5, "0.636", "0.357", "1395.00", "0.427"),
    (6, "0.665", "0.374", "1457.00", "0.447"),
    (7, "0.697", "0.394", "1515.00", "0.470"),
)

# Seed 002 annexe III 2.1.1 (80 km A/R for a departmental councillor living outside the department), 2.2.1 (hotel
# 200 € breakfast included), 2.2.2 (meal 35 €, breakfast 15 € without a hotel night).
PLAFONDS = {
    "plafond_hotel": "200.00",
    "plafond_repas": "35.00",
    "plafond_petit_dejeuner": "15.00",
    "km_hors_departement": 80,
}

ANNEES = (2026, 2027)
