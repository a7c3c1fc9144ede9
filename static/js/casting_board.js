// The casting board: drag a card to another column to move it. Dragging only fills in the
// card's own "Move to" select and submits its form, so the server decides exactly as it does
// without JavaScript (and refuses a move the trade does not allow, in words).
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) return;
  var dragged = null;
  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest(".board-card[draggable=true]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });
  board.addEventListener("dragend", function () {
    dragged = null;
    board.querySelectorAll(".drop-target").forEach(function (col) {
      col.classList.remove("drop-target");
    });
  });
  board.querySelectorAll(".board-col").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      column.classList.add("drop-target");
    });
    column.addEventListener("dragleave", function () {
      column.classList.remove("drop-target");
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      if (!dragged) return;
      var form = dragged.querySelector(".move-form");
      var select = form && form.querySelector("select[name=status]");
      var status = column.getAttribute("data-status");
      var live = document.getElementById("board-status");
      if (!select || !select.querySelector('option[value="' + status + '"]')) {
        if (live) live.textContent = "A candidate reaches that column through an offer.";
        return;
      }
      select.value = status;
      form.submit();
    });
  });
})();
