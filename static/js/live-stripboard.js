// The stripboard, live: who else has it open, and when someone else saves, an offer to load
// their version (instead of meeting a 412 on the next save). The board works without it.
(function () {
  "use strict";
  var holder = document.querySelector("[data-live-stripboard]");
  if (!holder || !window.WebSocket) return;
  var me = holder.getAttribute("data-live-user");
  var others = {};
  var status = document.createElement("div");
  status.className = "live-status";
  status.setAttribute("role", "status");
  holder.appendChild(status);

  function show(savedBy) {
    var names = Object.keys(others);
    status.textContent = names.length ? "Also open by " + names.join(", ") + "." : "";
    if (savedBy) {
      var p = document.createElement("p");
      p.className = "live-saved";
      p.appendChild(document.createTextNode(savedBy + " saved the board. "));
      var a = document.createElement("a");
      a.href = location.pathname + location.search;
      a.textContent = "Load their version";
      a.setAttribute("data-live-reload", "");
      p.appendChild(a);
      status.appendChild(p);
    }
  }
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var host = holder.getAttribute("data-live-host") || location.host;
  var socket = new WebSocket(scheme + host + holder.getAttribute("data-live-url"));
  socket.onopen = function () { socket.send(JSON.stringify({ type: "presence", page: "stripboard" })); };
  socket.onmessage = function (e) {
    var msg = JSON.parse(e.data);
    if (msg.event === "presence.join" || msg.event === "presence.here") { others[msg.actor] = true; show(); }
    else if (msg.event === "presence.leave") { delete others[msg.actor]; show(); }
    else if (msg.event === "stripboard.saved" && msg.actor && msg.actor !== me) { show(msg.actor); }
  };
})();
