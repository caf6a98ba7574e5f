/*
 * PayBuddy drop-in (v2). Load it on your checkout page, then:
 *
 *   PayBuddy.tokenise("https://sandbox.paybuddy.example", {
 *     number: "4242 4242 4242 4242", expMonth: 12, expYear: 2035, cvc: "123", holderName: "Ada Lovelace"
 *   }).then(function (card) { form.cardToken.value = card.token; });
 *
 * Card details go from the shopper's browser straight to PayBuddy; your servers only ever see the token.
 * A refusal rejects the promise with an Error carrying PayBuddy's errorCode and a message to show the shopper.
 */
(function (global) {
  "use strict";

  function failure(status, body) {
    var error = new Error((body && body.errorMessage) || "PayBuddy answered " + status + ".");
    error.errorCode = (body && body.errorCode) || "http_" + status;
    error.status = status;
    return error;
  }

  function tokenise(baseUrl, card) {
    var url = String(baseUrl).replace(/\/+$/, "") + "/v2/tokens";
    return global.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ card: card })
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok || !body) {
          throw failure(response.status, body);
        }
        return { token: body.token, last4: body.last4, brand: body.brand };
      });
    });
  }

  global.PayBuddy = Object.freeze({ version: "2", tokenise: tokenise });
})(typeof window !== "undefined" ? window : globalThis);
