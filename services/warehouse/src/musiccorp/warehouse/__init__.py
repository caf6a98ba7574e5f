"""Warehouse: stock levels, reservations that expire, and picking by competing consumers."""
