/* The reports page: follow each report still queued or running until it is done or failed,
 * by polling its API status URL, and fit the request form to the kind of report chosen.
 *
 * Without JavaScript the page still works: reload it to see the progress.
 */
(function () {
  "use strict";

  var POLL_MS = 1500;
  var LABELS = { queued: "Queued", running: "Running", done: "Done", failed: "Failed" };

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  function render(row, report) {
    row.dataset.status = report.status;
    row.querySelector(".report-status").textContent = LABELS[report.status] || report.status;
    var bar = row.querySelector(".report-progress");
    if (bar) {
      bar.value = report.progress;
      bar.textContent = report.progress + "%";
      show(bar, report.status === "queued" || report.status === "running");
    }
    var link = row.querySelector(".report-download");
    show(link, report.status === "done");
    var error = row.querySelector(".report-error");
    if (error) {
      // textContent, never HTML: the error is text from the server.
      error.textContent = report.error || "";
      show(error, report.status === "failed");
    }
  }

  function follow(row) {
    function poll() {
      fetch(row.dataset.reportUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (report) {
          render(row, report);
          if (report.status === "queued" || report.status === "running") {
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () {
          // A dropped connection: try again a little later.
          window.setTimeout(poll, POLL_MS * 4);
        });
    }
    window.setTimeout(poll, POLL_MS);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".report-row"), function (row) {
    if (row.dataset.status === "queued" || row.dataset.status === "running") {
      follow(row);
    }
  });

  var form = document.getElementById("report-request");
  if (!form) {
    return;
  }
  var kind = form.querySelector("select[name=kind]");
  var format = form.querySelector("select[name=format]");

  function fit() {
    var chosen = kind.options[kind.selectedIndex];
    var formats = (chosen.dataset.formats || "").split(" ");
    Array.prototype.forEach.call(format.options, function (option) {
      option.disabled = formats.indexOf(option.value) === -1;
    });
    if (format.selectedOptions[0] && format.selectedOptions[0].disabled) {
      format.value = formats[0];
    }
    Array.prototype.forEach.call(form.querySelectorAll(".report-param"), function (field) {
      show(field, field.dataset.forKind === kind.value);
    });
  }

  kind.addEventListener("change", fit);
  fit();
})();
