// The service worker: the lab offline after the first visit. It precaches this build's files
// (build-info.js, written at `make site`, lists them) into a cache named by the build id, serves
// the site from there, and on activation deletes every other build's cache, so a new build
// replaces the old one as a whole and new JavaScript never meets old wasm. Fast mode's core
// (pkg-fast/) joins this build's cache when the page first asks for it. A new build waits
// until the page lets it take over (app/offline.js: "Reload for the new version"), so a page
// already open keeps its own build to the end. The full training set (data/full/) is not
// precached: the page caches it itself once it is checked (dataset/full.js), in a cache named
// by its checksums that outlives builds serving the same files.

/* global BRAINLAB_BUILD */
importScripts('./build-info.js');

const APP_PREFIX = 'brainlab-app-';
const DATA_PREFIX = 'brainlab-data-';
const APP_CACHE = `${APP_PREFIX}${BRAINLAB_BUILD.id}`;
const base = new URL('./', self.location.href);

self.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache: the files must be this build's, not an older copy's.
  const requests = ['build-info.js', ...BRAINLAB_BUILD.files].map((f) => new Request(new URL(f, base), { cache: 'reload' }));
  event.waitUntil(caches.open(APP_CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  const keep = new Set([APP_CACHE, BRAINLAB_BUILD.dataCache]);
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((n) => (n.startsWith(APP_PREFIX) || n.startsWith(DATA_PREFIX)) && !keep.has(n)).map((n) => caches.delete(n))),
    ),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'take-over') self.skipWaiting();
});

/** The cached answer for a request of this site, or undefined. */
async function cached(request) {
  const cache = await caches.open(APP_CACHE);
  const url = new URL(request.url);
  // The page is index.html whatever the query (?debug=1) or fragment.
  if (request.mode === 'navigate' && url.pathname.endsWith('/')) return cache.match(new URL('index.html', url));
  return cache.match(request, { ignoreSearch: true });
}

/** Fast mode's core (pkg-fast/) is fetched only when asked for, then kept with this build. */
const KEEP_ON_FETCH = new URL('pkg-fast/', base).href;

async function fromNetwork(request) {
  const response = await fetch(request);
  if (response.ok && request.url.startsWith(KEEP_ON_FETCH)) {
    const cache = await caches.open(APP_CACHE);
    await cache.put(new URL(request.url).href.split('?')[0], response.clone());
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(base.href)) return;
  event.respondWith(cached(request).then((hit) => hit ?? fromNetwork(request)));
});
