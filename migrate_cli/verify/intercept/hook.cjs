// Loaded into every Node process `bytespike-migrate verify` starts (NODE_OPTIONS=--require <this file>).
// openai-node 5+, @anthropic-ai/sdk and plain code send through the global fetch, openai-node 4 through
// node-fetch and `https.request`: a request to a host the emulation answers goes to the verify command's local
// emulation instead (127.0.0.1, a port only this run knows), with the site in the program that made it; any
// other request is sent as it was.
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

// openai-node 4 sends through node-fetch, which sends through `https.request`, not the global fetch: a request
// to a host the emulation answers goes to it as it is (method, headers, body), its URL and site in headers.
function patchRequests(module, protocol) {
  const request = module.request;
  const bridge = new URL(server);
  module.request = function patchedRequest(first, second, third) {
    const options = typeof first === 'object' && !(first instanceof URL) ? first : second;
    const callback = [first, second, third].find((a) => typeof a === 'function');
    let target;
    try {
      if (typeof first === 'string' || first instanceof URL) {
        target = new URL(String(first));
      } else {
        const host = (options && (options.hostname || options.host)) || 'localhost';
        const port = options && options.port ? `:${options.port}` : '';
        target = new URL(`${(options && options.protocol) || protocol}//${host}${port}${(options && options.path) || '/'}`);
      }
    } catch (error) {
      return request.apply(this, arguments);
    }
    if (!hosts.has(target.hostname.toLowerCase())) return request.apply(this, arguments);
    const headers = { ...((options && typeof options === 'object' && options.headers) || {}) };
    headers['x-bytespike-verify-url'] = target.href;
    headers['x-bytespike-verify-site'] = JSON.stringify(site());
    const http = require('http');
    return http.request(
      {
        protocol: 'http:',
        hostname: bridge.hostname,
        port: bridge.port,
        path: `${bridge.pathname}/raw`,
        method: (options && options.method) || 'GET',
        headers,
      },
      callback,
    );
  };
}

if (server) {
  patchRequests(require('https'), 'https:');
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
