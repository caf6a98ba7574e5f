"""Shipping: shipments, tracking numbers and dispatch."""
