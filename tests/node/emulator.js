'use strict';
// Starts provider-emulator (and quota-gateway) as child processes for the node tests.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function start(binary, args, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/listening on http:\/\/[^ ]*:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child, output: () => output, stop: () => child.kill('SIGTERM') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); if (!output.match(/listening/)) reject(new Error(`${label} exited ${code}:\n${output}`)); });
  });
}

exports.startEmulator = (args = []) =>
  start(process.env.QG_EMULATOR_BINARY, ['--listen', '127.0.0.1:0', ...args], 'provider-emulator');

exports.startGateway = (yaml) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qg-'));
  const file = path.join(dir, 'gateway.yaml');
  // Each gateway its own history file: parallel tests must not share one.
  if (!/^history:/m.test(yaml)) yaml += `\nhistory: { path: ${path.join(dir, 'history.db')} }\n`;
  // The tests send far more than a client should.
  if (!/^client_limits:/m.test(yaml)) yaml += '\nclient_limits: { enabled: false }\n';
  fs.writeFileSync(file, yaml);
  return start(process.env.QG_GATEWAY_BINARY, ['--config', file], 'quota-gateway');
};

// No configuration: demo mode, its own emulators in-process (what a newcomer runs first).
exports.startDemoGateway = () => start(process.env.QG_GATEWAY_BINARY, ['--listen', '127.0.0.1:0'], 'quota-gateway (demo)');

exports.TENCENT = { id: 'AKIDEMULATOR0000000000000000000000TEST', key: 'emulator-tencent-secret-key-000000' };
exports.ALIBABA = { id: 'LTAI5tEmulator000000000000', key: 'emulator-alibaba-secret-000000' };
