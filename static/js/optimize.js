// Follow a running optimization: poll its API detail and reload when it finishes.
(function () {
  "use strict";
  var section = document.getElementById("optimizer-run");
  if (!section) { return; }
  var bar = section.querySelector(".progress-bar");
  var meter = section.querySelector("[role=progressbar]");
  var best = section.querySelector("[data-best]");

  function show(progress) {
    if (bar) { bar.style.width = progress + "%"; }
    if (meter) { meter.setAttribute("aria-valuenow", String(progress)); }
  }
  show(Number(bar ? bar.dataset.progress : 0));

  var running = { queued: true, running: true };
  if (!running[section.dataset.status]) { return; }

  function poll() {
    fetch(section.dataset.runUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (run) {
        show(run.progress);
        if (best && run.best_cost !== null) {
          best.textContent = (run.best_cost / 100).toFixed(2);
        }
        if (running[run.status]) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
