#!/usr/bin/env node
// Checked before the CLI loads: on an older Node it would fail later with an error that names no version.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(
    `error: bundle needs Node.js 20.19 or newer (package.json "engines"); this is Node.js ${process.versions.node} (${process.execPath})\n`,
  );
  process.exit(1);
}
const { launch } = await import('../dist/cli/launch.js');
await launch(process.argv);
