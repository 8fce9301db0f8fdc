// Adds lock entries for optional platform bindings this registry mirror does not carry,
// marked with their os/cpu so npm ci skips them on linux-x64 instead of failing.
const fs = require('fs');
const file = process.argv[2];
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const platforms = {
  'android-arm-eabi': ['android', 'arm'], 'android-arm64': ['android', 'arm64'], 'darwin-arm64': ['darwin', 'arm64'],
  'darwin-x64': ['darwin', 'x64'], 'freebsd-x64': ['freebsd', 'x64'], 'linux-arm-gnueabihf': ['linux', 'arm'],
  'linux-arm-musleabihf': ['linux', 'arm'], 'linux-loong64-gnu': ['linux', 'loong64'], 'linux-loong64-musl': ['linux', 'loong64'],
  'linux-ppc64-gnu': ['linux', 'ppc64'], 'linux-riscv64-gnu': ['linux', 'riscv64'], 'linux-riscv64-musl': ['linux', 'riscv64'],
  'linux-s390x-gnu': ['linux', 's390x'], 'openharmony-arm64': ['openharmony', 'arm64'], 'win32-arm64-msvc': ['win32', 'arm64'],
  'win32-ia32-msvc': ['win32', 'ia32'], 'win32-x64-msvc': ['win32', 'x64'],
};
const version = lock.packages['node_modules/unrs-resolver'].version;
let added = 0;
for (const [suffix, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@unrs/resolver-binding-${suffix}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = { version, dev: true, license: 'MIT', optional: true, os: [os], cpu: [cpu] };
  added++;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);
