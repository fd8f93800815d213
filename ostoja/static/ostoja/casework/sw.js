// The service worker of social work: the fill page of an interview the worker took to work
// without a connection, and the static files it needs. Served by casework:service_worker at
// /praca-socjalna/sw.js, scope /praca-socjalna/.
//
// - Navigations under /praca-socjalna/wywiady/: network first. A page the worker took
//   (interview-offline.js put it into the PAGES cache) is refreshed from every good answer of
//   the server and served from the cache when there is no connection. Pages not taken are
//   never stored: persons' data stays off the disk except the interviews taken.
// - /static/: from the cache when there, refreshed in the background (stale-while-revalidate).
// - Everything else goes to the network untouched.
// Signing out clears both caches and removes this worker (Clear-Site-Data on the logout).
"use strict";

const PAGES = "ostoja-interviews-v1";
const STATIC = "ostoja-static-v1";
const INTERVIEWS = "/praca-socjalna/wywiady/";
const STATIC_PREFIX = "/static/";

const OFFLINE_PAGE = `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>Brak połączenia</title></head>
<body><main><h1>Brak połączenia</h1>
<p>Ta strona nie została zabrana do pracy w terenie, więc nie ma jej na tym komputerze.
Otwórz ją ponownie, gdy wróci połączenie.</p></main></body></html>`;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, STATIC]);
      for (const name of await caches.keys()) {
        if (name.startsWith("ostoja-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

function pageKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  return key.href;
}

function storable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

async function interviewPage(request) {
  const cache = await caches.open(PAGES);
  const key = pageKey(request.url);
  try {
    const response = await fetch(request);
    if (storable(response) && (await cache.match(key))) {
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    return new Response(OFFLINE_PAGE, {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }
}

async function staticFile(event, request) {
  const cache = await caches.open(STATIC);
  const cached = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (storable(response)) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith(INTERVIEWS)) {
    event.respondWith(interviewPage(request));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFile(event, request));
  }
});
