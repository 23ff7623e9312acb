import * as fs from 'fs';
import * as path from 'path';
import { CLI_FLAG_NAMES, formatProblem, InvalidSettings, readLayer } from '../config/resolver';
import { RuleIds } from '../config/ruleIds';
import { didYouMean } from '../config/suggest';
import { ConfigError, type ConfigKey } from '../config/schema';
import { findRulesDirectory, loadCatalogue } from '../engine/catalogue';
import { buildRuleSet } from '../engine/engine';
import { levelRank, type Level, type RuleMeta } from '../engine/types';
import { ALL_CHECKS } from '../rules';
import { scan, type ScanResult } from '../scan/scan';
import { parseCommandLine, unknownCommand, UsageError } from './args';
import { BaselineError } from '../baseline/baselineFile';
import { compareWithBaseline, writeBaseline } from './baselineCli';
import { changesAny, failedAny, fixFiles, formatDiffs, summariseFixes } from './fixFiles';
import { formatJson } from './jsonFormat';
import { toSarif } from './sarif';
import { escapeControls, formatExplain, formatRuleList, formatText } from './textFormat';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** An unexpected failure inside dvr-hints (a bug): bin.ts prints the stack. */
export const EXIT_INTERNAL = 3;
/** The run could not check (or fix) everything it was asked to: the same status as a usage error, like other linters. */
export const EXIT_INCOMPLETE = 2;

const USAGE = `Usage: dvr-hints <command> [options]

Commands:
  scan PATH...        scan Python files and folders (recursively)
  rules               list the rules
  explain ID          print a rule's documentation

Scan options:
  --format FMT        text (default), json or sarif
  --output FILE       write the report to FILE instead of standard output
  --select IDS        only these rules (ids or prefixes, comma-separated: DVR1,DVR301)
  --extend-select IDS add rules to the selection (e.g. the opt-in DVR504)
  --ignore IDS        leave these rules out
  --severity ID=LVL   per-rule severity, comma-separated (DVR403=low,DVR101=high)
  --min-severity LVL  report findings of at least this severity (low, medium, high)
  --min-confidence LVL report findings of at least this confidence
  --fail-on LVL       exit 1 only for findings of at least this severity (default low)
  --exit-zero         exit 0 even when there are findings
  --exclude GLOBS     skip paths matching these globs (comma-separated)
  --max-file-size N   skip files larger than N bytes, with a notice (default 10485760)
  --threat-models M   untrusted values: remote, local, parameters, comma-separated (default remote,local)
  --isolated          ignore pyproject.toml
  --jobs N            analyse on N worker threads (default: one per core for large scans; 0: none)
  --no-color          plain text output
  --fix               apply the safe fixes in place, then report what remains
  --diff              print a unified diff of what --fix would change; change nothing
                      (exit 1 when there is something to fix)
  --unsafe-fixes      with --fix or --diff, apply fixes that change behaviour too
  --baseline FILE     report (and exit 1 for) only findings not in this baseline
                      (default: baseline in pyproject.toml); SARIF marks each result's
                      baselineState (new, unchanged, absent)
  --no-baseline       ignore the baseline configured in pyproject.toml
  --write-baseline FILE  record every finding of this scan as the baseline (exit 0);
                      reasons of entries that remain are kept

Configuration: [tool.dvr-hints] in the nearest pyproject.toml above each file (select,
extend-select, ignore, exclude, severity, min-severity, min-confidence, taint-sources,
taint-sinks, taint-sanitizers, max-file-size, threat-models, baseline): files of
several projects each get their own project's; command-line options win.

Text output: path:line:col: RULE [severity/confidence] message
  (lines and columns 1-based; columns count UTF-16 code units)
  severity    how much harm the weakness can do (high, medium, low)
  confidence  how sure the rule is that it is a real weakness (high, medium, low)

Exit status:
  0  no findings at or above --fail-on (or --exit-zero; with --diff: nothing to fix)
  1  findings at or above --fail-on (with a baseline: new findings only; with --fix: findings that remain;
     with --diff: something to fix)
  2  usage, configuration or I/O error (a bad option, an unknown rule id,
     an invalid pyproject.toml, an unusable baseline, scanned projects that name
     different baselines, an --output file that cannot be written), or an
     incomplete run: a file or folder could not be read, every file was skipped,
     or --fix could not write a file (the run goes on with the other files and
     reports each one; --exit-zero keeps 2)
  3  internal error (a bug in dvr-hints; please report it)
`;

