// Inline editing of budget lines: Enter saves the line without leaving the keyboard, then
// moves to the same cell of the next line, as in a spreadsheet. Without JavaScript the same
// forms post and the page reloads at the line.
(function () {
  "use strict";
  var status = document.querySelector("[data-line-status]");
  var grand = document.querySelector("[data-grand-total]");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function rowOf(form) {
    var control = document.querySelector('[form="' + form.id + '"]');
    return control ? control.closest("tr") : null;
  }

  function showError(row, message) {
    if (!row) { return; }
    row.classList.add("has-error");
    var box = row.querySelector(".error.js-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error js-error";
      box.setAttribute("role", "alert");
      row.querySelector("td").appendChild(box);
    }
    box.textContent = message;
  }

  function nextCell(row, name) {
    var next = row && row.nextElementSibling;
    while (next) {
      var cell = next.querySelector('[name="' + name + '"]:not([readonly]):not([disabled])');
      if (cell) { return cell; }
      next = next.nextElementSibling;
    }
    return null;
  }

  document.querySelectorAll("form[data-line-form]").forEach(function (form) {
    if (form.id === "line-new-form") { return; }  // a new line reloads the page to show it
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.value === "remove") { return; }
      event.preventDefault();
      var active = document.activeElement;
      var row = rowOf(form);
      var data = new FormData(form);
      // form.action would be the control named "action" (the Remove button), not the URL.
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) {
          showError(row, result.body.message || "The line was not saved.");
          say(result.body.message || "The line was not saved.");
          return;
        }
        row.classList.remove("has-error");
        var old = row.querySelector(".js-error");
        if (old) { old.remove(); }
        ["subtotal", "fringe-total", "total"].forEach(function (key) {
          var cell = row.querySelector("[data-" + key + "]");
          var value = result.body[key.replace("-", "_")];
          if (cell && value !== undefined) { cell.textContent = value; }
        });
        if (grand && result.body.grand_total) { grand.textContent = result.body.grand_total; }
        say("Saved. Line total " + result.body.total + ".");
        if (active && active.name && active.tagName !== "BUTTON") {
          var target = nextCell(row, active.name);
          if (target) { target.focus(); target.select && target.select(); }
        }
      }).catch(function () {
        showError(row, "The line could not be saved: check the connection and try again.");
      });
    });
  });
})();
