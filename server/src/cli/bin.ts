import { runCli } from './main';

// Entry point of the bundled CLI (dist/cli.js), run by bin/dvr-hints.
try {
  process.exitCode = runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`dvr-hints: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 3;
}