/** The line after a usage error: where the full help is. */
const HELP_HINT = "Run 'dvr-hints --help' for the options.";

/** A file that cannot be written or read: exit 2 with one line, no stack trace. */
class IoError extends Error {}

function ioMessage(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? `the folder ${path.dirname(path.resolve(file))} does not exist` : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : error instanceof Error ? error.message : String(error);
  return `cannot write ${file}: ${why}`;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stdout.isTTY === true,
};

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `--severity DVR403=low,DVR101=high`. */
function severities(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const entries = (list(value) ?? []).map((item) => {
    const [id, lvl, ...rest] = item.split('=').map((s) => s.trim());
    if (!id || lvl === undefined || rest.length > 0) throw new UsageError(`--severity takes RULE=LEVEL pairs such as DVR403=low, not '${item}'`);
    return [id, lvl] as const;
  });
  return Object.fromEntries(entries);
}

function level(value: string | undefined, flag: string): Level | undefined {
  if (value === undefined) return undefined;
  if (value !== 'high' && value !== 'medium' && value !== 'low') throw new UsageError(`${flag} must be low, medium or high, not '${value}'`);
  return value;
}

function byteCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a positive whole number of bytes, not '${value}'`);
  return Number(value);
}

export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(findRulesDirectory()), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** SARIF paths are relative to the working folder when every file is under it (as in CI), else to the project. */
function sarifRoot(result: ScanResult): string {
  const cwd = process.cwd();
  const under = (file: string): boolean => !path.relative(cwd, path.resolve(file)).startsWith('..');
  return result.files.every((f) => under(f.file)) ? cwd : result.root;
}

function writeReport(file: string, report: string): void {
  try {
    fs.writeFileSync(file, report);
  } catch (error) {
    throw new IoError(ioMessage(error, file));
  }
}

/** The one baseline of a scan; projects naming different ones cannot be reported against one (exit 2). */
function scanBaseline(result: ScanResult): string | undefined {
  if (result.baselines.length > 1) {
    const named = result.baselines.map((b) => `${b.file} (${b.from})`).join(', ');
    throw new InvalidSettings([{ setting: 'baseline', message: `the scanned files belong to projects with different baselines: ${named}; scan each project on its own, or name one with --baseline` }]);
  }
  return result.baselines[0]?.file;
}

export function runCli(argv: readonly string[], io: CliIo = defaultIo): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`dvr-hints: ${error.message}\n${HELP_HINT}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof IoError) {
      io.stderr(`dvr-hints: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr(`dvr-hints: invalid configuration: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof BaselineError) {
      io.stderr(`dvr-hints: unusable baseline: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof InvalidSettings) {
      io.stderr(error.problems.map((p) => `dvr-hints: invalid configuration: ${formatProblem(p)}\n`).join(''));
      return EXIT_USAGE;
    }
    throw error;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const parsed = parseCommandLine(argv);
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CLEAN;
  }
  if (values.version) {
    io.stdout(`dvr-hints ${version()}\n`);
    return EXIT_CLEAN;
  }
  const [command, ...args] = positionals;
  const catalogue = loadCatalogue();
  const rules = buildRuleSet(ALL_CHECKS, catalogue);
  const metas: RuleMeta[] = rules.map((r) => r.meta).sort((a, b) => a.id.localeCompare(b.id));

  switch (command) {
    case 'rules':
      io.stdout(values.format === 'json' ? JSON.stringify(metas.map(({ docs, ...m }) => ({ ...m, whatItDoes: docs.whatItDoes })), null, 2) + '\n' : formatRuleList(metas));
      return EXIT_CLEAN;
    case 'explain': {
      const id = (args[0] ?? '').toUpperCase();
      const rule = metas.find((m) => m.id === id || m.name === args[0]);
      if (!rule) throw new UsageError(args[0] ? `no rule '${args[0]}'${didYouMean(id, metas.map((m) => m.id)) || " (see 'dvr-hints rules')"}` : 'explain needs a rule id, e.g. dvr-hints explain DVR101');
      io.stdout(formatExplain(rule));
      return EXIT_CLEAN;
    }
    case 'scan':
      break;
    case undefined:
      throw new UsageError('a command is needed: scan, rules or explain');
    default:
      throw unknownCommand(command);
  }

  if (args.length === 0) throw new UsageError('scan needs at least one path, e.g. dvr-hints scan .');
  // Before the scan, not after it: a long scan must not end in an unwritable report.
  if (values.output && !fs.existsSync(path.dirname(path.resolve(values.output)))) throw new IoError(ioMessage(Object.assign(new Error(), { code: 'ENOENT' }), values.output));
  for (const p of args) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = level(values['fail-on'], '--fail-on') ?? 'low';
  const flags = readLayer(
    Object.fromEntries(
      Object.entries({
        select: list(values.select),
        'extend-select': list(values['extend-select']),
        ignore: list(values.ignore),
        exclude: list(values.exclude),
        severity: severities(values.severity),
        'min-severity': level(values['min-severity'], '--min-severity'),
        'min-confidence': level(values['min-confidence'], '--min-confidence'),
        'max-file-size': byteCount(values['max-file-size'], '--max-file-size'),
        'threat-models': list(values['threat-models']),
        baseline: values.baseline === undefined ? undefined : path.resolve(values.baseline),
      }).filter(([, v]) => v !== undefined),
    ),
    (key) => CLI_FLAG_NAMES[key as ConfigKey] ?? key,
    new RuleIds(metas.map((m) => m.id)),
  );
  if (flags.problems.length > 0) throw new InvalidSettings(flags.problems);
  const overrides = flags.config;

  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 0)) throw new UsageError(`--jobs must be a whole number, not '${values.jobs}'`);

  if (values['write-baseline'] !== undefined && (values.baseline !== undefined || values.fix || values.diff)) {
    throw new UsageError('--write-baseline records every finding: it goes with neither --baseline, --fix nor --diff');
  }

  let fixIncomplete = false;
  if (values.fix || values.diff) {
    const write = !values.diff;
    const fixed = fixFiles({ paths: args, overrides, rules, isolated: values.isolated, write, unsafe: values['unsafe-fixes'] });
    // With --fix the scan below reports unreadable files; only the fix pass knows the unwritable ones.
    for (const s of fixed.skipped) if (s.unwritable || !write) io.stderr(`dvr-hints: ${escapeControls(s.file)}: ${s.reason}\n`);
    fixIncomplete = failedAny(fixed);
    io.stderr(summariseFixes(fixed, write));
    if (!write) {
      io.stdout(formatDiffs(fixed));
      return values['exit-zero'] || !changesAny(fixed) ? EXIT_CLEAN : EXIT_FINDINGS;
    }
  } else if (values['unsafe-fixes']) {
    throw new UsageError('--unsafe-fixes goes with --fix or --diff');
  }

  const request = { paths: args, overrides, rules, isolated: values.isolated, jobs };
  const result = scan(request);
  for (const s of result.skipped) io.stderr(`dvr-hints: ${escapeControls(s.file)}: ${s.reason}\n`);
  const nothingAnalysed = result.files.length === 0 && result.skipped.length > 0;
  if (nothingAnalysed) io.stderr(`dvr-hints: no file was analysed: all ${result.skipped.length} were skipped or unreadable\n`);
  const incomplete = fixIncomplete || nothingAnalysed || result.skipped.some((s) => s.unreadable);
  if (values['write-baseline'] !== undefined) {
    const written = writeBaseline(result, values['write-baseline']);
    if (written.warning) io.stderr(`dvr-hints: ${written.warning}\n`);
    io.stderr(`dvr-hints: wrote ${written.entries} finding${written.entries === 1 ? '' : 's'} to the baseline ${escapeControls(values['write-baseline'])}\n`);
    return incomplete ? EXIT_INCOMPLETE : EXIT_CLEAN;
  }
  // --baseline, else `baseline` in the scanned projects' pyproject.toml (made absolute by the resolver), unless --no-baseline.
  const baselineFile = values['no-baseline'] ? undefined : scanBaseline(result);
  const compared = baselineFile === undefined ? undefined : compareWithBaseline(result, baselineFile);
  const shown = compared?.shown ?? result;
  const report =
    format === 'sarif'
      ? JSON.stringify(toSarif(result, metas, version(), sarifRoot(result), compared), null, 2) + '\n'
      : format === 'json'
        ? formatJson(shown, compared?.baselined)
        : formatText(shown, io.isTTY && !values['no-color'] && !values.output && !process.env.NO_COLOR, undefined, compared?.baselined);
  if (values.output) writeReport(values.output, report);
  else io.stdout(report);

  if (incomplete) return EXIT_INCOMPLETE;
  if (values['exit-zero']) return EXIT_CLEAN;
  // With a baseline only new findings fail the run.
  const failing = shown.files.some((r) => r.findings.some((f) => levelRank(f.severity) >= levelRank(failOn)));
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}
