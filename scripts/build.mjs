// Bundles the client, the language server and the CLI with esbuild. tree-sitter's
// native modules stay external: they ship in node_modules with their prebuilt binaries.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode', 'tree-sitter', 'tree-sitter-python'],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js' }),
  // Loaded by dist/cli.js for large scans (server/src/scan/pool.ts finds it beside itself).
  esbuild.build({ ...common, entryPoints: ['server/src/scan/scanWorker.ts'], outfile: 'dist/scanWorker.js' }),
]);
console.log(`built dist/client.js, dist/server.js, dist/cli.js, dist/scanWorker.js${production ? ' (production)' : ''}`);
