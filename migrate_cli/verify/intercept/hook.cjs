// Loaded into every Node process `bytespike-migrate verify` starts (NODE_OPTIONS=--require <this file>).
// openai-node (v4+), @anthropic-ai/sdk and plain code send through the global fetch: a request to a host the
// emulation answers goes to the verify command's local emulation instead (127.0.0.1, a port only this run
// knows), with the site in the program that made it; any other request is sent as it was.
'use strict';

const path = require('path');
const { fileURLToPath } = require('url');

const server = process.env.BYTESPIKE_VERIFY_SERVER;
const hosts = new Set((process.env.BYTESPIKE_VERIFY_HOSTS || '').split(',').filter(Boolean));
const root = process.env.BYTESPIKE_VERIFY_ROOT || process.cwd();
const original = globalThis.fetch;

function site() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack || '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const match = line.match(/\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):\d+\)?\s*$/);
    if (!match) continue;
    let file = match[1];
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file === __filename || file.split(path.sep).includes('node_modules')) continue;
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    return { path: relative.split(path.sep).join('/'), line: Number(match[2]) };
  }
  return { path: null, line: null };
}

if (server && typeof original === 'function') {
  globalThis.fetch = async function fetch(input, init) {
    let url;
    try {
      url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    } catch (error) {
      return original(input, init);
    }
    if (!hosts.has(url.hostname.toLowerCase())) return original(input, init);
    const where = site();
    const request = new Request(input, init);
    const body = Buffer.from(await request.arrayBuffer()).toString('base64');
    const headers = {};
    request.headers.forEach((value, name) => { headers[name] = value; });
    return original(server, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: request.method, url: url.href, headers, body, site: where }),
    });
  };
}
