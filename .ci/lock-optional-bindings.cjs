// `node .ci/lock-optional-bindings.cjs package-lock.json` — run after every `npm install` (README § Dependencies).
// unrs-resolver names one optional binding per platform; npm writes lock entries only for the bindings it resolved
// here (linux-x64), so `npm ci` on another platform would find the lock incomplete. This adds the missing ones,
// marked with their os/cpu so npm ci skips them on other machines, each with the `resolved` URL and `integrity`
// hash of the registry's metadata (`npm view … dist`, answered from npm's cache when it holds them): npm ci then
// checks every tarball it fetches (issue 23). Entries that lack a hash get one too. Finally npm itself rewrites the
// lock (`npm install --package-lock-only`), so the file is exactly what npm produces and `.ci/lock-check` passes.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(process.argv[2] ?? 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const platforms = {
  'android-arm-eabi': ['android', 'arm'], 'android-arm64': ['android', 'arm64'], 'darwin-arm64': ['darwin', 'arm64'],
  'darwin-x64': ['darwin', 'x64'], 'freebsd-x64': ['freebsd', 'x64'], 'linux-arm-gnueabihf': ['linux', 'arm'],
  'linux-arm-musleabihf': ['linux', 'arm'], 'linux-loong64-gnu': ['linux', 'loong64'], 'linux-loong64-musl': ['linux', 'loong64'],
  'linux-ppc64-gnu': ['linux', 'ppc64'], 'linux-riscv64-gnu': ['linux', 'riscv64'], 'linux-riscv64-musl': ['linux', 'riscv64'],
  'linux-s390x-gnu': ['linux', 's390x'], 'openharmony-arm64': ['openharmony', 'arm64'], 'win32-arm64-msvc': ['win32', 'arm64'],
  'win32-ia32-msvc': ['win32', 'ia32'], 'win32-x64-msvc': ['win32', 'x64'],
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The registry's `dist` of name@version: { tarball, integrity }. */
const dist = (name, version) => JSON.parse(execFileSync(npm, ['view', `${name}@${version}`, 'dist', '--json'], { encoding: 'utf8' }));
const nameOf = (key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

const version = lock.packages['node_modules/unrs-resolver']?.version;
let added = 0;
let hashed = 0;
if (version) {
  for (const [suffix, [os, cpu]] of Object.entries(platforms)) {
    const key = `node_modules/@unrs/resolver-binding-${suffix}`;
    if (lock.packages[key]) continue;
    lock.packages[key] = { version, dev: true, license: 'MIT', optional: true, os: [os], cpu: [cpu] };
    added++;
  }
}
for (const [key, entry] of Object.entries(lock.packages)) {
  // the root, workspace links and bundled dependencies have no tarball of their own
  if (key === '' || entry.link || entry.inBundle || entry.integrity) continue;
  const { tarball, integrity } = dist(nameOf(key), entry.version);
  if (!integrity) throw new Error(`the registry gives no integrity for ${nameOf(key)}@${entry.version}`);
  // key order as npm writes it: version, resolved, integrity, then the rest
  const { version: v, ...rest } = entry;
  lock.packages[key] = { version: v, resolved: tarball, integrity, ...rest };
  hashed++;
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
// npm orders and normalises the file; with every entry present it changes nothing else.
execFileSync(npm, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
  cwd: path.dirname(file), stdio: 'inherit',
});
console.log(`added ${added} entries, ${hashed} integrity hashes`);
