/* Call sheets.
 *
 * On a personal page (/c/<token>/): registers the service worker that keeps the page for
 * offline use, stores this page and its assets in the cache after it loads, and shows the
 * offline banner when the page came from the cache (the worker marks it with
 * data-offline="1") or the browser is offline.
 *
 * On the AD's tracking page: refreshes the counts and the list every 10 seconds.
 */
(function () {
  "use strict";

  var CACHE = "studio-callsheets-v1";
  var POLL_MS = 10000;

  // ------------------------------------------------------------ the personal page

  function savedTime(page) {
    // The service worker marks its copy with the Date header it was saved with (an HTTP
    // date, in GMT): show it as HH:MM in the production's zone, as the sheet's times are.
    var saved = new Date(document.documentElement.dataset.savedAt || "");
    if (isNaN(saved.getTime())) {
      return "";
    }
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    try {
      options.timeZone = page.dataset.tz;
      return new Intl.DateTimeFormat("en-GB", options).format(saved);
    } catch (error) {
      delete options.timeZone;  // a zone this browser does not know: the phone's own
      return new Intl.DateTimeFormat("en-GB", options).format(saved);
    }
  }

  function showOffline(page) {
    var banner = document.getElementById("cs-offline");
    if (!banner) {
      return;
    }
    var cached = document.documentElement.dataset.offline === "1";
    banner.hidden = !(cached || navigator.onLine === false);
    var time = banner.querySelector("[data-saved-time]");
    var saved = savedTime(page);
    if (time && saved) {
      time.textContent = "at " + saved;
    }
  }

  function keepForOffline() {
    if (!("caches" in window) || navigator.onLine === false) {
      return;
    }
    if (document.documentElement.dataset.offline === "1") {
      return;
    }
    var urls = [window.location.pathname];
    document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) {
      urls.push(el.getAttribute("href") || el.getAttribute("src"));
    });
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(urls);
    }).catch(function () {
      // Storage full or the network dropped: the page still works, only not offline.
    });
  }

  function personalPage(page) {
    showOffline(page);
    window.addEventListener("online", function () { showOffline(page); });
    window.addEventListener("offline", function () { showOffline(page); });
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.register("/c/sw.js", { scope: "/c/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(keepForOffline).catch(function () {
      // No service worker (private mode, old browser): the page works online as before.
    });
  }

  // ------------------------------------------------------------ the AD's tracking page

  function refresh(live) {
    if (document.visibilityState !== "visible") {
      return;
    }
    fetch(live.dataset.liveUrl, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null) {
        live.innerHTML = html;
      }
    }).catch(function () {
      // Offline for a moment: try again at the next tick.
    });
  }

  function trackingPage(live) {
    window.setInterval(function () { refresh(live); }, POLL_MS);
  }

  var page = document.querySelector(".cs-personal[data-tz]");
  if (page) {
    personalPage(page);
  }
  var live = document.querySelector("[data-live-url]");
  if (live) {
    trackingPage(live);
  }
})();
