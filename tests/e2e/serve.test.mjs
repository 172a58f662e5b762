// tools/serve.mjs: types, lengths, 404s, redirects and path traversal, over real HTTP.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../tools/serve.mjs';

let tmp;
let server;
let port;

before(async () => {
  // root/site is served; root/secret.txt sits just outside it.
  tmp = await mkdtemp(path.join(os.tmpdir(), 'brainlab-serve-'));
  const root = path.join(tmp, 'site');
  await mkdir(path.join(root, 'data'), { recursive: true });
  await mkdir(path.join(root, 'pkg'), { recursive: true });
  await writeFile(path.join(tmp, 'secret.txt'), 'secret');
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(path.join(root, 'main.js'), 'export {};');
  await writeFile(path.join(root, 'pkg', 'brainlab_bg.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  await writeFile(path.join(root, 'data', 'x.gz'), Buffer.from([0x1f, 0x8b, 8, 0]));
  server = startServer({ root, port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  port = server.address().port;
});

after(async () => {
  server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A raw GET: the path is sent exactly as given (no client-side normalisation of ".."). */
function get(requestPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: requestPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves files with their MIME type and length', async () => {
  const cases = [
    ['/', 'text/html; charset=utf-8', 31],
    ['/main.js', 'text/javascript; charset=utf-8', 10],
    ['/pkg/brainlab_bg.wasm', 'application/wasm', 8],
  ];
  for (const [url, type, length] of cases) {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers['content-type'], type, url);
    assert.equal(res.headers['content-length'], String(length), url);
    assert.equal(res.body.length, length, url);
  }
});

test('serves .gz as opaque bytes, not as a compressed encoding', async () => {
  const res = await get('/data/x.gz');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/octet-stream');
  assert.equal(res.headers['content-encoding'], undefined);
  assert.deepEqual([...res.body], [0x1f, 0x8b, 8, 0]);
});

test('HEAD gives the headers without a body', async () => {
  const res = await get('/main.js', 'HEAD');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], '10');
  assert.equal(res.body.length, 0);
});

test('answers 404 for missing files and 405 for other methods', async () => {
  assert.equal((await get('/nope.js')).status, 404);
  assert.equal((await get('/data/')).status, 404); // a directory without index.html
  assert.equal((await get('/main.js', 'POST')).status, 405);
});

test('redirects a directory to its trailing-slash form', async () => {
  const res = await get('/data');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, 'data/');
});

test('refuses path traversal, plain or percent-encoded', async () => {
  for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/data/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2E%2E%2Fsecret.txt']) {
    const res = await get(url);
    assert.equal(res.status, 403, url);
    assert.doesNotMatch(res.body.toString(), /secret/, url);
  }
});
