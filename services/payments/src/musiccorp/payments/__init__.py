"""Payments (finance): the ledger, charges and refunds, and the anti-corruption layer in front of PayBuddy."""
