from musiccorp.storefront.domain.customers import MailView

FORM = {"name": "Ada Lovelace", "email": "Ada@Example.com", "line1": "12 St James's Square", "line2": "",
        "city": "London", "postcode": "SW1Y 4JH", "country": "GB"}


def _register(client, **changes):
    return client.post("/register", data={**FORM, **changes}, follow_redirects=False)


def test_registration_form_is_labelled_and_offers_every_country(client):
    """The form labels each field and lists the ISO countries, the United Kingdom chosen by default."""
    page = client.get("/register").text
    for field in ("name", "email", "line1", "city", "postcode", "country"):
        assert f'<label for="{field}"' in page
    assert '<option value="GB" selected>United Kingdom' in page
    assert page.count("<option value=") == 249


def test_registering_signs_in_and_leads_to_the_account(client, customers):
    """A valid form creates the customer, remembers them in the session and redirects to /account."""
    response = _register(client)
    assert (response.status_code, response.headers["location"]) == (303, "/account")
    (customer,) = customers.customers.values()
    account = client.get("/account")
    assert account.status_code == 200
    assert "Hello, Ada" in account.text and customer.email in account.text


def test_account_waits_for_loyalty_and_mail_and_polls_until_settled(client, loyalty, notifications, customers):
    """Until the account is open and the mail sent, the status panel polls itself; then it stops."""
    _register(client)
    (customer_id,) = customers.customers
    waiting = client.get("/account").text
    assert "Opening your loyalty account" in waiting and 'hx-get="/account/status"' in waiting

    loyalty.balances[customer_id] = 0
    notifications.sent[customer_id] = [MailView("Welcome to MusicCorp Records", "sent", "2026-11-25T10:00:00Z")]
    settled = client.get("/account/status").text
    assert 'data-testid="points">0<' in settled and "Welcome to MusicCorp Records" in settled
    assert "hx-get" not in settled


def test_account_without_a_session_goes_to_registration(client):
    """Nobody signed in: /account redirects to the registration form."""
    response = client.get("/account", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/register")


def test_a_taken_email_gives_the_form_back_with_the_reason(client):
    """Registering an email twice returns the form (409) saying the email is taken, values kept."""
    _register(client)
    again = _register(client, name="Someone Else")
    assert again.status_code == 409
    assert "An account with this email exists already." in again.text
    assert 'value="Someone Else"' in again.text


def test_missing_fields_are_named_on_the_form(client):
    """Empty required fields come back as a 422 form naming each one, never an error document."""
    response = _register(client, name="", city="")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Please enter your name." in response.text and "Please enter your town or city." in response.text
    assert 'aria-invalid="true"' in response.text


def test_unknown_country_is_refused_on_the_form(client):
    """A country code not in the list is refused before anything is sent."""
    response = _register(client, country="XX")
    assert response.status_code == 422
    assert "Please choose a country from the list." in response.text


def test_registration_degrades_when_customers_is_down(client, customers):
    """With the customers service down the form stays, with a notice and 503, and nothing is lost."""
    customers.available = False
    response = _register(client)
    assert response.status_code == 503
    assert "Your account details are unavailable right now." in response.text
    assert 'value="Ada Lovelace"' in response.text


def test_account_page_degrades_panel_by_panel(client, customers, loyalty):
    """Loyalty down: the account still shows the customer's details, says loyalty is unavailable, 503."""
    _register(client)
    loyalty.available = False
    page = client.get("/account")
    assert page.status_code == 503
    assert "Hello, Ada" in page.text
    assert "Your loyalty balance is unavailable right now." in page.text
