'use strict';
// Contract test: real responses of running gateways against openapi/openapi.yaml as served at
// /openapi.json (JSON Schema 2020-12 via Ajv). The spec and the server cannot drift:
// - every documented path and method answers, and `OPTIONS` lists exactly the documented methods;
// - every route registered in the sources (build_routes, the page assets) is documented;
// - every status that can be produced on demand is documented, its body validates, every header
//   the spec marks `required` is sent, every documented header that is sent matches its schema,
//   and every header the server sends (beyond framing) is documented;
// - the problem `type` list is exactly gateway/problem/problem.cpp's table;
// - paging (`Link`, `X-Total-Count`), exports (CSV, NDJSON, BOM, gzip), history, auth, client
//   limits, the base path and the metrics listener behave as documented.
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const zlib = require('zlib');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const { startEmulator, startGateway, startDemoGateway, TENCENT, ALIBABA } = require('./emulator');

const SOURCE = process.env.QG_SOURCE_DIR;
const METHODS = ['get', 'head', 'options'];
// Framing and generic headers every answer may carry; not part of any route's contract (the spec's
// introduction says every answer carries X-Content-Type-Options: nosniff).
const GENERIC_HEADERS = new Set(['date', 'server', 'content-type', 'content-length', 'connection', 'keep-alive',
  'transfer-encoding', 'x-content-type-options']);

function finish(res, chunks, resolve) {
  const raw = Buffer.concat(chunks);
  const bytes = res.headers['content-encoding'] === 'gzip' && raw.length ? zlib.gunzipSync(raw) : raw;
  resolve({ status: res.statusCode, headers: res.headers, raw, bytes, body: bytes.toString('utf8') });
}

function request(port, target, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => finish(res, chunks, resolve));
    });
    req.on('error', reject);
    req.end();
  });
}

// Bytes node's client would not send (no Host, oversized heads): the answer parsed by hand.
function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? null : reject(e)));
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      const lines = all.slice(0, split).split('\r\n');
      const headers = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const body = all.slice(split + 4);
      resolve({ status: Number(lines[0].split(' ')[1]), headers, body, bytes: Buffer.from(body) });
    });
  });
}

function config(emulatorPort, { tencentKey = TENCENT.key, only = null, apiKey = null, extra = '' } = {}) {
  const url = `http://127.0.0.1:${emulatorPort}`;
  let yaml = 'listen: 127.0.0.1:0\n' + extra;
  if (apiKey) yaml += `auth: { api_keys: ["${apiKey}"] }\n`;
  yaml += 'accounts:\n';
  if (!only || only === 'tencent') yaml += `  - { name: live, provider: tencent-live, endpoint: ${url}, secret_id: ${TENCENT.id}, secret_key: ${tencentKey} }\n`;
  if (!only) {
    yaml += `  - { name: rtc, provider: alibaba-ice, region: cn-shanghai, endpoint: ${url}, access_key_id: ${ALIBABA.id}, access_key_secret: ${ALIBABA.key} }\n`;
    yaml += `  - { name: aic, provider: alibaba-aicontent, endpoint: ${url}, access_key_id: ${ALIBABA.id}, access_key_secret: ${ALIBABA.key} }\n`;
  }
  return yaml;
}

function resolve(spec, node) {
  while (node && node.$ref) node = node.$ref.slice(2).split('/').reduce((o, k) => o[k.replace(/~1/g, '/')], spec);
  return node;
}

