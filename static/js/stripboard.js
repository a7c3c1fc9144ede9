/* The stripboard: reorder strips by drag and drop (SortableJS) or by keyboard, then save.
 *
 * Nothing is saved until "Save board": the whole board goes to the server with the version it
 * was loaded at. If someone saved in between, the server refuses (412) and the board stays as
 * the user arranged it, with the message, so nothing is lost.
 */
(function () {
  "use strict";

  var root = document.getElementById("stripboard");
  if (!root || !root.dataset.editable) {
    return;
  }
  var form = document.getElementById("sb-save-form");
  var saveButton = document.getElementById("sb-save");
  var status = document.getElementById("sb-status");
  var alertBox = document.getElementById("sb-alert");
  var dirtyNote = document.getElementById("sb-dirty");
  var dialog = document.getElementById("sb-move");
  var lists = Array.prototype.slice.call(root.querySelectorAll(".sb-strips"));
  var dirty = false;
  var current = null; // the strip the move dialog is for
  var FOCUS_KEY = "studio.stripboard.focus";

  // ------------------------------------------------------------ small helpers

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function announce(text) {
    // Clearing first makes screen readers repeat a message that did not change.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function describe(strip) {
    return (strip.dataset.kind === "banner" ? "Banner " : "Scene ") + strip.dataset.label;
  }

  function stripsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("strip");
    });
  }

  function placeName(list) {
    var day = list.closest(".sb-day");
    return day ? day.dataset.label : "the boneyard";
  }

  function keyOf(strip) {
    if (strip.dataset.kind === "banner") {
      return "banner:" + strip.dataset.id;
    }
    return "scene:" + strip.dataset.scene + ":" + (strip.dataset.part || "");
  }

  function formatEighths(n) {
    var whole = Math.floor(n / 8);
    var rest = n % 8;
    if (rest === 0) { return String(whole); }
    return whole === 0 ? rest + "/8" : whole + " " + rest + "/8";
  }

  function formatMinutes(m) {
    var hours = Math.floor(m / 60);
    var rest = m % 60;
    if (!hours) { return rest + " min"; }
    return rest ? hours + " h " + rest + " min" : hours + " h";
  }

  // ------------------------------------------------------------ changes

  function updateTotals() {
    root.querySelectorAll(".sb-day").forEach(function (day) {
      var eighths = 0;
      var minutes = 0;
      var cast = {};
      day.querySelectorAll(".strip[data-kind=scene]").forEach(function (strip) {
        eighths += Number(strip.dataset.eighths || 0);
        minutes += Number(strip.dataset.minutes || 0);
        (strip.dataset.cast || "").split(" ").forEach(function (id) {
          if (id) { cast[id] = true; }
        });
      });
      var set = function (name, value) {
        var el = day.querySelector('[data-total="' + name + '"]');
        if (el) { el.textContent = value; }
      };
      set("pages", formatEighths(eighths));
      set("time", formatMinutes(minutes));
      set("cast", Object.keys(cast).length);
    });
  }

  function changed(strip) {
    dirty = true;
    dirtyNote.hidden = false;
    updateTotals();
    var list = strip.parentElement;
    var position = stripsOf(list).indexOf(strip) + 1;
    announce(describe(strip) + " moved to " + placeName(list) + ", position " + position +
      ". Not saved yet.");
  }

  function neighbourList(list, step) {
    var index = lists.indexOf(list) + step;
    return index >= 0 && index < lists.length ? lists[index] : null;
  }

  function moveBy(strip, step) {
    var list = strip.parentElement;
    var siblings = stripsOf(list);
    var index = siblings.indexOf(strip);
    if (step < 0 && index > 0) {
      list.insertBefore(strip, siblings[index - 1]);
    } else if (step > 0 && index < siblings.length - 1) {
      list.insertBefore(strip, siblings[index + 1].nextSibling);
    } else {
      var other = neighbourList(list, step);
      if (!other) {
        announce(describe(strip) + " is already at the " + (step < 0 ? "top." : "bottom."));
        return;
      }
      if (step < 0) {
        other.appendChild(strip);
      } else {
        other.insertBefore(strip, other.firstChild);
      }
    }
    strip.focus();
    changed(strip);
  }

  function moveTo(strip, containerId) {
    var target = lists.filter(function (list) {
      return list.dataset.container === containerId;
    })[0];
    if (!target) { return; }
    target.appendChild(strip);
    strip.focus();
    strip.scrollIntoView({block: "nearest"});
    changed(strip);
  }

  function focusNeighbour(strip, step) {
    var all = Array.prototype.slice.call(root.querySelectorAll(".strip"));
    var next = all[all.indexOf(strip) + step];
    if (next) { next.focus(); }
  }

  // ------------------------------------------------------------ per-strip buttons

  function addTools(strip) {
    var tools = document.createElement("span");
    tools.className = "strip-tools";
    [
      ["up", "\u2191", "Move " + describe(strip) + " up"],
      ["down", "\u2193", "Move " + describe(strip) + " down"],
      ["move", "Move\u2026", "Move " + describe(strip) + " to another day"]
    ].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "strip-tool";
      button.dataset.act = spec[0];
      button.textContent = spec[1];
      button.setAttribute("aria-label", spec[2]);
      tools.appendChild(button);
    });
    strip.appendChild(tools);
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest(".strip-tool");
    if (!button) { return; }
    var strip = button.closest(".strip");
    var act = button.dataset.act;
    if (act === "up") { moveBy(strip, -1); }
    if (act === "down") { moveBy(strip, 1); }
    if (act === "move") { openMove(strip); }
  });

  root.addEventListener("keydown", function (event) {
    var strip = event.target;
    if (!strip.classList || !strip.classList.contains("strip")) { return; }
    var up = event.key === "ArrowUp";
    var down = event.key === "ArrowDown";
    if ((up || down) && event.altKey) {
      event.preventDefault();
      moveBy(strip, up ? -1 : 1);
    } else if ((up || down) && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      focusNeighbour(strip, up ? -1 : 1);
    } else if ((event.key === "m" || event.key === "M") && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      openMove(strip);
    }
  });

  // ------------------------------------------------------------ the move dialog

  function openMove(strip) {
    current = strip;
    dialog.querySelector("[data-strip-label]").textContent = describe(strip).toLowerCase();
    var select = dialog.querySelector("select[name=to]");
    select.value = strip.parentElement.dataset.container;
    var kind = strip.dataset.kind;
    var saved = Boolean(strip.dataset.id);
    var show = {
      "scene-whole": kind === "scene" && saved && !strip.dataset.part,
      "scene-part": kind === "scene" && saved && Boolean(strip.dataset.part),
      "banner": kind === "banner" && saved,
      "unsaved": kind === "scene" && !saved
    };
    dialog.querySelectorAll("[data-for]").forEach(function (el) {
      el.hidden = !show[el.dataset.for];
      var field = el.querySelector("input[name=strip]");
      if (field) { field.value = strip.dataset.id || ""; }
    });
    dialog.showModal();
    select.focus();
  }

  dialog.addEventListener("close", function () {
    var strip = current;
    current = null;
    if (!strip) { return; }
    if (dialog.returnValue === "move") {
      moveTo(strip, dialog.querySelector("select[name=to]").value);
    } else {
      strip.focus();
    }
  });

  // ------------------------------------------------------------ drag and drop

  lists.forEach(function (list) {
    window.Sortable.create(list, {
      group: "stripboard",
      draggable: ".strip",
      filter: ".strip-tool",
      preventOnFilter: false,
      animation: 120,
      // The fallback (mouse and touch events, not native drag) behaves the same everywhere,
      // and a short hold on touch screens leaves plain swipes for scrolling.
      forceFallback: true,
      fallbackTolerance: 4,
      delay: 180,
      delayOnTouchOnly: true,
      ghostClass: "strip-ghost",
      chosenClass: "strip-chosen",
      onEnd: function (event) {
        if (event.from !== event.to || event.oldIndex !== event.newIndex) {
          changed(event.item);
        }
      }
    });
  });

  // ------------------------------------------------------------ saving

  function stripData(strip) {
    var d = strip.dataset;
    if (d.kind === "banner") {
      return {kind: "banner", id: d.id ? Number(d.id) : null, text: d.text};
    }
    return {
      kind: "scene",
      id: d.id ? Number(d.id) : null,
      scene: Number(d.scene),
      part: d.part ? Number(d.part) : null
    };
  }

  function serialise() {
    var board = {days: [], unscheduled: []};
    lists.forEach(function (list) {
      var strips = stripsOf(list).map(stripData);
      if (list.dataset.container) {
        board.days.push({id: Number(list.dataset.container), strips: strips});
      } else {
        board.unscheduled = strips;
      }
    });
    return board;
  }

  function showAlert(message, actions) {
    alertBox.textContent = "";
    var text = document.createElement("p");
    text.textContent = message;
    alertBox.appendChild(text);
    if (actions) {
      var row = document.createElement("div");
      row.className = "actions";
      actions.forEach(function (action) { row.appendChild(action); });
      alertBox.appendChild(row);
    }
    alertBox.hidden = false;
    alertBox.scrollIntoView({block: "nearest"});
  }

  function button(label, onClick, className) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "btn " + (className || "");
    el.textContent = label;
    el.addEventListener("click", onClick);
    return el;
  }

  function showStale(body) {
    var reload = button("Load the saved board", function () {
      if (window.confirm("Load the saved board? The order on screen will be lost.")) {
        dirty = false;
        window.location.reload();
      }
    });
    var overwrite = button("Save my order anyway (replaces their changes)", function () {
      form.elements.version.value = body.version;
      alertBox.hidden = true;
      save();
    }, "danger");
    showAlert(body.message + " Your order is still on screen, not saved.", [reload, overwrite]);
  }

  function save() {
    form.elements.board.value = JSON.stringify(serialise());
    saveButton.disabled = true;
    announce("Saving\u2026");
    var focused = document.activeElement;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken()}
    }).then(function (response) {
      return response.json().then(function (body) {
        return {status: response.status, body: body};
      });
    }).then(function (result) {
      if (result.status === 200) {
        dirty = false;
        if (focused && focused.classList && focused.classList.contains("strip")) {
          window.sessionStorage.setItem(FOCUS_KEY, keyOf(focused));
        }
        // Reload for the server's totals and conflicts of the new order.
        window.location.reload();
        return;
      }
      saveButton.disabled = false;
      if (result.status === 412) {
        showStale(result.body);
      } else {
        showAlert(result.body.message || "The board could not be saved.");
      }
    }).catch(function () {
      saveButton.disabled = false;
      showAlert("The board could not be saved: the server did not answer. Your order is " +
        "still on screen; try again.");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    alertBox.hidden = true;
    save();
  });

  // Other buttons on the page reload it; make sure an unsaved order is not lost by accident.
  document.querySelectorAll("form.sb-action").forEach(function (actionForm) {
    actionForm.addEventListener("submit", function (event) {
      var question = actionForm.dataset.confirm;
      if (dirty) {
        question = "Your new order is not saved and will be lost. Go on?";
      }
      if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
      dirty = false;
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // ------------------------------------------------------------ start

  root.querySelectorAll(".strip").forEach(addTools);
  var wanted = window.sessionStorage.getItem(FOCUS_KEY);
  if (wanted) {
    window.sessionStorage.removeItem(FOCUS_KEY);
    var again = Array.prototype.filter.call(root.querySelectorAll(".strip"), function (strip) {
      return keyOf(strip) === wanted;
    })[0];
    if (again) {
      again.focus();
      again.scrollIntoView({block: "center"});
    }
  }
}());
