'use strict';
// The official tencentcloud-sdk-nodejs Live client against the emulator: what it sends must be
// accepted with the right key and rejected with a wrong one. The SDK signs the official host
// name (live.tencentcloudapi.com) and sends it as Host; only the connection goes to the emulator.
const assert = require('assert');
const { startEmulator, TENCENT } = require('./emulator');

(async () => {
  const emulator = await startEmulator();
  try {
    const fetchMod = require('tencentcloud-sdk-nodejs/tencentcloud/common/http/fetch');
    const realFetch = fetchMod.default;
    fetchMod.default = (url, config) =>
      realFetch(url.replace(/^https:\/\/live\.tencentcloudapi\.com/, `http://127.0.0.1:${emulator.port}`), config);
    const LiveClient = require('tencentcloud-sdk-nodejs').live.v20180801.Client;

    const good = new LiveClient({ credential: { secretId: TENCENT.id, secretKey: TENCENT.key } });
    const page = await good.DescribeLivePackageInfo({ PackageType: 0, PageNum: 2, PageSize: 100 });
    assert.strictEqual(page.PageNum, 2);
    assert.strictEqual(page.LivePackageInfoList.length, 100);
    assert.ok(page.TotalNum > 200, 'several pages of traffic packages');
    assert.match(page.LivePackageInfoList[0].BuyTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const get = new LiveClient({ credential: { secretId: TENCENT.id, secretKey: TENCENT.key },
      profile: { httpProfile: { reqMethod: 'GET' } } });
    const linkmic = await get.DescribeLivePackageInfo({ PackageType: 2 });
    assert.ok(linkmic.LivePackageInfoList.every((p) => p.Type === 3), 'PackageType 2 is link-mic (Type 3)');

    const bad = new LiveClient({ credential: { secretId: TENCENT.id, secretKey: 'wrong-key' } });
    await assert.rejects(bad.DescribeLivePackageInfo({ PackageType: 0 }), (e) => e.code === 'AuthFailure.SignatureFailure');
    const unknown = new LiveClient({ credential: { secretId: 'AKIDunknown', secretKey: TENCENT.key } });
    await assert.rejects(unknown.DescribeLivePackageInfo({ PackageType: 0 }), (e) => e.code === 'AuthFailure.SecretIdNotFound');
    await assert.rejects(good.DescribeLivePackageInfo({}), (e) => e.code === 'MissingParameter');
    console.log('tencentcloud-sdk-nodejs accepted with the right key, rejected with a wrong one');
  } finally {
    emulator.stop();
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
