/* A scene's shot list: reorder shots by dragging them (SortableJS).
 *
 * The ↑ and ↓ buttons beside each shot do the same with the keyboard, or with no script at
 * all. A drop sends the whole new order to the API; the page then reloads, so every number
 * (which follows the order unless locked) shows as the server gave it.
 */
(function () {
  "use strict";

  var list = document.getElementById("shot-list");
  if (!list || !list.dataset.orderUrl || !window.Sortable) {
    return;
  }
  var status = document.getElementById("order-status");

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function say(text) {
    if (status) {
      status.textContent = text;
      status.classList.remove("sr-only");
    }
  }

  function save() {
    var ids = Array.prototype.map.call(list.querySelectorAll("[data-shot]"), function (item) {
      return Number(item.dataset.shot);
    });
    say("Saving the new order…");
    fetch(list.dataset.orderUrl, {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken()
      },
      body: JSON.stringify({shots: ids})
    }).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return null;
      }
      return response.json().then(function (body) {
        say(body.message || "The order could not be saved; reload the page.");
      });
    }).catch(function () {
      say("The order could not be saved: no connection. Reload the page and try again.");
    });
  }

  window.Sortable.create(list, {
    handle: ".drag-handle",
    animation: 150,
    onEnd: function (event) {
      if (event.oldIndex !== event.newIndex) {
        save();
      }
    }
  });
})();
