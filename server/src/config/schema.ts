import Ajv, { type ErrorObject } from 'ajv';
import { globProblem } from './exclude';

/**
 * The one schema for user configuration, whether it comes from `[tool.dvr-hints]` in
 * pyproject.toml (kebab-case keys) or from editor settings (normalised to the same keys).
 */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    select: { type: 'array', maxItems: 1000, items: { $ref: '#/$defs/selector' } },
    'extend-select': { type: 'array', maxItems: 1000, items: { $ref: '#/$defs/selector' } },
    ignore: { type: 'array', maxItems: 1000, items: { $ref: '#/$defs/selector' } },
    exclude: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 500 } },
    severity: {
      type: 'object',
      maxProperties: 1000,
      propertyNames: { pattern: '^DVR[0-9]{3}$' },
      additionalProperties: { $ref: '#/$defs/level' },
    },
    'min-severity': { $ref: '#/$defs/level' },
    'min-confidence': { $ref: '#/$defs/level' },
    'taint-sources': { $ref: '#/$defs/names' },
    'taint-sinks': { $ref: '#/$defs/names' },
    'taint-sanitizers': { $ref: '#/$defs/names' },
    'max-file-size': { type: 'integer', minimum: 1 },
  },
  $defs: {
    selector: { type: 'string', pattern: '^(ALL|DVR[0-9]{0,3})$' },
    level: { enum: ['high', 'medium', 'low'] },
    names: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_*][A-Za-z0-9_*]*)*$', maxLength: 200 },
    },
  },
} as const;

export type Level = 'high' | 'medium' | 'low';

export interface RawConfig {
  select?: string[];
  'extend-select'?: string[];
  ignore?: string[];
  exclude?: string[];
  severity?: Record<string, Level>;
  'min-severity'?: Level;
  'min-confidence'?: Level;
  'taint-sources'?: string[];
  'taint-sinks'?: string[];
  'taint-sanitizers'?: string[];
  'max-file-size'?: number;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(CONFIG_SCHEMA);

export class ConfigError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[],
  ) {
    super(`${origin}: ${problems.join('; ')}`);
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (error.keyword === 'additionalProperties') return `unknown key '${String(error.params.additionalProperty)}'`;
  if (error.keyword === 'pattern' && /selector|select|ignore/.test(error.schemaPath + where)) return `${where}: not a rule id or prefix (like DVR101 or DVR1)`;
  if (error.keyword === 'enum') return `${where}: must be one of high, medium, low`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Validates raw configuration; throws a ConfigError naming every problem. */
export function validateConfig(value: unknown, origin: string): RawConfig {
  const problems = validateSchema(value) ? [] : [...new Set((validateSchema.errors ?? []).map(describe))];
  const exclude = (value as { exclude?: unknown } | null)?.exclude;
  if (Array.isArray(exclude)) {
    exclude.forEach((glob, i) => {
      const problem = typeof glob === 'string' ? globProblem(glob) : undefined;
      if (problem) problems.push(`exclude.${i}: '${glob.length > 60 ? `${glob.slice(0, 57)}...` : glob}' ${problem}`);
    });
  }
  if (problems.length > 0) throw new ConfigError(origin, problems);
  return value as RawConfig;
}
