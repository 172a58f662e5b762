#!/usr/bin/env node
// A tiny dependency-free static file server for the built site.
//
//   node tools/serve.mjs [--root build/site] [--port 8080] [--host 127.0.0.1]
//
// Tests import startServer() and listen on port 0 (an ephemeral port).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  // Served as opaque bytes and WITHOUT Content-Encoding: the page hands the gzipped
  // IDX files to the wasm core as they are, so the browser must not inflate them.
  '.gz': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

/** Maps a request path to a file under root, or null if it tries to leave root. */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  const segments = decoded.split(/[\\/]/);
  if (decoded.includes('\0') || segments.includes('..')) return null;
  const file = path.join(root, ...segments);
  // Belt and braces: whatever the segments were, the result must stay inside root.
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

function sendStatus(res, code, message) {
  const body = `${code} ${message}\n`;
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null; // missing or unreadable: reported as 404
  }
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendStatus(res, 405, 'Method Not Allowed');
  }
  const urlPath = (req.url ?? '/').split(/[?#]/)[0];
  const requested = resolveRequestPath(root, urlPath);
  if (requested === null) return sendStatus(res, 403, 'Forbidden');

  let file = requested;
  let info = await statOrNull(file);
  if (info?.isDirectory()) {
    // Relative URLs inside the page only resolve against "dir/", not "dir". The
    // Location is relative too, so a path like "//host" cannot redirect off-site.
    if (!urlPath.endsWith('/')) {
      const lastSegment = urlPath.slice(urlPath.lastIndexOf('/') + 1);
      res.writeHead(301, { Location: `${lastSegment}/`, 'Content-Length': 0 });
      return res.end();
    }
    file = path.join(file, 'index.html');
    info = await statOrNull(file);
  }
  if (!info?.isFile()) return sendStatus(res, 404, 'Not Found');

  res.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // A development server: always revalidate so a rebuilt site is picked up.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Starts serving `root`; returns the http.Server (wait for its 'listening' event). */
export function startServer({ root = 'build/site', port = 8080, host = '127.0.0.1' } = {}) {
  const rootDir = path.resolve(root);
  const server = http.createServer((req, res) => {
    handle(rootDir, req, res).catch(() => {
      if (!res.headersSent) sendStatus(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });
  server.listen(port, host);
  return server;
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value after ${flag}`);
    if (flag === '--root') options.root = value;
    else if (flag === '--port') options.port = Number(value);
    else if (flag === '--host') options.host = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0)) {
    throw new Error('--port needs a non-negative integer');
  }
  return options;
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve: ${err.message}\nusage: node tools/serve.mjs [--root DIR] [--port N] [--host ADDR]`);
    process.exit(2);
  }
  const root = options.root ?? 'build/site';
  const server = startServer({ ...options, root });
  server.on('listening', () => {
    const { address, port } = server.address();
    const shownHost = address.includes(':') ? `[${address}]` : address;
    console.log(`Serving ${root} at http://${shownHost}:${port}/`);
  });
  server.on('error', (err) => {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
