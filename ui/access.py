"""Who may change the corpus through the app: one decision, made once at start-up.

On a loopback address only this machine's users reach the app, so edits (add, remove,
restore letters) are on. Anywhere else they need a login: with basic auth on
(``RAG_UI_USER``/``RAG_UI_PASSWORD``) edits work as on loopback; without it the edit
controls are disabled, say why, and their handlers refuse — unless the operator passes
``--allow-anonymous-edits``, which is logged at start.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


@dataclass(frozen=True)
class EditPolicy:
    allowed: bool
    reason: str  # why (shown beside the disabled controls, logged at start)


def is_loopback(host: str) -> bool:
    """Is ``host`` (a bind address or name) reachable from this machine only?"""
    host = (host or "").strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name or an address that is not loopback ("0.0.0.0", "::", a LAN name)


def edit_policy(host: str, auth: bool, allow_anonymous: bool = False) -> EditPolicy:
    """May the app's users add, remove and restore letters?

    >>> edit_policy("127.0.0.1", auth=False).allowed, edit_policy("0.0.0.0", auth=False).allowed
    (True, False)
    """
    if is_loopback(host):
        return EditPolicy(True, f"listening on {host} (loopback): only this machine's users can edit")
    if auth:
        return EditPolicy(True, f"listening on {host} with basic auth: logged-in users can edit")
    if allow_anonymous:
        return EditPolicy(True, f"listening on {host} WITHOUT a login and --allow-anonymous-edits: "
                                "anyone who reaches it can add and remove letters")
    return EditPolicy(False, f"adding, removing and restoring letters is off: the app listens on {host} "
                             "without a login (set RAG_UI_USER and RAG_UI_PASSWORD, or use rag add/remove)")
