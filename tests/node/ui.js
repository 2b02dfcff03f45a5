'use strict';
// The dashboard at /ui in a real browser (Debian's headless Chromium driven by playwright-core),
// against the emulator with usage burning (each pool in deduction order, as a cloud deducts) so
// that packages and pools have a history and a forecast:
// 0. a recorder gateway refreshes every second while usage burns until a package has a forecast,
//    and stops; the gateways the browser talks to then start on its history file and fetch once:
//    with a one-hour TTL and no refresh-ahead nothing changes while the page is checked (a fixed
//    data set: the page and the answers it is compared with see the same state), and no two
//    gateways ever refresh the emulator at once near its rate limit;
// 1. the page loads under the gateway's CSP with no console error, no failed request and nothing
//    fetched from another origin; the table holds total_items rows (every page followed); the
//    sources and panels show; sort and filters go to the server; a burning package's detail has
//    a chart with samples and a forecast; a full-page screenshot is saved; at 390 px wide the
//    page does not scroll sideways;
// 2. with auth.api_keys, the page asks for the key, says why a wrong one was refused, and loads
//    with the right one (kept in sessionStorage across a reload).
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { startEmulator, startGateway, until, TENCENT, ALIBABA } = require('./emulator');

const CHROMIUM = process.env.QG_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (Debian package chromium): install it (.ci/install test) ` +
                'or configure with -DQG_WITHOUT_BROWSER_TESTS=ON');
  process.exit(1);
}
const SCREENSHOT = process.env.QG_UI_SCREENSHOT || path.join(process.cwd(), 'ui.png');
const KEY = 'k-ui-test';
// A second Tencent account (its own credential, so each stays within its own rate limit) takes
// the set past 1,000 records: the page must follow next_page_token to fill the table.
const TENCENT2 = { id: 'AKIDEMULATOR00000000000000000000UITEST2', key: 'emulator-tencent-secret-key-ui-0002' };

// The recorder: a short TTL so the refresher samples often, and a short min_span so a forecast
// comes within seconds. The page's gateways: one fetch at start-up, then nothing (an hour's TTL,
// no refresh-ahead), so their answers stand still. The open one reads the recorder's history
// file; the secured one its own. Nothing is left from an earlier run.
const HISTORY_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'qg-ui-'));
const RECORDING = 'cache: { ttl: 1s, stale_while_revalidate: 1s }\n';
const FROZEN = 'cache: { ttl: 1h }\nrefresh: { enabled: false }\n';
const config = (emulator, name, extra) => `listen: 127.0.0.1:0
history: { min_span: 2s, path: ${path.join(HISTORY_DIR, `${name}.db`)} }
${extra}accounts:
  - { name: live, provider: tencent-live, endpoint: ${emulator}, secret_id: ${TENCENT.id}, secret_key: ${TENCENT.key} }
  - { name: live2, provider: tencent-live, endpoint: ${emulator}, secret_id: ${TENCENT2.id}, secret_key: ${TENCENT2.key} }
  - { name: rtc, provider: alibaba-ice, region: cn-shanghai, endpoint: ${emulator}, access_key_id: ${ALIBABA.id}, access_key_secret: ${ALIBABA.key} }
`;

async function getJson(url, key) {
  const r = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  assert.strictEqual(r.status, 200, `GET ${url}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

// Every record of a query, following next_page_token (what the page does too).
async function getAll(origin, query, key) {
  const items = [];
  let token = null;
  do {
    const j = await getJson(`${origin}/quotas?${query}&page_size=1000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`, key);
    items.push(...j.items);
    token = j.next_page_token;
  } while (token);
  return items;
}

