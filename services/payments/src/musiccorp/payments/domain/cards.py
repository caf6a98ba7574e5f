"""Card numbers never reach payments (practice 9.6): we hold tokens, PayBuddy holds cards.

The browser swaps the card for a token at PayBuddy; only the token travels
through MusicCorp. A request that carries anything shaped like a card number
(a PAN: 13 to 19 digits, spaces or dashes allowed, passing the Luhn check) is
refused before it is read any further, so a card number is never parsed,
logged or stored here — which keeps every MusicCorp service out of PCI DSS scope.

>>> holds_card_number({"card_token": "tok_1", "note": "4111 1111 1111 1111"})
True
>>> holds_card_number({"card_token": "tok_4111111111111111"})
False
"""

from __future__ import annotations

import re

_PAN = re.compile(r"\d(?:[ -]?\d){12,18}")
_LONGEST = 19 + 18  # digits and a separator between each


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum every card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def looks_like_card_number(value: str) -> bool:
    """True when the whole of ``value`` reads as a card number."""
    text = value.strip()
    return len(text) <= _LONGEST and bool(_PAN.fullmatch(text)) and luhn_valid(re.sub(r"[ -]", "", text))


def holds_card_number(document: object) -> bool:
    """True when any key, string or integer anywhere in a JSON document looks like a card number.

    Walked with a stack, not recursion, so no nesting depth can exhaust it.
    """
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str | int) and not isinstance(value, bool) and looks_like_card_number(str(value)):
            return True
    return False
