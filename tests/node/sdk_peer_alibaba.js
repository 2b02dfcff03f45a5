'use strict';
// The official @alicloud/openapi-client against the emulator, configured exactly as the
// generated ICE (2020-11-09, RPC) and AIContent (20240611, ROA) clients configure it.
const assert = require('assert');
const OpenApi = require('@alicloud/openapi-client');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const { RuntimeOptions } = require('@alicloud/tea-util');
const { startEmulator, ALIBABA } = require('./emulator');

const iceParams = () => new OpenApi.Params({ action: 'GetAiRtcLicenseInfoList', version: '2020-11-09', protocol: 'HTTP',
  pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
const aicParams = () => new OpenApi.Params({ action: 'AliyunConsoleOpenApiQueryPaidResource', version: '20240611',
  protocol: 'HTTP', pathname: '/api/v1/aliyunConsole/queryPaidResource', method: 'GET', authType: 'AK', style: 'ROA',
  reqBodyType: 'json', bodyType: 'json' });

const client = (port, secret) => new OpenApi.default(new OpenApi.Config({ accessKeyId: ALIBABA.id, accessKeySecret: secret,
  endpoint: `127.0.0.1:${port}`, protocol: 'HTTP' }));
const call = (c, params, query) => c.callApi(params, new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(query) }), new RuntimeOptions({}));

(async () => {
  const emulator = await startEmulator();
  try {
    const good = client(emulator.port, ALIBABA.key);
    const ice = await call(good, iceParams(), { PageNo: 2, PageSize: 50, NeedTotalCount: true });
    assert.strictEqual(ice.statusCode, 200);
    assert.strictEqual(ice.body.Success, true);
    assert.strictEqual(ice.body.LicenseInfoList.length, 50);
    assert.ok(ice.body.TotalCount > 100);

    const first = await call(good, aicParams(), { maxResults: 20 });
    assert.strictEqual(first.body.success, true);
    assert.strictEqual(first.body.data.length, 20);
    assert.ok(first.body.nextToken, 'a cursor to the next page');
    const second = await call(good, aicParams(), { maxResults: 20, nextToken: first.body.nextToken });
    assert.notStrictEqual(second.body.data[0].instanceId, first.body.data[0].instanceId);
    assert.match(first.body.data[0].resourceCatalogName, /[\u4e00-\u9fff]/, 'Chinese names survive');

    const bad = client(emulator.port, 'wrong-secret');
    await assert.rejects(call(bad, iceParams(), { PageNo: 1 }), (e) => e.code === 'SignatureDoesNotMatch');
    await assert.rejects(call(bad, aicParams(), {}), (e) => e.code === 'SignatureDoesNotMatch');
    console.log('@alicloud/openapi-client accepted with the right secret, rejected with a wrong one');
  } finally {
    emulator.stop();
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
