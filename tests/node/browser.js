'use strict';
// A real browser (Debian's headless Chromium driven by playwright-core):
// 1. /docs renders the /quotas operation from the gateway's own spec, "Try it out" → "Execute"
//    gets a 200 with records, and the page never requests anything outside the gateway;
// 2. a page on another origin calls /quotas with fetch() through CORS and can read the exposed
//    headers; an origin that is not allowed cannot read the answer.
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const { chromium } = require('playwright-core');
const { startEmulator, startGateway, TENCENT, ALIBABA } = require('./emulator');

const CHROMIUM = process.env.QG_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (Debian package chromium): install it (.ci/install test) ` +
                'or configure with -DQG_WITHOUT_BROWSER_TESTS=ON');
  process.exit(1);
}

function serve(html) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(html); });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

(async () => {
  const emulator = await startEmulator();
  const allowed = await serve('<!doctype html><title>frontend</title>');
  const denied = await serve('<!doctype html><title>other</title>');
  const allowedOrigin = `http://127.0.0.1:${allowed.address().port}`;
  const url = `http://127.0.0.1:${emulator.port}`;
  const gateway = await startGateway(`listen: 127.0.0.1:0
cors: { allowed_origins: ["${allowedOrigin}"] }
accounts:
  - { name: live, provider: tencent-live, endpoint: ${url}, secret_id: ${TENCENT.id}, secret_key: ${TENCENT.key} }
  - { name: rtc, provider: alibaba-ice, region: cn-shanghai, endpoint: ${url}, access_key_id: ${ALIBABA.id}, access_key_secret: ${ALIBABA.key} }
`);
  const origin = `http://127.0.0.1:${gateway.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // 1. /docs
    const page = await browser.newPage();
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
    await page.goto(`${origin}/docs`);
    const operation = page.locator('#operations-quotas-listQuotas');
    await operation.waitFor({ timeout: 30000 });
    assert.match(await operation.locator('.opblock-summary-path').innerText(), /\/quotas/);
    await operation.locator('.opblock-summary').click();
    const tryIt = operation.getByRole('button', { name: /try it out/i });
    if (await tryIt.count()) await tryIt.click();  // with tryItOutEnabled the form is already open
    await operation.locator('tr[data-param-name="page_size"] input').fill('3');
    await operation.getByRole('button', { name: /^execute$/i }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 30000 });
    assert.strictEqual((await status.innerText()).trim(), '200');
    const body = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
    assert.match(body, /"items"/);
    assert.match(body, /"tencent-live"/);
    assert.deepStrictEqual(foreign, [], `the docs page reached outside the gateway: ${foreign.join(', ')}`);
    console.log('/docs rendered the operation and executed it: 200');

    // 2. CORS from another origin
    const front = await browser.newPage();
    await front.goto(allowedOrigin);
    const seen = await front.evaluate(async (target) => {
      const r = await fetch(`${target}/quotas?page_size=2`, { headers: { 'X-Request-Id': 'from-browser-1' } });
      const j = await r.json();
      return { status: r.status, items: j.items.length, etag: r.headers.get('ETag'), id: r.headers.get('X-Request-Id'),
        complete: r.headers.get('X-Quota-Complete') };
    }, origin);
    assert.strictEqual(seen.status, 200);
    assert.strictEqual(seen.items, 2);
    assert.ok(seen.etag, 'ETag is exposed to the script');
    assert.strictEqual(seen.id, 'from-browser-1');
    assert.strictEqual(seen.complete, 'true');
    const other = await browser.newPage();
    await other.goto(`http://127.0.0.1:${denied.address().port}`);
    const blocked = await other.evaluate(async (target) => {
      try { await fetch(`${target}/quotas?page_size=1`); return 'readable'; } catch (e) { return 'blocked'; }
    }, origin);
    assert.strictEqual(blocked, 'blocked');
    console.log('CORS: the allowed origin reads /quotas and its headers; another origin cannot');
  } finally {
    await browser.close();
    allowed.close();
    denied.close();
    gateway.stop();
    emulator.stop();
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
