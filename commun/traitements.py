"""The register's processing of the shared kit (RGPD art. 30), read by rgpd.registre: plain data, no import."""

TRAITEMENTS = [
    {
        "nom": "Journal des consultations des dossiers confidentiels",
        "finalite": "Tracer chaque lecture (accordée ou refusée) d'un dossier confidentiel : entraide, plaintes, "
        "incidents, téléchargement de ses données par un médecin.",
        "base_legale": "Obligation de sécurité (article 32 du RGPD ; délibération CNIL 2021-122).",
        "personnes": "Personnel et élus qui consultent ; médecins qui téléchargent leurs données.",
        "donnees": "Utilisateur, acte, dossier consulté, date et heure, adresse IP.",
        "lecteurs": "Superutilisateurs (contrôle des accès).",
        "purge": "journal_acces",
    },
    {
        "nom": "Courriels envoyés par le conseil",
        "finalite": "Envoyer les convocations, notifications, reçus et avis, et en garder la trace.",
        "base_legale": "Celle de l'acte dont le courriel relève.",
        "personnes": "Destinataires des courriels.",
        "donnees": "Adresse du destinataire, nature du courriel, état de l'envoi.",
        "lecteurs": "Les services qui lisent l'objet du courriel.",
        "conservation": "Avec l'objet du courriel : supprimés avec lui par la purge.",
    },
]
