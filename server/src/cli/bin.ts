import { runCli } from './main';

// Entry point of the bundled CLI (dist/cli.js), run by bin/dvr-hints.
try {
  process.exitCode = runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`dvr-hints: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 3;
}

// For the benchmark (scripts/bench): the process's CPU time (all threads) and peak memory.
if (process.env.DVR_HINTS_REPORT_USAGE) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`dvr-hints-usage ${JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS })}\n`);
  });
}
