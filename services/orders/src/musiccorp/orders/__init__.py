"""Orders: the cart, orders and their state machine, and the orchestrated fulfilment saga."""
