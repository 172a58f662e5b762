// Shared set-up for the Node tests: the built core (build/site/pkg, or BRAINLAB_SITE's),
// initialised from its bytes, and a fake Worker for the page's modules that start workers.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SITE = path.resolve(process.env.BRAINLAB_SITE ?? 'build/site');

/** The wasm core, initialised; `wasm` is its instance's exports (memory among them). */
export async function loadCore() {
  const core = await import(pathToFileURL(path.join(SITE, 'pkg', 'brainlab.js')).href);
  const wasm = core.initSync({ module: readFileSync(path.join(SITE, 'pkg', 'brainlab_bg.wasm')) });
  return { core, wasm };
}

/**
 * A Worker that keeps what the page posts (sent) and lets the test answer (reply), as the real
 * worker would: onmessage({ data }).
 */
export class FakeWorker {
  constructor() {
    this.sent = [];
    this.terminated = false;
    this.onmessage = null;
    this.onerror = null;
  }

  postMessage(message) {
    this.sent.push(message);
  }

  terminate() {
    this.terminated = true;
  }

  reply(message) {
    this.onmessage?.({ data: message });
  }

  /** The messages sent of a type. */
  of(type) {
    return this.sent.filter((m) => m.type === type);
  }
}
