'use strict';
// Starts provider-emulator (and quota-gateway) as child processes for the node tests, and waits
// on what they do: a line of their output, or a condition polled with back-off.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function start(binary, args, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)));
    let output = '';
    let started = false;
    const watchers = new Set();  // called on every chunk of output and at the exit
    const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output}`)), 20000);
    // The first match of `pattern` in the output, as soon as it is printed; fails when the
    // process exits first or nothing matches within `limitMs` (a limit, not a pause).
    const waitForOutput = (pattern, limitMs = 30000) => new Promise((found, fail) => {
      const check = () => {
        const m = output.match(pattern);
        if (m) { done(); found(m); } else if (child.exitCode !== null || child.signalCode !== null) {
          done(); fail(new Error(`${label} exited before printing ${pattern}:\n${output}`));
        }
      };
      const limit = setTimeout(() => { done(); fail(new Error(`${label} printed no ${pattern} within ${limitMs} ms:\n${output}`)); }, limitMs);
      const done = () => { clearTimeout(limit); watchers.delete(check); };
      watchers.add(check);
      check();
    });
    const onData = (chunk) => {
      output += chunk.toString();
      for (const w of [...watchers]) w();
      const m = !started && output.match(/listening on http:\/\/[^ ]*:(\d+)/);
      if (m) {
        started = true;
        clearTimeout(timer);
        resolve({
          port: Number(m[1]),
          child,
          output: () => output,
          waitForOutput,
          waitFor: waitForOutput,
          // SIGTERM; the promise settles once the process has exited (its files flushed).
          stop: () => { child.kill('SIGTERM'); return exited; },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      for (const w of [...watchers]) w();
      if (!output.match(/listening/)) reject(new Error(`${label} exited ${code}:\n${output}`));
    });
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

// Polls `condition` (an async function returning a truthy value when done) with back-off, from
// 20 ms up to 1 s between tries, and returns its value; fails after `limitMs`. For states with no
// event to wait on, never as a pause.
exports.until = async (condition, what, limitMs = 30000) => {
  const deadline = Date.now() + limitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 1000)) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
};

// No configuration: demo mode, its own emulators in-process (what a newcomer runs first).
exports.startDemoGateway = () => start(process.env.QG_GATEWAY_BINARY, ['--listen', '127.0.0.1:0'], 'quota-gateway (demo)');

exports.TENCENT = { id: 'AKIDEMULATOR0000000000000000000000TEST', key: 'emulator-tencent-secret-key-000000' };
exports.ALIBABA = { id: 'LTAI5tEmulator000000000000', key: 'emulator-alibaba-secret-000000' };
