// The lab offline: reads this build (build-info.js, written at `make site`), registers the
// service worker (sw.js) and follows it: ready for offline use once its cache is complete, and
// a newer build waiting, which takes over only when the reader asks (the page then reloads, so
// no page ever runs one build's JavaScript with another's wasm). The footer says all of it.

/** This build: { id, version, files, dataCache }, or null for a site that was not stamped. */
export async function readBuild() {
  try {
    await import('../build-info.js');
    return globalThis.BRAINLAB_BUILD ?? null;
  } catch {
    return null;
  }
}

/**
 * Registers the service worker. onChange({ offline, update }) whenever it changes: offline,
 * whether this build is cached for offline use; update, a function that reloads into a newer
 * build that is waiting (or null).
 */
export async function goOffline(onChange) {
  const sw = navigator.serviceWorker;
  if (!sw || !globalThis.isSecureContext) return; // http on a public address: no service worker
  let registration;
  try {
    registration = await sw.register(new URL('../sw.js', import.meta.url), { updateViaCache: 'none' });
  } catch (err) {
    onChange({ offline: false, update: null, error: `no offline copy: ${err.message}` });
    return;
  }
  let reloading = false;
  sw.addEventListener('controllerchange', () => {
    // A newer build took over because the reader asked: reload into it (never on the first
    // visit's activation: that page has no controller to change from).
    if (reloading) location.reload();
  });
  const take = (worker) => () => {
    reloading = true;
    worker.postMessage('take-over');
  };
  const report = () => {
    const waiting = sw.controller ? registration.waiting : null;
    onChange({ offline: Boolean(registration.active), update: waiting ? take(waiting) : null });
  };
  const follow = (worker) => worker?.addEventListener('statechange', report);
  follow(registration.installing);
  registration.addEventListener('updatefound', () => follow(registration.installing));
  report();
}
