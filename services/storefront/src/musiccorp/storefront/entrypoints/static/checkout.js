// Checkout: the card goes from this browser straight to PayBuddy; only PayBuddy's token comes back to the shop.
//
// The card fields have no name, so the form cannot post them. On submit this script asks PayBuddy's drop-in
// (PayBuddy.tokenise, loaded from PayBuddy) for a token, puts the token and the card's last four digits in the
// form, empties the card fields and posts. A form that holds a token already (the page came back with a message)
// posts as it is, so a retry is the very same order.
(function () {
  "use strict";
  const form = document.getElementById("checkout-form");
  if (!form) return;
  const field = (id) => document.getElementById(id);
  const token = form.elements.namedItem("card_token");
  const last4 = form.elements.namedItem("card_last4");
  const error = field("card-error");
  const button = form.querySelector("button[type=submit]");
  let sending = false;

  function card() {
    const [month, year] = field("card-expiry").value.split("/").map((part) => part.trim());
    return {
      number: field("card-number").value.replace(/[\s-]/g, ""),
      expMonth: Number(month),
      expYear: year && year.length === 2 ? 2000 + Number(year) : Number(year),
      cvc: field("card-cvc").value.trim(),
      holderName: field("card-holder").value.trim(),
    };
  }

  function refuse(message) {
    error.textContent = message;
    field("card-number").focus();
    sending = false;
    button.disabled = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return; // a second click while the first is on its way
    sending = true;
    button.disabled = true;
    error.textContent = "";
    const details = card();
    if (token.value && !details.number) {
      form.submit(); // the card PayBuddy tokenised already
      return;
    }
    if (typeof PayBuddy === "undefined") {
      refuse("Card payments are unavailable right now. Please try again in a moment.");
      return;
    }
    try {
      const answer = await PayBuddy.tokenise(form.dataset.paybuddyUrl, details);
      token.value = answer.token;
      last4.value = answer.last4 || details.number.slice(-4);
      for (const id of ["card-number", "card-expiry", "card-cvc", "card-holder"]) field(id).value = "";
      form.submit(); // submit() fires no submit event: this handler does not run again
    } catch (problem) {
      refuse((problem && (problem.errorMessage || problem.message)) || "PayBuddy could not accept this card.");
    }
  });
})();
