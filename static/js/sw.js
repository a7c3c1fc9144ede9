/* The service worker of the crew's personal call sheet pages, served at /c/sw.js (scope /c/).
 *
 * Network first: online, every visit gets the latest version and refreshes the cached copy.
 * When the network fails (or takes longer than SLOW_MS: one bar of signal in a car park), the
 * last copy is served, marked data-offline="1" so the page shows its offline banner.
 * Only GET requests from our own origin are handled; confirming (a POST) always goes out.
 */
"use strict";

var CACHE = "studio-callsheets-v1";
var SLOW_MS = 4000;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function isPersonalPage(url, request) {
  return request.mode === "navigate" && /^\/c\/[^/]+\/$/.test(url.pathname);
}

function markOffline(response) {
  // The copy's Date header is when it was saved: the page's offline banner shows it.
  var saved = (response.headers.get("Date") || "").replace(/[^\w ,:+-]/g, "");
  // The text is decoded already: the copy's encoding and length no longer describe it.
  var headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  return response.text().then(function (html) {
    var marked = html.replace(
      'data-offline="0"', 'data-offline="1" data-saved-at="' + saved + '"'
    );
    return new Response(marked, { status: 200, headers: headers });
  });
}

function fromCache(request, isPage) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true });
  }).then(function (cached) {
    if (!cached) {
      return null;
    }
    return isPage ? markOffline(cached) : cached;
  });
}

function networkFirst(request, isPage) {
  var network = fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
  var slow = new Promise(function (resolve) {
    setTimeout(function () { resolve(fromCache(request, isPage)); }, SLOW_MS);
  });
  return Promise.race([network, slow]).then(function (first) {
    // The timer found nothing cached: keep waiting for the network.
    return first || network;
  }).catch(function () {
    return fromCache(request, isPage).then(function (cached) {
      return cached || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  var isPage = isPersonalPage(url, request);
  if (isPage || url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkFirst(request, isPage));
  }
});
