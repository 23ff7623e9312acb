import { parseArgs } from 'util';
import { didYouMean } from '../config/suggest';

/** A mistake on the command line: one short message (with a suggestion), never the whole help. */
export class UsageError extends Error {}

export const COMMANDS = ['scan', 'rules', 'explain'] as const;

export const OPTIONS = {
  format: { type: 'string', default: 'text' },
  output: { type: 'string', short: 'o' },
  select: { type: 'string' },
  'extend-select': { type: 'string' },
  ignore: { type: 'string' },
  severity: { type: 'string' },
  'min-severity': { type: 'string' },
  'min-confidence': { type: 'string' },
  'fail-on': { type: 'string' },
  'exit-zero': { type: 'boolean', default: false },
  exclude: { type: 'string' },
  'max-file-size': { type: 'string' },
  'threat-models': { type: 'string' },
  isolated: { type: 'boolean', default: false },
  jobs: { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  fix: { type: 'boolean', default: false },
  diff: { type: 'boolean', default: false },
  'unsafe-fixes': { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean', default: false },
  'write-baseline': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
} as const;

const FLAGS = Object.keys(OPTIONS).map((name) => `--${name}`);

export type ParsedArgs = ReturnType<typeof parseCli>;

function parseCli(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
}

/** Node's own parse errors, said shortly: which option, what is wrong, what was probably meant. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'${didYouMean(option.startsWith('--') ? option : `-${option}`, FLAGS, 3)}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const name = option.replace(/^-+/, '');
    const spec = (OPTIONS as Record<string, { type: string; short?: string }>)[name] ?? Object.entries(OPTIONS).find(([, o]) => (o as { short?: string }).short === name)?.[1];
    return spec?.type === 'boolean' ? `${option} takes no value` : `${option} needs a value`;
  }
  return message.split('\n')[0];
}

/** Parses the command line; a mistake becomes a UsageError with one line to show. */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  try {
    return parseCli(argv);
  } catch (error) {
    throw new UsageError(explain(error));
  }
}

export function unknownCommand(command: string): UsageError {
  return new UsageError(`unknown command '${command}'${didYouMean(command, COMMANDS, 3)}`);
}
