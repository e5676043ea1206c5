#!/usr/bin/env node
// Plain JavaScript that any Node can parse, so that an old runtime gets a sentence instead of a
// stack trace about node:sqlite. Inside the repository, npm scripts and npx run the project's own
// Node (node_modules/.bin/node); a shell that calls this file directly uses whatever `node` it finds.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 5)) {
  process.stderr.write(
    `rireki: needs Node 22.5 or newer (Node 24 LTS recommended); this is Node ${process.version} (${process.execPath}).\n` +
      '  In the rireki repository, run it through npm, which uses the Node that `npm install` put in\n' +
      '  node_modules/.bin: `npx rireki …`, `npm start`.\n',
  );
  process.exit(78);
}
await import('../dist/main.js');
