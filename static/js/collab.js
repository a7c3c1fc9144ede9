// Comment threads: live refresh over the production's websocket, and @mention autocomplete.
// Without JavaScript the thread reads and posts as plain forms; this only saves reloads.
(function () {
  "use strict";
  var section = document.querySelector("[data-collab-thread]");
  if (!section) return;
  var on = section.getAttribute("data-on");
  var body = section.querySelector("[data-collab-body]");

  function refresh() {
    fetch(section.getAttribute("data-thread-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) body.innerHTML = html; });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var host = section.getAttribute("data-live-host") || document.body.getAttribute("data-live-host") || location.host;
    var socket = new WebSocket(scheme + host + section.getAttribute("data-live-url"));
    socket.onmessage = function (e) {
      var msg = JSON.parse(e.data);
      if (msg.on === on && /^(comment|approval)\./.test(msg.event)) refresh();
    };
    socket.onclose = function () { setTimeout(connect, 5000); };
  }
  if (window.WebSocket) connect();

  // @mention autocomplete on every comment box of the section.
  var list = section.querySelector("[data-mention-list]");
  var url = section.getAttribute("data-mentions-url");
  var active = null;
  function currentHandle(area) {
    var upto = area.value.slice(0, area.selectionStart);
    var m = /(^|\s)@([\w.+-]*)$/.exec(upto);
    return m ? m[2] : null;
  }
  function choose(area, handle) {
    var pos = area.selectionStart;
    var upto = area.value.slice(0, pos).replace(/@([\w.+-]*)$/, "@" + handle + " ");
    area.value = upto + area.value.slice(pos);
    area.focus();
    list.hidden = true;
  }
  section.addEventListener("input", function (e) {
    var area = e.target;
    if (!area.matches || !area.matches("[data-mention-input]")) return;
    var handle = currentHandle(area);
    if (handle === null) { list.hidden = true; return; }
    active = area;
    fetch(url + "?q=" + encodeURIComponent(handle), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) {
        list.innerHTML = "";
        items.forEach(function (item) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "btn small";
          button.setAttribute("role", "option");
          button.textContent = "@" + item.id + (item.label !== item.id ? " (" + item.label + ")" : "");
          button.addEventListener("click", function () { choose(active, item.id); });
          li.appendChild(button);
          list.appendChild(li);
        });
        list.hidden = items.length === 0;
      });
  });
})();
