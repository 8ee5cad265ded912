"""The one answer to "may this user do this, on this object, on this date" (ARCHITECTURE.md: one helper).

Every app declares its acts in `<app>/perms.py` as `ACTIONS = {"nom": Regle(...)}`; the full name of an act is
`"<app>.<nom>"` (`"gouvernance.emargement"`, `"tableau.medecin_creer"`). The **services** call `exiger(par, ...)`
with the actor they receive, so the API, the pages, the admin and the commands get the same answer and no door can
skip it; the doors may call `peut(...)` to show or hide a button. Who may act:

- the system user (`commun.services.utilisateur_systeme`, the author of commands and tasks), for every act whose
  rule does not say `systeme=False`;
- staff (`is_staff`), by the Django permission of their group (config/roles.py; a superuser has them all) — staff
  never act through an elected function;
- an elected member, by the functions and roles he exercises on the date of the act (gouvernance.selectors:
  an interim or a substitute included, a prevented holder excluded), or any member in office (`membre=True`);
- a doctor, on his own objects (`medecin=`, a predicate on the object);
- anyone an extra predicate lets in (`aussi=`: the doyen d'âge who chairs an election records its rounds).

The date that counts is the rule's (`date=` a function of the object: a session's acts count on the session's day);
otherwise the date the service passes (its `today=`), otherwise today. A rule on the object's state (`etat=`)
answers a French sentence when the object is not in a state that allows the act: `exiger` then raises a
ValidationError (400: fix the object), while a missing right raises PermissionDenied (403).

A rule marked `confidentiel=True` logs every granted read (`lecture=True`) in `commun.JournalAcces`: the
confidential apps (entraide, conciliation) read through `exiger(..., lecture=True)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone


@dataclass(frozen=True)
class Regle:
    """Who may perform one act. `libelle` completes « Vous n'avez pas le droit de … »."""

    libelle: str
    permission: str | tuple[str, ...] | None = None
    fonctions: frozenset[str] = field(default_factory=frozenset)
    membre: bool = False
    medecin: Callable[[Any, Any], bool] | None = None
    aussi: Callable[[Any, Any, datetime.date], bool] | None = None
    date: Callable[[Any], datetime.date] | None = None
    etat: Callable[[Any], str | None] | None = None
    delegation: bool = False
    systeme: bool = True
    confidentiel: bool = False
    refus: str | None = None


_TABLES: dict[str, dict[str, Regle]] = {}


def regle(action: str) -> Regle:
    """The rule of `"<app>.<nom>"`, read from `<app>/perms.py` (an unknown act is a programming error)."""
    app, _, nom = action.partition(".")
    if app not in _TABLES:
        _TABLES[app] = import_module(f"{app}.perms").ACTIONS
    try:
        return _TABLES[app][nom]
    except KeyError:
        raise LookupError(
            f"Action inconnue du tableau des droits : {action!r} (ajoutez-la à {app}/perms.py)."
        ) from None


def est_systeme(user) -> bool:
    from commun.services import SYSTEME_USERNAME

    return user is not None and getattr(user, "username", None) == SYSTEME_USERNAME and not user.is_active


def date_de_l_acte(r: Regle, objet, date: datetime.date | None) -> datetime.date:
    if r.date is not None and objet is not None:
        return r.date(objet)
    return date or timezone.localdate()


def _a_le_droit(user, r: Regle, objet, date: datetime.date) -> bool:
    if user is None:
        return False
    if est_systeme(user):
        return r.systeme
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        permissions = (r.permission,) if isinstance(r.permission, str) else r.permission
        return bool(permissions) and user.has_perms(permissions)
    if r.medecin is not None and objet is not None and r.medecin(user, objet):
        return True
    if r.fonctions or r.membre:
        from gouvernance import selectors as gouvernance

        if r.fonctions and gouvernance.roles_de(user=user, date=date, parmi=r.fonctions) & r.fonctions:
            return True
        if r.membre and gouvernance.membre_de(user=user, date=date) is not None:
            return True
        if r.delegation and any(exerce(user, f, date, delegation=True) for f in r.fonctions):
            return True
    return bool(r.aussi is not None and objet is not None and r.aussi(user, objet, date))


def _de(libelle: str) -> str:
    """« de » before a verb, elided before a vowel or a mute h: « d'enregistrer », « de tenir »."""
    return f"d'{libelle}" if libelle[:1].lower() in "aeéèêiîoôuh" else f"de {libelle}"


def peut(user, action: str, *, objet=None, date: datetime.date | None = None) -> bool:
    """May `user` perform `action` (on `objet`, on `date`)? For the doors, to show or hide what they offer."""
    r = regle(action)
    if not _a_le_droit(user, r, objet, date_de_l_acte(r, objet, date)):
        return False
    return not (r.etat is not None and objet is not None and r.etat(objet))


def exiger(user, action: str, *, objet=None, date: datetime.date | None = None, lecture: bool = False) -> None:
    """Raise PermissionDenied (no right) or ValidationError (the object's state forbids it) with a French message;
    log the read of a confidential object."""
    r = regle(action)
    jour = date_de_l_acte(r, objet, date)
    if not _a_le_droit(user, r, objet, jour):
        raise PermissionDenied(
            r.refus
            or f"Vous n'avez pas le droit {_de(r.libelle)} le {jour:%d/%m/%Y} : il faut la fonction au conseil qui le "
            "permet à cette date, ou l'habilitation du service concerné."
        )
    if r.etat is not None and objet is not None:
        motif = r.etat(objet)
        if motif:
            raise ValidationError(motif)
    if lecture and r.confidentiel and objet is not None and not est_systeme(user):
        from commun.models import JournalAcces

        JournalAcces.consigner(utilisateur=user, action=action, objet=objet)


def exerce(user, fonction: str, date: datetime.date, *, delegation: bool = False) -> bool:
    """Does this user exercise the function (or role, e.g. `ordonnateur`) on the date? With `delegation=True`, a
    signature delegation given by its holder and in force on the date also counts (seed 002 L.I 2.2.2). For the
    trésorerie's expense chain: who is ordonnateur, liquidateur, trésorier that day."""
    if user is None or not user.is_authenticated:
        return False
    from gouvernance import selectors as gouvernance

    if fonction in gouvernance.roles_de(user=user, date=date, parmi={fonction}):
        return True
    return delegation and gouvernance.delegation_de_signature(user=user, fonction=fonction, date=date)
