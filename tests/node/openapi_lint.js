'use strict';
// Lints openapi/openapi.yaml with Redocly CLI (recommended rules): zero errors required.
const { spawnSync } = require('child_process');
const path = require('path');

const cli = require.resolve('@redocly/cli/bin/cli.js');
const spec = path.join(process.env.QG_SOURCE_DIR, 'openapi', 'openapi.yaml');
const config = path.join(process.env.QG_SOURCE_DIR, 'openapi', 'redocly.yaml');
const run = spawnSync(process.execPath, [cli, 'lint', spec, '--config', config, '--format', 'stylish'], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  timeout: 120000,
});
process.stdout.write(run.stdout || '');
process.stderr.write(run.stderr || '');
if (run.status !== 0) {
  console.error(`redocly lint failed (exit ${run.status})`);
  process.exit(1);
}
