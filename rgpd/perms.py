"""The acts of data protection and who may perform them (read by config.perms).

A doctor downloads his own data (his espace; the object is his record): each download is a logged read of a
confidential object (commun.JournalAcces), as it gathers his mutual-aid requests and his declarations. The register
of processing is read by the staff who follow the purges (the secrétariat du conseil, for the secrétaire général's
yearly report) and by the secrétaire général himself. The purge is the daily task's only, as the system user."""

from config.perms import Regle


def _soi(user, medecin) -> bool:
    propre = getattr(user, "medecin", None)
    return propre is not None and propre.pk == medecin.pk


ACTIONS: dict[str, Regle] = {
    "donnees_telecharger": Regle(
        "télécharger les données personnelles d'un médecin",
        None,
        medecin=_soi,
        confidentiel=True,
        systeme=False,
        refus="Seul le médecin lui-même télécharge les données que le conseil détient sur lui.",
    ),
    # A request received by post, e-mail or at the desk: the secrétariat records it, downloads the doctor's export
    # to answer (a logged read) and records the answer; the secrétaire général may too.
    "demande_acces_enregistrer": Regle(
        "enregistrer une demande d'accès à ses données",
        "rgpd.add_demandeacces",
        fonctions=frozenset({"secretaire_general"}),
    ),
    "demande_acces_repondre": Regle(
        "enregistrer la réponse à une demande d'accès",
        "rgpd.change_demandeacces",
        fonctions=frozenset({"secretaire_general"}),
    ),
    "demande_acces_exporter": Regle(
        "télécharger les données d'un médecin pour répondre à sa demande d'accès",
        "rgpd.exporter_demandeacces",
        fonctions=frozenset({"secretaire_general"}),
        confidentiel=True,
    ),
    "registre_consulter": Regle(
        "consulter le registre des traitements", "rgpd.view_purge", fonctions=frozenset({"secretaire_general"})
    ),
    "purge_annoncer": Regle("annoncer la purge des dossiers arrivés au terme de leur conservation", None),
    "purge_executer": Regle("purger les dossiers arrivés au terme de leur conservation", None),
}
