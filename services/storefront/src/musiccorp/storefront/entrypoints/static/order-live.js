// The order page, live: the server pushes the order's status (as HTML) each time it changes.
// Without this script, or without EventSource, the page shows the status as it was drawn, and a Refresh link.
(function () {
  "use strict";
  const live = document.querySelector("[data-order-events]");
  if (!live || !("EventSource" in window)) return;
  const source = new EventSource(live.dataset.orderEvents);
  source.addEventListener("order", (event) => {
    live.innerHTML = event.data;
  });
  source.addEventListener("end", () => source.close()); // final: no reconnecting
})();
