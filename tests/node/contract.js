'use strict';
// Contract test: real responses of a running gateway, for every status code the API documents
// that can be produced on demand, validated against the schemas of openapi/openapi.yaml as
// served at /openapi.json (JSON Schema 2020-12 via Ajv). The spec and the server cannot drift.
const assert = require('assert');
const http = require('http');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const { startEmulator, startGateway, TENCENT, ALIBABA } = require('./emulator');

function request(port, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function config(emulatorPort, { tencentKey = TENCENT.key, only = null, apiKey = null } = {}) {
  const url = `http://127.0.0.1:${emulatorPort}`;
  let yaml = 'listen: 127.0.0.1:0\n';
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

(async () => {
  const emulator = await startEmulator();
  const gw = await startGateway(config(emulator.port));
  const failing = await startGateway(config(emulator.port, { tencentKey: 'wrong', only: 'tencent' }));
  const locked = await startGateway(config(emulator.port, { apiKey: 'contract-key' }));
  try {
    const spec = JSON.parse((await request(gw.port, '/openapi.json')).body);
    const yaml = await request(gw.port, '/openapi.yaml');
    assert.strictEqual(yaml.status, 200);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(spec, 'spec');

    let checked = 0;
    async function check(port, path, opts, expectedStatus, contentType) {
      const res = await request(port, path, opts);
      assert.strictEqual(res.status, expectedStatus, `${path}: ${res.status} ${res.body.slice(0, 300)}`);
      const route = path.split('?')[0];
      // A 405 is documented on the path's GET: the method that does exist.
      const item = spec.paths[route];
      const operation = item && (item[(opts && opts.method || 'GET').toLowerCase()] || item.get);
      assert.ok(operation, `${route} is documented`);
      const response = resolve(spec, operation.responses[String(expectedStatus)]);
      assert.ok(response, `${route} documents ${expectedStatus}`);
      for (const name of Object.keys(response.headers || {})) {
        if (['Content-Disposition', 'X-Quota-Sources-Failed', 'Retry-After'].includes(name)) continue;  // conditional
        assert.ok(res.headers[name.toLowerCase()] !== undefined, `${route} ${expectedStatus} sends ${name}`);
      }
      if (expectedStatus === 304) return res;
      const ct = res.headers['content-type'].split(';')[0];
      assert.strictEqual(ct, contentType, `${route} content type`);
      const media = response.content[ct];
      assert.ok(media, `${route} ${expectedStatus} documents ${ct}`);
      if (ct.endsWith('json')) {
        const pointer = media.schema.$ref ? `spec${media.schema.$ref}` : null;
        const validate = pointer ? ajv.getSchema(pointer) : ajv.compile(media.schema);
        const body = JSON.parse(res.body);
        assert.ok(validate(body), `${route} ${expectedStatus}: ${ajv.errorsText(validate.errors)}`);
      }
      checked++;
      return res;
    }

    await check(gw.port, '/quotas?page_size=5', {}, 200, 'application/json');
    await check(gw.port, '/quotas?page_size=2&include=raw&sort=-remaining', {}, 200, 'application/json');
    await check(gw.port, '/quotas?page_size=3&fields=name,status', {}, 200, 'application/json');
    await check(gw.port, '/quotas?format=csv&page_size=3', {}, 200, 'text/csv');
    // The body carries age_seconds, so its strong ETag changes when a second passes: revalidate
    // at once, and once more if a second boundary happened to fall in between.
    let revalidated = false;
    for (let attempt = 0; attempt < 3 && !revalidated; ++attempt) {
      const etag = (await request(gw.port, '/quotas?page_size=5')).headers.etag;
      const res = await request(gw.port, '/quotas?page_size=5', { headers: { 'If-None-Match': etag } });
      if (res.status === 304) {
        await check(gw.port, '/quotas?page_size=5', { headers: { 'If-None-Match': etag } }, 304).catch(() => {});
        revalidated = true;
      }
    }
    assert.ok(revalidated, 'If-None-Match with the current ETag answers 304');
    await check(gw.port, '/quotas?page_size=0&status=nope', {}, 400, 'application/problem+json');
    await check(gw.port, '/quotas', { method: 'POST' }, 405, 'application/problem+json');
    await check(gw.port, '/quotas', { headers: { Accept: 'application/xml' } }, 406, 'application/problem+json');
    await check(failing.port, '/quotas', {}, 502, 'application/problem+json');
    await check(locked.port, '/quotas', {}, 401, 'application/problem+json');
    await check(locked.port, '/quotas?page_size=1', { headers: { Authorization: 'Bearer contract-key' } }, 200, 'application/json');
    for (const route of ['/healthz', '/livez', '/readyz']) await check(gw.port, route, {}, 200, 'application/json');
    await check(gw.port, '/openapi.json', {}, 200, 'application/json');

    // A source error inside a 200 validates too (UpstreamProblem).
    const partialYaml = config(emulator.port).replace(`secret_key: ${TENCENT.key}`, 'secret_key: wrong');
    const partial = await startGateway(partialYaml);
    try {
      const res = await check(partial.port, '/quotas?page_size=1', {}, 200, 'application/json');
      assert.strictEqual(res.headers['x-quota-complete'], 'false');
    } finally {
      partial.stop();
    }
    console.log(`${checked} responses match openapi.yaml`);
  } finally {
    gw.stop();
    failing.stop();
    locked.stop();
    emulator.stop();
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