// A package with a forecast and at least two samples (what the chart draws), or null when there is
// none yet. The emulator draws on one package per pool at a time (deduction order), so of the
// packages with a forecast the ones running out first are those burning now.
async function burningPackage(origin) {
  const j = await getJson(`${origin}/quotas?exhausts_before=3650d&sort=projected_exhaustion_at&page_size=5`);
  for (const candidate of j.items.filter((r) => r.projected_exhaustion_at)) {
    const history = await getJson(`${origin}/quotas/${encodeURIComponent(candidate.id)}/history`);
    if (history.samples.filter((s) => s.remaining !== null).length >= 2) return candidate;
  }
  return null;
}

async function usage(upstream, body) {
  const r = await fetch(`${upstream}/__emulator/usage`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.strictEqual(r.status, 200, `the emulator refused ${JSON.stringify(body)}: ${await r.text()}`);
}

// Everything the page does that a user would not want: console errors, script errors, failed
// or refused requests, and any request leaving the gateway's origin.
function watch(page, origin) {
  const seen = { console: [], errors: [], failed: [], foreign: [] };
  page.on('console', (m) => { if (m.type() === 'error') seen.console.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('requestfailed', (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) seen.failed.push(`${r.url()}: ${r.status()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) seen.foreign.push(r.url()); });
  return seen;
}

const rows = (page) => page.locator('#packages tbody tr.package');
const loaded = (page) => page.waitForSelector('#packages[aria-busy="false"]', { timeout: 30000 });

(async () => {
  const emulator = await startEmulator(['--control', '--tencent-credential', `${TENCENT.id}:${TENCENT.key}`,
    '--tencent-credential', `${TENCENT2.id}:${TENCENT2.key}`]);
  const upstream = `http://127.0.0.1:${emulator.port}`;
  let recorder = null;
  let gateway = null;
  let secured = null;
  let browser = null;
  try {
    // 0. History while usage burns, recorded by a gateway of its own; then a fixed data set.
    recorder = await startGateway(config(upstream, 'open', RECORDING));
    await usage(upstream, { api: 'tencent-live', pool_burn_per_hour: 0.5 });
    const recorded = await until(() => burningPackage(`http://127.0.0.1:${recorder.port}`),
      'a package with a forecast and two samples while usage burns');
    await recorder.stop();  // its history is on disk once it has exited
    gateway = await startGateway(config(upstream, 'open', FROZEN));
    secured = await startGateway(config(upstream, 'secured', `${FROZEN}auth: { api_keys: ["${KEY}"] }\n`));
    await Promise.all([gateway, secured].map((g) => g.waitForOutput(/"msg":"ready"/)));
    await usage(upstream, { api: 'tencent-live', pool_burn_per_hour: 0 });  // the emulator's data stand still too
    const origin = `http://127.0.0.1:${gateway.port}`;
    const securedOrigin = `http://127.0.0.1:${secured.port}`;
    // The burn went on until the gateway fetched, so its one sample lies on the recorded trend.
    const burning = await burningPackage(origin);
    assert.ok(burning, `the gateway on the recorded history forecasts no package (the recorder had ${recorded.id})`);
    console.log(`usage burned at the emulator while a gateway recorded it; ${burning.id} has a forecast (${burning.projected_exhaustion_at}) and the data stand still from here`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });

    // 1. The dashboard without auth.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const seen = watch(page, origin);
    await page.goto(`${origin}/ui`);
    await loaded(page);
    const direct = await getJson(`${origin}/quotas?page_size=1`);
    assert.ok(direct.total_items > 1000, `${direct.total_items} records fit in one page: paging is not exercised`);
    assert.strictEqual(await rows(page).count(), direct.total_items);
    assert.strictEqual(await page.locator('#total-items').getAttribute('data-total'), String(direct.total_items));
    assert.match((await page.locator('#total-items').innerText()).replace(/,/g, ''), new RegExp(`^${direct.total_items} packages`));
    console.log(`/ui: the table holds all ${direct.total_items} packages (total_items), ${Math.ceil(direct.total_items / 1000)} pages followed by next_page_token`);

    const sources = page.locator('#sources li.source');
    await sources.first().waitFor();
    assert.strictEqual(await sources.count(), direct.sources.length);
    // The page shows the state its gateway answers with; fetched once without contention, every
    // source is ok.
    const statuses = direct.sources.map((x) => x.status);
    assert.deepStrictEqual(await sources.evaluateAll((els) => els.map((e) => e.dataset.status)), statuses);
    assert.deepStrictEqual(statuses, direct.sources.map(() => 'ok'), JSON.stringify(direct.sources));
    console.log(`/ui: ${direct.sources.length} sources shown, all ok`);

    await page.locator('#exhausting li.panel-item').first().waitFor({ timeout: 30000 });
    const exhaustingIds = await page.locator('#exhausting [data-id]').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.ok(exhaustingIds.includes(burning.id), `${burning.id} is missing from "Running out within 30 days"`);
    // The data stand still: the panel is exactly what the gateway answers (its forecasts are hours
    // away, far from the 30-day edge that moves with the clock).
    const exhausting = await getAll(origin, 'exhausts_before=30d&sort=projected_exhaustion_at');
    assert.deepStrictEqual(exhaustingIds, exhausting.map((r) => r.id));
    const expiringIds = await page.locator('#expiring [data-id]').evaluateAll((els) => els.map((e) => e.dataset.id));
    const expiring = await getAll(origin, 'status=active&expires_before=30d');
    const renewing = new Set(expiring.filter((r) => r.auto_renew === true).map((r) => r.id));
    assert.ok(expiringIds.length > 0 || expiring.every((r) => renewing.has(r.id)), '"Expiring within 30 days" is empty');
    assert.deepStrictEqual(expiringIds.filter((id) => renewing.has(id)), [], 'auto-renewing packages are not "expiring"');
    console.log(`/ui: panels: ${expiringIds.length} expiring (auto-renewing ones skipped), ${exhaustingIds.length} running out`);

    // The pools panel: every pool of GET /pools, soonest buy-by first, the ones that run out with
    // a stacked chart of their members and the buy-by mark.
    await page.locator('#pools li.pool').first().waitFor({ timeout: 30000 });
    const pools = await getJson(`${origin}/pools?sort=buy_by&page_size=100`);
    // The data stand still: the page shows the same pools as this answer, in its own buy-by order.
    const shown = await page.locator('#pools li.pool').evaluateAll((els) => els.map((e) => [e.dataset.id, e.dataset.buyBy]));
    assert.deepStrictEqual(shown.map(([id]) => id).sort(), pools.items.map((p) => p.id).sort(), 'the panel lists every pool');
    const dates = shown.map(([, at]) => at).filter(Boolean);
    assert.deepStrictEqual(dates, [...dates].sort(), 'soonest buy-by first');
    assert.ok(shown.findIndex(([, at]) => !at) === -1 || shown.slice(shown.findIndex(([, at]) => !at)).every(([, at]) => !at),
      'pools without a date last');
    const dated = pools.items.filter((p) => p.buy_by);
    assert.ok(dated.length > 0, 'a pool runs out while usage burns');
    const chartLayers = await page.locator(`#pools li.pool[data-id="${dated[0].id}"] svg.pool-chart path.member`).count();
    assert.ok(chartLayers >= 1, `${dated[0].id} has no member layers`);
    assert.strictEqual(await page.locator(`#pools li.pool[data-id="${dated[0].id}"] svg.pool-chart line.buy-by`).count(), 1);
    assert.match(await page.locator(`#pools li.pool[data-id="${dated[0].id}"] .pool-advice`).innerText(), /^Buy by /);
    console.log(`/ui: pools panel: ${pools.items.length} pools, ${dated[0].id} buy by ${dated[0].buy_by}, ${chartLayers} members stacked`);


    // The default order puts what needs attention first: active packages, soonest expiry first
    // (not the packages that expired years ago, which expires_at alone would list first).
    assert.strictEqual(await page.locator('#packages th[data-sort="status"]').getAttribute('aria-sort'), 'ascending');
    const first = await getJson(`${origin}/quotas?sort=status,expires_at&page_size=1`);
    assert.strictEqual(first.items[0].status, 'active');
    assert.strictEqual(await rows(page).first().getAttribute('data-id'), first.items[0].id);
    const oldest = await getJson(`${origin}/quotas?page_size=1`);
    assert.notStrictEqual(oldest.items[0].status, 'active', 'the API default (expires_at) starts with an expired package');
    console.log(`/ui: the default order starts with an active package (${first.items[0].id}), not ${oldest.items[0].id} (${oldest.items[0].status})`);

    // Sorting is the server's: a click on "Expires" sorts by it, a second click reverses it.
    await page.locator('#packages th[data-sort="expires_at"] button').click();
    await loaded(page);
    assert.strictEqual(await page.locator('#packages th[data-sort="expires_at"]').getAttribute('aria-sort'), 'ascending');
    await page.locator('#packages th[data-sort="expires_at"] button').click();
    await loaded(page);
    assert.strictEqual(await page.locator('#packages th[data-sort="expires_at"]').getAttribute('aria-sort'), 'descending');
    const latest = await getJson(`${origin}/quotas?sort=-expires_at&page_size=1`);
    assert.strictEqual(await rows(page).first().getAttribute('data-id'), latest.items[0].id);
    console.log('/ui: a column header click sorts on the server (sort=expires_at, then sort=-expires_at)');

    // Filters too: a provider, then a search, then clearing them.
    await page.selectOption('#filters select[name="provider"]', 'alibaba-ice');
    await loaded(page);
    const ice = await getJson(`${origin}/quotas?provider=alibaba-ice&page_size=1`);
    assert.strictEqual(await rows(page).count(), ice.total_items);
    assert.match(page.url(), /#.*provider=alibaba-ice/);
    await page.locator('#filters button[type="reset"]').click();
    await loaded(page);
    await page.locator('#filters input[name="q"]').fill(burning.id);
    const matching = await getJson(`${origin}/quotas?q=${encodeURIComponent(burning.id)}&page_size=1`);
    await page.waitForFunction((n) => document.querySelectorAll('#packages tbody tr.package').length === n, matching.total_items, { timeout: 10000 });
    assert.ok(await page.locator(`#packages tr.package[data-id="${burning.id}"]`).count() === 1);
    await page.locator('#filters button[type="reset"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('#packages tbody tr.package').length === n, direct.total_items, { timeout: 10000 });
    await loaded(page);
    console.log(`/ui: filters go to the server (provider=alibaba-ice: ${ice.total_items} rows; q: ${matching.total_items}) and clear`);

    // The detail of a burning package: history samples and the forecast.
    await page.locator(`#packages tr.package[data-id="${burning.id}"]`).click();
    await page.waitForFunction(() => document.querySelectorAll('#chart circle.sample').length >= 2, null, { timeout: 15000 });
    const samples = await page.locator('#chart .sample').count();
    assert.ok(await page.locator('#chart .forecast').count() >= 1, 'the chart has no forecast');
    assert.match(await page.locator('#detail-title').innerText(), new RegExp(burning.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    console.log(`/ui: ${burning.id} opens a chart with ${samples} samples and a forecast`);
    await page.evaluate(() => window.scrollTo(0, 0));  // the open detail then sits over the top of the page
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`/ui: screenshot saved to ${SCREENSHOT}`);

    const chartWidth = () => page.evaluate(() => Number(document.getElementById('chart').getAttribute('width')));
    const wideChart = await chartWidth();
    await page.setViewportSize({ width: 390, height: 844 });
    // The chart redraws at its box's new width after a debounced resize: the SVG's width says
    // which width it was drawn at.
    await page.waitForFunction(() => {
      const chart = document.getElementById('chart');
      const box = document.getElementById('chart-box');
      return chart && box.clientWidth <= window.innerWidth && Number(chart.getAttribute('width')) === box.clientWidth;
    }, null, { timeout: 10000 });
    const narrowChart = await chartWidth();
    const widths = [await page.evaluate(() => document.documentElement.scrollWidth)];
    await page.locator('#detail-close').click();
    widths.push(await page.evaluate(() => document.documentElement.scrollWidth));
    assert.ok(widths.every((w) => w <= 390), `the page scrolls sideways at 390 px: scrollWidth ${widths.join(' / ')}`);
    console.log(`/ui: at 390x844 the chart is redrawn ${narrowChart} px wide (was ${wideChart}) and the page does not scroll sideways (scrollWidth ${widths.join(' with the detail open, ')} closed)`);

    assert.deepStrictEqual(seen.errors, [], `script errors: ${seen.errors.join('; ')}`);
    assert.deepStrictEqual(seen.console, [], `console errors: ${seen.console.join('; ')}`);
    assert.deepStrictEqual(seen.failed, [], `failed requests: ${seen.failed.join('; ')}`);
    assert.deepStrictEqual(seen.foreign, [], `requests outside the gateway: ${seen.foreign.join('; ')}`);
    console.log('/ui: no console error, no failed request, nothing requested outside the gateway');

    // 2. With auth: the key form, a wrong key, the right key, and the key kept across a reload.
    const context = await browser.newContext();
    const guarded = await context.newPage();
    const guardedSeen = watch(guarded, securedOrigin);
    await guarded.goto(`${securedOrigin}/ui`);
    const form = guarded.locator('#api-key-form');
    await form.waitFor({ state: 'visible', timeout: 30000 });
    const unauthorized = () => guardedSeen.failed.filter((f) => f.endsWith(': 401')).length;
    assert.strictEqual(unauthorized(), 1, `the form shows after the first 401, not one per panel: ${guardedSeen.failed.join('; ')}`);
    await guarded.locator('#api-key').fill('not-the-key');
    await guarded.locator('#api-key-form button[type="submit"]').click();
    await guarded.waitForFunction(() => /refused/.test(document.getElementById('api-key-message').textContent), null, { timeout: 10000 });
    assert.match(await guarded.locator('#api-key-message').innerText(), /not valid/);
    assert.ok(await form.isVisible(), 'the key form stays after a wrong key');
    await guarded.locator('#api-key').fill(KEY);
    await guarded.locator('#api-key-form button[type="submit"]').click();
    await form.waitFor({ state: 'hidden' });
    await loaded(guarded);
    const securedTotal = (await getJson(`${securedOrigin}/quotas?page_size=1`, KEY)).total_items;
    assert.strictEqual(await rows(guarded).count(), securedTotal);
    assert.strictEqual(await guarded.evaluate(() => sessionStorage.getItem('quota-gateway.api-key')), KEY);
    await guarded.reload();
    await loaded(guarded);
    assert.strictEqual(await rows(guarded).count(), securedTotal);
    assert.ok(!(await form.isVisible()), 'the key is kept in sessionStorage across a reload');
    // Two 401s in all: the first request without a key, then the wrong key's retry.
    assert.strictEqual(unauthorized(), 2, `401s: ${guardedSeen.failed.join('; ')}`);
    // The 401s the page was meant to get are the only failures allowed.
    const unexpected = guardedSeen.failed.filter((f) => !f.endsWith(': 401'))
      .concat(guardedSeen.console.filter((m) => !/status of 401/.test(m)), guardedSeen.errors, guardedSeen.foreign);
    assert.deepStrictEqual(unexpected, [], `unexpected: ${unexpected.join('; ')}`);
    console.log(`/ui with auth: asks for the key, refuses a wrong one with its detail, loads ${securedTotal} rows with the right one, keeps it across a reload`);
    await context.close();
  } finally {
    if (browser) await browser.close();
    await Promise.all([secured, gateway, recorder].filter(Boolean).map((g) => g.stop()));
    await emulator.stop();
    fs.rmSync(HISTORY_DIR, { recursive: true, force: true });
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