function templateRegex(template) {
  return new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

// Every concrete path a documented path stands for ({asset} → its enum, {id} → `id`).
function concretePaths(spec, template, id) {
  const item = spec.paths[template];
  let paths = [template];
  for (const p of item.parameters || []) {
    const param = resolve(spec, p);
    if (param.in !== 'path') continue;
    const values = param.schema.enum || [encodeURIComponent(id)];
    paths = paths.flatMap((t) => values.map((v) => t.replace(`{${param.name}}`, v)));
  }
  return paths;
}

// Validators of schemas written inline in the document (a parameter's, an anyOf of components):
// their refs are the spec's, added to `ajv` as 'spec'.
function inlineCompiler(ajv) {
  const validators = new WeakMap();
  return (node) => {
    if (!validators.has(node)) {
      validators.set(node, ajv.compile(JSON.parse(JSON.stringify(node).replace(/"#\/components\//g, '"spec#/components/'))));
    }
    return validators.get(node);
  };
}

// A request's query (and headers) against an operation's documented parameters, read the way an
// OpenAPI request validator reads them (style/explode; a value typed by its schema). Returns the
// violations, [] when the request is what the document describes.
function requestViolations(ajv, compile, spec, operation, query, headers = {}) {
  const params = operation.parameters.map((p) => resolve(spec, p));
  const violations = [];
  const search = new URLSearchParams(query);
  for (const name of new Set(search.keys())) {
    if (!params.some((p) => p.in === 'query' && p.name === name)) violations.push(`${name}: not a documented parameter`);
  }
  for (const p of params.filter((x) => x.in === 'query' || x.in === 'header')) {
    const raw = p.in === 'query' ? search.getAll(p.name)
      : Object.entries(headers).filter(([k]) => k.toLowerCase() === p.name.toLowerCase()).map(([, v]) => v);
    if (raw.length === 0) {
      if (p.required) violations.push(`${p.name}: required`);
      continue;
    }
    let value;
    if (p.schema.type === 'array') {
      // explode: false is one comma-separated value (the description adds that repeating it adds to the list).
      value = p.explode === false ? raw.flatMap((v) => v.split(',')) : raw;
    } else if (raw.length > 1) {
      violations.push(`${p.name}: given ${raw.length} times`);
      continue;
    } else {
      const [v] = raw;
      value = p.schema.type === 'integer' || p.schema.type === 'number' ? (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)
        : p.schema.type === 'boolean' ? ({ true: true, false: false }[v] ?? v) : v;
    }
    const validate = compile(p.schema);
    if (!validate(value)) violations.push(`${p.name}=${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
  }
  return violations;
}

// The request "Try it out" prefills: each parameter's example (the first of `examples`), else its
// default; arrays as their style serializes them.
function exampleRequest(spec, template, operation, pathItem) {
  const params = [...(pathItem.parameters || []), ...(operation.parameters || [])].map((p) => resolve(spec, p));
  const query = new URLSearchParams();
  const headers = {};
  let target = template;
  for (const p of params) {
    let value = p.example !== undefined ? p.example
      : p.examples ? Object.values(p.examples)[0].value
        : p.schema && p.schema.default !== undefined ? p.schema.default : undefined;
    if (value === undefined) continue;
    if (Array.isArray(value)) value = value.join(',');
    if (p.in === 'path') target = target.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query') query.set(p.name, String(value));
    else if (p.in === 'header') headers[p.name] = String(value);
  }
  const text = query.toString();
  return { target: text ? `${target}?${text}` : target, headers };
}

(async () => {
  const emulator = await startEmulator();
  const gw = await startGateway(config(emulator.port));
  const failing = await startGateway(config(emulator.port, { tencentKey: 'wrong', only: 'tencent' }));
  const locked = await startGateway(config(emulator.port, { apiKey: 'contract-key' }));
  const extras = [];
  try {
    const spec = JSON.parse((await request(gw.port, '/openapi.json')).body);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(spec, 'spec');
    const schema = (name) => ajv.getSchema(`spec#/components/schemas/${name}`);
    const inline = inlineCompiler(ajv);
    const headerValidators = new WeakMap();

    function routeOf(target) {
      const p = target.split('?')[0];
      if (spec.paths[p]) return p;
      const found = Object.keys(spec.paths).find((t) => t.includes('{') && templateRegex(t).test(p));
      assert.ok(found, `${p} is documented`);
      return found;
    }

    function validateBody(label, validate, value) {
      assert.ok(validate(value), `${label}: ${ajv.errorsText(validate.errors)}`);
    }

    // One real response against the documented one; returns the response.
    let checked = 0;
    function verify(res, target, method, expectedStatus, contentType) {
      const label = `${method.toUpperCase()} ${target} → ${expectedStatus}`;
      assert.strictEqual(res.status, expectedStatus, `${label}: got ${res.status} ${res.body.slice(0, 300)}`);
      const route = routeOf(target);
      const item = spec.paths[route];
      // A 405 is documented on the path's GET: the method that does exist.
      const operation = item[method] || item.get;
      const response = resolve(spec, operation.responses[String(expectedStatus)]);
      assert.ok(response, `${label}: ${route} documents ${expectedStatus} for ${method}`);
      const documented = Object.fromEntries(Object.entries(response.headers || {}).map(([k, v]) => [k.toLowerCase(), resolve(spec, v)]));
      for (const [name, header] of Object.entries(documented)) {
        const value = res.headers[name];
        if (value === undefined) {
          assert.ok(!header.required, `${label} sends ${name} (required)`);
          continue;
        }
        if (!headerValidators.has(header.schema)) headerValidators.set(header.schema, ajv.compile(header.schema));
        const v = headerValidators.get(header.schema);
        const typed = ['integer', 'number'].includes(header.schema.type) && /^-?[0-9.]+$/.test(value) ? Number(value) : value;
        assert.ok(v(typed), `${label}: header ${name}: '${value}' ${ajv.errorsText(v.errors)}`);
      }
      for (const name of Object.keys(res.headers)) {
        if (GENERIC_HEADERS.has(name) || documented[name]) continue;
        assert.fail(`${label}: sends ${name}: ${res.headers[name]}, which ${route} ${expectedStatus} does not document`);
      }
      if (expectedStatus === 304 || expectedStatus === 204 || expectedStatus === 301) {
        checked++;
        return res;
      }
      const ct = (res.headers['content-type'] || '').split(';')[0];
      if (contentType) assert.strictEqual(ct, contentType, `${label} content type`);
      const media = response.content && response.content[ct];
      assert.ok(media, `${label} documents ${ct}`);
      // GET /quotas: whole records without `fields`, projected ones with it (each its own schema).
      const projected = new URL(target, 'http://x').searchParams.has('fields');
      if (method !== 'head' && ct.endsWith('json') && ct !== 'application/x-ndjson') {
        const validate = media.schema.$ref ? ajv.getSchema(`spec${media.schema.$ref}`) : inline(media.schema);
        const body = JSON.parse(res.body);
        validateBody(label, validate, body);
        if (route === '/quotas' && expectedStatus === 200) {
          validateBody(`${label} (${projected ? 'projected' : 'whole'})`, schema(projected ? 'ProjectedQuotaList' : 'QuotaList'), body);
        }
      }
      if (method !== 'head' && ct === 'application/x-ndjson') {
        const record = schema(projected ? 'ProjectedQuotaRecord' : 'QuotaRecord');
        for (const line of res.body.split('\n').filter(Boolean)) validateBody(`${label} line`, record, JSON.parse(line));
      }
      checked++;
      return res;
    }

    async function check(port, target, opts, expectedStatus, contentType) {
      const res = await request(port, target, opts);
      return verify(res, target, (opts && opts.method || 'GET').toLowerCase(), expectedStatus, contentType);
    }

    // --- The problem types are exactly the table's rows.
    const table = fs.readFileSync(path.join(SOURCE, 'gateway/problem/problem.cpp'), 'utf8');
    const rows = [...table.matchAll(/\{Kind::k\w+, (\d+), "([a-z-]+)", "((?:[^"\\]|\\.)*)"\}/g)]
      .map((m) => ({ status: Number(m[1]), slug: m[2], title: m[3] }));
    assert.ok(rows.length >= 20, `problem.cpp's table was found (${rows.length} rows): update this scan`);
    const listed = spec['x-problem-types'];
    assert.deepStrictEqual(Object.keys(listed).sort(), rows.map((r) => r.slug).sort(), 'x-problem-types lists every row');
    for (const r of rows) {
      assert.strictEqual(listed[r.slug].status, r.status, `${r.slug} status`);
      assert.strictEqual(listed[r.slug].title, r.title, `${r.slug} title`);
    }
    const uri = (slug) => `https://quota-gateway.dev/problems/${slug}`;
    const scoped = (scope) => Object.keys(listed).filter((s) => listed[s].scope === scope).map(uri).sort();
    assert.deepStrictEqual([...spec.components.schemas.ProblemType.enum].sort(), scoped('answer'), 'ProblemType');
    assert.deepStrictEqual([...spec.components.schemas.SourceProblemType.enum].sort(), scoped('source'), 'SourceProblemType');

    // --- Every route in the sources is documented, and nothing else is.
    const app = fs.readFileSync(path.join(SOURCE, 'gateway/app/application.cpp'), 'utf8') +
      fs.readFileSync(path.join(SOURCE, 'gateway/http/handlers/pages_handler.cpp'), 'utf8');
    const registered = new Set([...app.matchAll(/\badd\(\{"(\/[^"]*)"/g)].map((m) => m[1]));
    const assets = fs.readFileSync(path.join(SOURCE, 'openapi/assets.cpp'), 'utf8');
    for (const [prefix, fn] of [['/docs', 'docs_assets'], ['/ui', 'ui_assets']]) {
      const body = assets.slice(assets.indexOf(`${fn}()`));
      const list = body.slice(0, body.indexOf('}};'));
      for (const m of list.matchAll(/\{"([^"]+)", "[^"]+", k\w+\}/g)) registered.add(m[1] === 'index.html' ? prefix : `${prefix}/${m[1]}`);
    }
    assert.ok(registered.has('/quotas') && registered.has('/ui/app.js'), `the route scan found the routes: ${[...registered]}`);
    const quotas = JSON.parse((await check(gw.port, '/quotas?page_size=1000', {}, 200, 'application/json')).body);
    const someId = quotas.items[0].id;
    const pools = JSON.parse((await check(gw.port, '/pools?page_size=1000', {}, 200, 'application/json')).body);
    assert.ok(pools.items.length > 0, 'the emulator\'s accounts hold pools');
    const somePoolId = pools.items[0].id;
    const idFor = (template) => (template.startsWith('/pools/') ? somePoolId : someId);
    const documentedPaths = new Set(Object.keys(spec.paths).flatMap((t) => concretePaths(spec, t, idFor(t))
      .map((p) => (t.includes('{id}') ? t : p))));
    assert.deepStrictEqual([...registered].sort(), [...documentedPaths].sort(), 'documented paths = registered routes');

    // --- Every documented path and method answers as documented.
    for (const template of Object.keys(spec.paths)) {
      const item = spec.paths[template];
      const methods = METHODS.filter((m) => item[m]);
      for (const concrete of concretePaths(spec, template, idFor(template))) {
        for (const method of methods) {
          const codes = Object.keys(item[method].responses).map(Number);
          const success = codes.filter((c) => c >= 200 && c < 400).sort()[0];
          assert.ok(success, `${method} ${template} documents a 2xx or 3xx`);
          if (!template.endsWith('/')) assert.ok(codes.some((c) => c >= 200 && c < 300), `${method} ${template} documents a 2xx`);
          const res = await check(gw.port, concrete, { method: method.toUpperCase() }, success);
          if (method === 'options') {
            assert.deepStrictEqual(res.headers.allow.split(', ').sort(), methods.map((m) => m.toUpperCase()).sort(),
              `OPTIONS ${concrete}: Allow lists the documented methods`);
          }
        }
      }
    }
    assert.strictEqual((await request(gw.port, '/ui/')).headers.location, '/ui');

    // --- /quotas: representations, paging, exports.
    await check(gw.port, '/quotas?page_size=2&include=raw&sort=-remaining', {}, 200, 'application/json');
    await check(gw.port, '/quotas?page_size=3&fields=name,status', {}, 200, 'application/json');
    await check(gw.port, '/quotas?format=csv&page_size=3', {}, 200, 'text/csv');
    await check(gw.port, '/quotas?page_size=2', { headers: { Accept: 'text/csv' } }, 200, 'text/csv');
    await check(gw.port, '/quotas?format=ndjson&page_size=3', {}, 200, 'application/x-ndjson');
    await check(gw.port, '/quotas?page_size=2', { headers: { Accept: 'application/x-ndjson' } }, 200, 'application/x-ndjson');
    await check(gw.port, '/quotas?page_size=2', { method: 'HEAD' }, 200, 'application/json');

    // Link walks every page; X-Total-Count and total_items agree on every one.
    const total = quotas.total_items;
    assert.ok(total > 7, `enough records to page (${total})`);
    let next = '/quotas?page_size=7&sort=-remaining';
    const seen = new Set();
    for (let pages = 0; next; ++pages) {
      assert.ok(pages < 100, 'Link ends');
      const res = await check(gw.port, next, {}, 200, 'application/json');
      const page = JSON.parse(res.body);
      assert.strictEqual(Number(res.headers['x-total-count']), page.total_items, 'X-Total-Count = total_items');
      assert.strictEqual(page.total_items, total);
      for (const item of page.items) seen.add(item.id);
      const link = res.headers.link;
      assert.strictEqual(Boolean(link), page.next_page_token !== null, 'Link exactly when there is a next page');
      if (link) {
        next = link.match(/^<([^>]+)>; rel="next"$/)[1];
        assert.ok(next.startsWith('/quotas?') && next.includes('sort=-remaining') && next.includes('page_size=7'), next);
        assert.strictEqual(decodeURIComponent(new URL(next, 'http://x').searchParams.get('page_token')), page.next_page_token);
      } else {
        next = null;
      }
    }
    assert.strictEqual(seen.size, total, 'the pages hold every record once');
    const csvPage = await request(gw.port, '/quotas?format=csv&page_size=5');
    assert.match(csvPage.headers.link, /^<\/quotas\?format=csv&page_size=5&page_token=[^>]+>; rel="next"$/);
    assert.strictEqual(Number(csvPage.headers['x-total-count']), total);

    // Exports: every matching record, streamed, counted.
    const csv = await check(gw.port, '/quotas?format=csv', {}, 200, 'text/csv');
    assert.strictEqual(csv.headers['transfer-encoding'], 'chunked');
    assert.strictEqual(csv.headers.link, undefined, 'an export has no next page');
    assert.strictEqual(Number(csv.headers['x-total-count']), total);
    assert.strictEqual(csv.body.split('\r\n').filter(Boolean).length, total + 1, 'header row + every record');
    assert.match(csv.headers['content-disposition'], /^attachment; filename="quotas-[0-9TZ]+\.csv"$/);
    const ndjson = await check(gw.port, '/quotas?format=ndjson&status=active', {}, 200, 'application/x-ndjson');
    const activeCount = JSON.parse((await request(gw.port, '/quotas?status=active&page_size=1')).body).total_items;
    assert.strictEqual(ndjson.body.split('\n').filter(Boolean).length, activeCount, 'the filters apply to an export');
    assert.strictEqual(Number(ndjson.headers['x-total-count']), activeCount);
    const bom = await check(gw.port, '/quotas?format=csv&csv_bom=true', {}, 200, 'text/csv');
    assert.deepStrictEqual([...bom.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'csv_bom=true starts with a BOM');
    assert.notDeepStrictEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const zipped = await check(gw.port, '/quotas?page_size=100', { headers: { 'Accept-Encoding': 'gzip' } }, 200, 'application/json');
    assert.strictEqual(zipped.headers['content-encoding'], 'gzip');
    const zippedExport = await check(gw.port, '/quotas?format=csv', { headers: { 'Accept-Encoding': 'gzip' } }, 200, 'text/csv');
    assert.strictEqual(zippedExport.headers['content-encoding'], 'gzip');
    assert.strictEqual(zippedExport.body, csv.body.replace(/^\uFEFF/, ''), 'the gzip export is the same export');

    // Revalidation: the weak ETag does not move with the ages.
    const etag = (await request(gw.port, '/quotas?page_size=5')).headers.etag;
    const notModified = await check(gw.port, '/quotas?page_size=5', { headers: { 'If-None-Match': etag } }, 304);
    // RFC 9110 §15.4.5: no representation metadata on a 304.
    for (const name of ['content-type', 'content-disposition', 'content-encoding']) {
      assert.strictEqual(notModified.headers[name], undefined, `a 304 sends no ${name}`);
    }

    // --- Errors of /quotas.
    await check(gw.port, '/quotas?page_size=0&status=nope', {}, 400, 'application/problem+json');
    const foreignToken = JSON.parse((await request(gw.port, '/quotas?page_size=2&sort=-remaining')).body).next_page_token;
    const tokenProblem = await check(gw.port, `/quotas?page_size=2&sort=name&page_token=${encodeURIComponent(foreignToken)}`, {}, 400, 'application/problem+json');
    assert.strictEqual(JSON.parse(tokenProblem.body).invalid_params[0].name, 'page_token');
    await check(gw.port, '/quotas', { headers: { 'Request-Timeout': 'soon' } }, 400, 'application/problem+json');
    await check(gw.port, '/quotas', { method: 'POST' }, 405, 'application/problem+json');
    await check(gw.port, '/quotas', { headers: { Accept: 'application/xml' } }, 406, 'application/problem+json');
    await check(failing.port, '/quotas', {}, 502, 'application/problem+json');

    // --- What the documentation shows is what the document describes: every GET /quotas example
    // in the README (and docs/) is a valid request by the spec exactly when the server accepts it
    // (the README's deliberate mistake, page_size=0, is the one refused).
    const listOperation = { parameters: [...(spec.paths['/quotas'].parameters || []), ...spec.paths['/quotas'].get.parameters] };
    const docs = [path.join(SOURCE, 'README.md')];
    const docsDir = path.join(SOURCE, 'docs');
    if (fs.existsSync(docsDir)) for (const f of fs.readdirSync(docsDir)) if (f.endsWith('.md')) docs.push(path.join(docsDir, f));
    const examples = new Set();
    for (const file of docs) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/localhost:8080\/quotas\?([^'"\s`]+)/g)) examples.add(m[1]);
      // `export --query` takes /quotas parameters; `export --pools --query` takes /pools ones.
      for (const m of text.matchAll(/^.*--query '([^']+)'.*$/gm)) if (!m[0].includes('--pools')) examples.add(m[1]);
    }
    assert.ok(examples.size >= 5, `found the documentation's /quotas examples (${examples.size})`);
    const refusedExamples = [];
    for (const query of examples) {
      const violations = requestViolations(ajv, inline, spec, listOperation, query);
      const answer = await request(gw.port, `/quotas?${query}`);
      assert.ok([200, 400].includes(answer.status), `/quotas?${query}: ${answer.status}`);
      if (answer.status === 400) refusedExamples.push(`${query}: ${answer.body.slice(0, 200)}`);
      assert.strictEqual(violations.length === 0, answer.status === 200,
        `/quotas?${query}: the server answers ${answer.status}, the spec finds ${violations.length ? violations.join('; ') : 'nothing wrong'}`);
    }
    assert.strictEqual(refusedExamples.length, 1, `only the documented mistake (page_size=0) is refused, not:\n${refusedExamples.join('\n')}`);
    // The forms the server accepts for a list: comma-separated, repeated, both.
    for (const query of ['status=active,exhausted', 'status=active&status=exhausted', 'fields=name,remaining&fields=unit',
      'provider=tencent-live,alibaba-ice&include=raw']) {
      assert.deepStrictEqual(requestViolations(ajv, inline, spec, listOperation, query), [], query);
      assert.strictEqual((await request(gw.port, `/quotas?${query}&page_size=1`)).status, 200, query);
    }
    assert.notDeepStrictEqual(requestViolations(ajv, inline, spec, listOperation, 'status=active,bogus'), [], 'an unknown status is a violation');
    console.log(`${examples.size} documented /quotas examples: the spec and the server agree on each`);

    // --- "Try it out" on the demo: the request each operation's examples make returns data.
    const demo = await startDemoGateway();
    extras.push(demo);
    await demo.waitFor(/"msg":"ready"/);  // /readyz answers 503 until the first fetches were attempted
    for (const template of ['/quotas', '/quotas/{id}/history']) {
      const pathItem = spec.paths[template];
      const { target, headers } = exampleRequest(spec, template, pathItem.get, pathItem);
      const res = await request(demo.port, target, { headers });
      assert.strictEqual(res.status, 200, `demo: GET ${target} ${JSON.stringify(headers)}: ${res.status} ${res.body.slice(0, 300)}`);
      const type = (res.headers['content-type'] || '').split(';')[0];
      let count;
      if (type === 'text/csv') count = res.body.split('\r\n').filter(Boolean).length - 1;
      else if (template === '/quotas') count = JSON.parse(res.body).items.length;
      else count = JSON.parse(res.body).samples.length;
      assert.ok(count >= 1, `demo: the examples of GET ${template} (${target}, ${JSON.stringify(headers)}) return nothing`);
      console.log(`demo: GET ${target} ${JSON.stringify(headers)} → ${count} ${template === '/quotas' ? 'records' : 'samples'}`);
    }
    // The demo answers the buying question from its first answer: a pool with a run-out date (its
    // history is simulated and marked as such), so a newcomer sees pools, forecasts and waste at once.
    const demoPools = JSON.parse((await request(demo.port, '/pools?sort=buy_by&page_size=100')).body);
    const forecast = demoPools.items.filter((p) => p.projected_exhaustion_at);
    assert.ok(forecast.length >= 1, `demo: no pool has a forecast once ready: ${JSON.stringify(demoPools).slice(0, 400)}`);
    console.log(`demo: ${demoPools.items.length} pools, ${forecast.length} with a run-out date; first buy-by ${forecast[0].buy_by}`);

    // --- /pools: representations, paging, revalidation, errors.
    await check(gw.port, '/pools?format=csv&page_size=2', {}, 200, 'text/csv');
    await check(gw.port, '/pools?page_size=2', { headers: { Accept: 'text/csv' } }, 200, 'text/csv');
    await check(gw.port, '/pools?provider=tencent-live&sort=-waste,buy_by&horizon=180d', {}, 200, 'application/json');
    const poolPage = await check(gw.port, '/pools?page_size=1', {}, 200, 'application/json');
    assert.strictEqual(Number(poolPage.headers['x-total-count']), pools.total_items);
    if (pools.total_items > 1) assert.match(poolPage.headers.link, /^<\/pools\?page_size=1&page_token=[^>]+>; rel="next"$/);
    await check(gw.port, '/pools?page_size=1', { headers: { 'If-None-Match': poolPage.headers.etag } }, 304);
    const poolPath = `/pools/${encodeURIComponent(somePoolId)}`;
    const pool = JSON.parse((await check(gw.port, poolPath, {}, 200, 'application/json')).body);
    assert.strictEqual(pool.id, somePoolId);
    assert.strictEqual(pool.members.length, pool.member_count);
    const poolEtag = (await request(gw.port, poolPath)).headers.etag;
    await check(gw.port, poolPath, { headers: { 'If-None-Match': poolEtag } }, 304);
    await check(gw.port, '/pools?horizon=-3d&status=active', {}, 400, 'application/problem+json');
    await check(gw.port, `${poolPath}?horizon=forever`, {}, 400, 'application/problem+json');
    await check(gw.port, '/pools', { headers: { Accept: 'application/x-ndjson' } }, 406, 'application/problem+json');
    await check(gw.port, poolPath, { headers: { Accept: 'text/csv' } }, 406, 'application/problem+json');
    await check(gw.port, '/pools/tencent-live:live:nope:bytes', {}, 404, 'application/problem+json');
    await check(failing.port, '/pools', {}, 502, 'application/problem+json');

    // --- History.
    const historyPath = `/quotas/${encodeURIComponent(someId)}/history`;
    const history = JSON.parse((await check(gw.port, historyPath, {}, 200, 'application/json')).body);
    assert.strictEqual(history.id, someId);
    await check(gw.port, `${historyPath}?format=csv&since=-7d`, {}, 200, 'text/csv');
    await check(gw.port, historyPath, { headers: { Accept: 'text/csv' } }, 200, 'text/csv');
    await check(gw.port, `${historyPath}?since=yesterday`, {}, 400, 'application/problem+json');
    await check(gw.port, '/quotas/tencent-live:live:nope/history', {}, 404, 'application/problem+json');

    // --- What any request can get.
    // An undocumented path: its 404 is the Problem of every documented 404.
    const notFound = await request(gw.port, '/nope');
    assert.strictEqual(notFound.status, 404);
    validateBody('GET /nope', schema('Problem'), JSON.parse(notFound.body));
    assert.strictEqual((await request(gw.port, '/nope', { method: 'OPTIONS' })).status, 404);
    const noHost = await rawRequest(gw.port, 'GET /healthz HTTP/1.1\r\n\r\n');
    verify(noHost, '/healthz', 'get', 400, 'application/problem+json');
    const bigBody = await rawRequest(gw.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n');
    verify(bigBody, '/healthz', 'get', 413, 'application/problem+json');
    const bigHead = await rawRequest(gw.port, `GET /quotas HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
    verify(bigHead, '/quotas', 'get', 431, 'application/problem+json');
    for (const [res, slug] of [[noHost, 'bad-request'], [bigBody, 'payload-too-large'], [bigHead, 'headers-too-large']]) {
      assert.strictEqual(JSON.parse(res.body).type, uri(slug));
    }

    // --- With API keys: data routes need one, probes and pages stay open.
    await check(locked.port, '/quotas', {}, 401, 'application/problem+json');
    await check(locked.port, historyPath, {}, 401, 'application/problem+json');
    await check(locked.port, '/metrics', {}, 401, 'application/problem+json');
    await check(locked.port, '/pools', {}, 401, 'application/problem+json');
    await check(locked.port, '/pools?page_size=1', { headers: { 'X-API-Key': 'contract-key' } }, 200, 'application/json');
    await check(locked.port, '/quotas?page_size=1', { headers: { Authorization: 'Bearer contract-key' } }, 200, 'application/json');
    await check(locked.port, '/quotas?page_size=1', { headers: { 'X-API-Key': 'contract-key' } }, 200, 'application/json');
    for (const route of ['/healthz', '/livez', '/readyz', '/openapi.json', '/docs', '/ui']) {
      assert.strictEqual((await request(locked.port, route)).status, 200, `${route} needs no key`);
    }
    await check(locked.port, '/quotas', { method: 'OPTIONS' }, 204);

    // A source error inside a 200 validates too (UpstreamProblem).
    const partialYaml = config(emulator.port).replace(`secret_key: ${TENCENT.key}`, 'secret_key: wrong');
    const partial = await startGateway(partialYaml);
    extras.push(partial);
    const res = await check(partial.port, '/quotas?page_size=1', {}, 200, 'application/json');
    assert.strictEqual(res.headers['x-quota-complete'], 'false');
    assert.strictEqual(res.headers['x-quota-sources-failed'], 'live');

    // --- Client limits: 429 with Retry-After, RateLimit* on every limited answer, refresh skipped.
    const limited = await startGateway(config(emulator.port, {
      extra: 'client_limits: { rate: 1/m, burst: 3, refresh: 1/m, refresh_burst: 1 }\n',
    }));
    if (limited) {
      extras.push(limited);
      const first = await check(limited.port, '/quotas?page_size=1&refresh=true', {}, 200, 'application/json');
      for (const name of ['ratelimit-policy', 'ratelimit']) assert.ok(first.headers[name], `a limited answer carries ${name}`);
      assert.match(first.headers['ratelimit-policy'], /"requests";q=3;w=/);
      assert.match(first.headers['ratelimit-policy'], /"refresh";q=1;w=/);
      const skipped = await check(limited.port, '/quotas?page_size=1&refresh=true', {}, 200, 'application/json');
      assert.strictEqual(skipped.headers['x-quota-refresh-skipped'], 'rate-limited');
      await check(limited.port, historyPath, {}, 200, 'application/json');
      const refused = await check(limited.port, '/quotas?page_size=1', {}, 429, 'application/problem+json');
      assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After in seconds');
      assert.match(refused.headers.ratelimit, /"requests";r=0;t=\d+/);
      assert.strictEqual((await request(limited.port, '/healthz')).status, 200, 'probes are not limited');
    }

    // --- Base path: servers and Link carry it; unprefixed paths are gone.
    const based = await startGateway(config(emulator.port, { extra: 'base_path: /qg\ntrusted_proxies: [127.0.0.1/32]\n' }));
    if (based) {
      extras.push(based);
      assert.deepStrictEqual(JSON.parse((await request(based.port, '/qg/openapi.json')).body).servers.map((s) => s.url), ['/qg']);
      assert.match((await request(based.port, '/qg/openapi.yaml')).body, /\nservers:\n {2}- url: \/qg\n/);
      const edge = JSON.parse((await request(based.port, '/qg/openapi.json', { headers: { 'X-Forwarded-Prefix': '/edge' } })).body);
      assert.strictEqual(edge.servers[0].url, '/edge/qg', 'a trusted proxy\'s X-Forwarded-Prefix comes first');
      const page = await request(based.port, '/qg/quotas?page_size=2');
      assert.match(page.headers.link, /^<\/qg\/quotas\?page_size=2&page_token=[^>]+>; rel="next"$/);
      assert.strictEqual((await request(based.port, '/quotas')).status, 404);
      assert.strictEqual((await request(based.port, '/qg/ui/')).headers.location, '/qg/ui');
    }

    // --- The metrics listener: /metrics and the probes, no key, nothing else.
    const scraped = await startGateway(config(emulator.port, { apiKey: 'contract-key', extra: 'metrics_listen: 127.0.0.1:0\n' }));
    if (scraped) {
      extras.push(scraped);
      const m = await scraped.waitFor(/metrics on http:\/\/[^ ]*:(\d+)/);  // the metrics listener says where it listens
      const port = Number(m[1]);
      const metrics = await request(port, '/metrics');
      assert.strictEqual(metrics.status, 200);
      assert.match(metrics.headers['content-type'], /^text\/plain; version=0\.0\.4/);
      for (const route of ['/healthz', '/livez']) assert.strictEqual((await request(port, route)).status, 200);
      await scraped.waitFor(/"msg":"ready"/);  // /readyz answers 503 until the first fetches were attempted
      assert.strictEqual((await request(port, '/readyz')).status, 200, '/readyz on the metrics listener');
      assert.strictEqual((await request(port, '/quotas')).status, 404);
    }

    console.log(`${checked} responses match openapi.yaml`);
  } finally {
    for (const g of [gw, failing, locked, ...extras]) g.stop();
    emulator.stop();
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
