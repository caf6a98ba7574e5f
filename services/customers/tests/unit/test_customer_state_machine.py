"""The customer's lifecycle: every legal transition, and every illegal one refused (practice 4.9)."""

import pytest

from musiccorp.customers.domain.errors import IllegalTransition
from musiccorp.customers.domain.events import (
    AddressChanged,
    CustomerClosed,
    CustomerReactivated,
    CustomerSuspended,
)
from musiccorp.customers.domain.model import Action, Address, Customer, Status

ELSEWHERE = Address(line1="3 River Road", city="Seoul", postcode="04524", country="KR")


def perform(customer: Customer, action: str) -> None:
    if action == "change address":
        customer.change_address(ELSEWHERE)
    else:
        getattr(customer, action)()


LEGAL = [
    (Status.ACTIVE, "suspend", Status.SUSPENDED, CustomerSuspended),
    (Status.SUSPENDED, "reactivate", Status.ACTIVE, CustomerReactivated),
    (Status.ACTIVE, "close", Status.CLOSED, CustomerClosed),
    (Status.SUSPENDED, "close", Status.CLOSED, CustomerClosed),
    (Status.ACTIVE, "change address", Status.ACTIVE, AddressChanged),
    (Status.SUSPENDED, "change address", Status.SUSPENDED, AddressChanged),
]

ILLEGAL = [
    (Status.ACTIVE, "reactivate"),
    (Status.SUSPENDED, "suspend"),
    (Status.CLOSED, "suspend"),
    (Status.CLOSED, "reactivate"),
    (Status.CLOSED, "close"),
    (Status.CLOSED, "change address"),
]


@pytest.mark.parametrize("state, action, target, event", LEGAL)
def test_legal_transition_moves_state_and_records_its_event(state, action, target, event, customer_in):
    """A legal action moves the customer to its target state and records exactly its event."""
    customer = customer_in(state)
    perform(customer, action)
    assert customer.status is target
    assert customer.events == [event(customer.id)]


@pytest.mark.parametrize("state, action", ILLEGAL)
def test_illegal_transition_is_refused_naming_state_and_action(state, action, customer_in):
    """An illegal action raises IllegalTransition naming the state and the action, and changes nothing."""
    customer = customer_in(state)
    with pytest.raises(IllegalTransition, match=f"who is {state.value} cannot {action}") as raised:
        perform(customer, action)
    assert (raised.value.state, raised.value.action) == (state.value, action)
    assert customer.status is state
    assert customer.events == []


def test_the_tables_cover_every_state_and_action():
    """Legal and illegal cases together are every (state, action) pair: none is left untested."""
    pairs = {(state, action) for state, action, *_ in LEGAL} | set(ILLEGAL)
    assert pairs == {(state, action.value) for state in Status for action in Action}
    assert len(pairs) == len(LEGAL) + len(ILLEGAL)


@pytest.mark.parametrize("state, allowed", [
    (Status.ACTIVE, {Action.CHANGE_ADDRESS, Action.SUSPEND, Action.CLOSE}),
    (Status.SUSPENDED, {Action.CHANGE_ADDRESS, Action.REACTIVATE, Action.CLOSE}),
    (Status.CLOSED, set()),
])
def test_allowed_actions_follow_the_state(state, allowed, customer_in):
    """Each state offers exactly the actions that are legal in it."""
    assert customer_in(state).allowed_actions == allowed


def test_changing_to_the_same_address_records_nothing(address, customer_in):
    """Setting the address the customer already has is not a change: no event."""
    customer = customer_in()
    customer.change_address(address)
    assert customer.events == []
