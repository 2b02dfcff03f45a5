'use strict';
// The contract a frontend generates from: the OpenAPI document a gateway serves at /openapi.json
// → openapi-typescript → quota-gateway.d.ts (in the build tree), and `tsc --noEmit --strict` over
// a sample frontend module (typed_client/sample.ts) that uses the generated `paths` the way a
// frontend team would. Then the same module, transpiled, runs against the gateway. Finally the
// check proves it has teeth: a document with a field the sample reads removed or made optional,
// a unit renamed, or a status of GET /quotas dropped, must fail to type-check.
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawnSync } = require('child_process');
const ts = require('typescript');
const { startEmulator, startGateway, TENCENT, ALIBABA } = require('./emulator');

const OUT = process.env.QG_TYPED_CLIENT_DIR;
const SAMPLE = path.join(__dirname, 'typed_client', 'sample.ts');
const MODULES = process.env.NODE_PATH;
const GENERATOR = path.join(MODULES, 'openapi-typescript', 'bin', 'cli.js');
const TSC = path.join(MODULES, 'typescript', 'bin', 'tsc');

function get(port, target) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: target }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

function run(args, label) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 180000 });
  return { ok: r.status === 0, output: `${label} (exit ${r.status}):\n${r.stdout || ''}${r.stderr || ''}` };
}

// spec (an object) → <dir>/quota-gateway.d.ts, then tsc over the sample with it.
function generateAndCheck(spec, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const specFile = path.join(dir, 'openapi.json');
  fs.writeFileSync(specFile, JSON.stringify(spec, null, 1));
  const dts = path.join(dir, 'quota-gateway.d.ts');
  const generated = run([GENERATOR, specFile, '--output', dts], 'openapi-typescript');
  if (!generated.ok) return generated;
  const tsconfig = path.join(dir, 'tsconfig.json');
  fs.writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
      paths: { 'quota-gateway-api': ['./quota-gateway.d.ts'] },
    },
    files: [SAMPLE],
  }, null, 2));
  return run([TSC, '--project', tsconfig, '--noEmit', '--strict', '--pretty', 'false'], 'tsc');
}

(async () => {
  assert.ok(OUT, 'QG_TYPED_CLIENT_DIR names the output directory');
  const emulator = await startEmulator();
  const url = `http://127.0.0.1:${emulator.port}`;
  const gateway = await startGateway(`listen: 127.0.0.1:0
accounts:
  - { name: live, provider: tencent-live, endpoint: ${url}, secret_id: ${TENCENT.id}, secret_key: ${TENCENT.key} }
  - { name: rtc, provider: alibaba-ice, region: cn-shanghai, endpoint: ${url}, access_key_id: ${ALIBABA.id}, access_key_secret: ${ALIBABA.key} }
  - { name: aic, provider: alibaba-aicontent, endpoint: ${url}, access_key_id: ${ALIBABA.id}, access_key_secret: ${ALIBABA.key} }
`);
  try {
    const served = await get(gateway.port, '/openapi.json');
    assert.strictEqual(served.status, 200);
    const spec = JSON.parse(served.body);

    // 1. The served document generates a client the sample type-checks against.
    const clean = generateAndCheck(spec, OUT);
    assert.ok(clean.ok, clean.output);
    const dts = fs.readFileSync(path.join(OUT, 'quota-gateway.d.ts'), 'utf8');
    assert.match(dts, /"\/quotas\/\{id\}\/history": \{/);
    console.log(`generated ${path.join(OUT, 'quota-gateway.d.ts')} (${dts.split('\n').length} lines); sample type-checks`);

    // 2. The sample works against the gateway it was generated from.
    const js = ts.transpileModule(fs.readFileSync(SAMPLE, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    fs.writeFileSync(path.join(OUT, 'sample.js'), js);
    const sample = require(path.join(OUT, 'sample.js'));
    const result = await sample.demo(`http://127.0.0.1:${gateway.port}/`);
    assert.ok(result.firstPage > 0 && result.firstPage <= 5, `first page: ${result.firstPage}`);
    assert.strictEqual(result.totalCount, result.total, 'X-Total-Count = total_items');
    assert.ok(result.nextLink && result.nextLink.includes('page_token='), `Link: ${result.nextLink}`);
    const all = JSON.parse((await get(gateway.port, '/quotas?page_size=1')).body).total_items;
    assert.strictEqual(result.walked, all, 'listAllQuotas walks every page');
    assert.strictEqual(result.unique, all, 'each record once');
    assert.strictEqual(result.historyId, result.rows[0].id);
    assert.deepStrictEqual(result.projectedKeys, ['id', 'name', 'remaining'], 'fields projects the records');
    assert.strictEqual(result.projected.length, 3);
    assert.match(result.history, /samples/);
    assert.strictEqual(result.problemType, 'https://quota-gateway.dev/problems/invalid-parameters');
    assert.match(result.problem, /page_size/);
    assert.ok(result.invalid.some((i) => i.startsWith('page_size: ')), result.invalid.join('; '));
    const pools = JSON.parse((await get(gateway.port, '/pools?page_size=1')).body).total_items;
    assert.strictEqual(result.pools, pools, 'listPools counts the pools');
    assert.strictEqual(result.advice.length, pools);
    assert.strictEqual(result.drain.length, result.poolMembers, 'getPool lists every member');
    assert.ok(result.advice[0].startsWith(`${result.poolId}: `), result.advice[0]);
    console.log(`sample ran: ${result.walked} records over pages, history "${result.history}", problem "${result.problem}"`);

    // 3. Drift is caught: each mutation of the document must break the sample's compile.
    const mutations = [
      ['QuotaList without total_items', (s) => {
        const list = s.components.schemas.QuotaList;
        delete list.properties.total_items;
        list.required = list.required.filter((n) => n !== 'total_items');
      }, /total_items/],
      ['Problem.invalid_params renamed', (s) => {
        const problem = s.components.schemas.Problem;
        problem.properties.errors = problem.properties.invalid_params;
        delete problem.properties.invalid_params;
      }, /invalid_params/],
      ['Pool without buy_by', (s) => {
        const pool = s.components.schemas.PoolFields;
        delete pool.properties.buy_by;
        pool.required = pool.required.filter((n) => n !== 'buy_by');
      }, /buy_by/],
      ['GET /quotas without its 429', (s) => { delete s.paths['/quotas'].get.responses['429']; }, /429/],
      ['QuotaRecord.remaining optional again', (s) => {
        const record = s.components.schemas.QuotaRecord;
        record.required = record.required.filter((n) => n !== 'remaining');
      }, /undefined/],
      ['a unit renamed', (s) => {
        const units = s.components.schemas.Unit.enum;
        units[units.indexOf('count')] = 'counts';
      }, /count/],
      ['a problem type renamed', (s) => {
        const types = s.components.schemas.ProblemType.enum;
        types[types.indexOf('https://quota-gateway.dev/problems/too-many-requests')] = 'https://quota-gateway.dev/problems/rate-limited';
      }, /too-many-requests/],
    ];
    for (const [name, mutate, expected] of mutations) {
      const broken = JSON.parse(JSON.stringify(spec));
      mutate(broken);
      const outcome = generateAndCheck(broken, path.join(OUT, 'drift'));
      assert.ok(!outcome.ok, `${name}: the sample still type-checks, so it does not guard against this drift`);
      assert.match(outcome.output, expected, `${name}: tsc fails for the expected reason:\n${outcome.output}`);
      console.log(`drift caught: ${name}: ${outcome.output.split('\n').find((l) => /error TS/.test(l)) || ''}`);
    }
  } finally {
    gateway.stop();
    emulator.stop();
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
