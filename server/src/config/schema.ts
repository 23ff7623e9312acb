import Ajv, { type ErrorObject } from 'ajv';
import { globProblem } from './exclude';
import type { RuleIds } from './ruleIds';
import { didYouMean } from './suggest';

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
    'threat-models': { type: 'array', maxItems: 3, uniqueItems: true, items: { enum: ['remote', 'local', 'parameters'] } },
    baseline: { type: 'string', minLength: 1, maxLength: 4096 },
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
  'threat-models'?: ('remote' | 'local' | 'parameters')[];
  /** The baseline file (relative to the pyproject.toml folder, the workspace folder or the working folder). */
  baseline?: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(CONFIG_SCHEMA);

export type ConfigKey = keyof RawConfig;
export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties) as ConfigKey[];

/** One validator per key, so one bad key can fall back alone. */
const KEY_VALIDATORS = new Map(CONFIG_KEYS.map((key) => [key, ajv.compile({ $defs: CONFIG_SCHEMA.$defs, ...CONFIG_SCHEMA.properties[key] })]));

const SELECTOR_KEYS: ReadonlySet<string> = new Set(['select', 'extend-select', 'ignore']);

export class ConfigError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: string[],
  ) {
    super(`${origin}: ${problems.join('; ')}`);
  }
}

/** One unusable configuration key: the key (as in pyproject.toml) and what is wrong with its value. */
export interface KeyProblem {
  key: string;
  message: string;
}

function describe(key: string, error: ErrorObject): string {
  const where = error.instancePath ? `item ${error.instancePath.slice(1).replace(/\//g, '.')}` : '';
  if (error.keyword === 'pattern' && SELECTOR_KEYS.has(key)) return `${where}: not a rule id or prefix (like DVR101 or DVR1)`.replace(/^: /, '');
  if (error.keyword === 'enum') return `${where ? `${where}: ` : ''}must be one of ${key === 'threat-models' ? 'remote, local, parameters' : 'high, medium, low'}`;
  return `${where ? `${where} ` : ''}${error.message ?? 'is invalid'}`;
}

/** What is wrong with one key's value, beyond the schema: unknown rules, unusable globs. */
function semanticProblems(key: ConfigKey, value: unknown, rules: RuleIds | undefined): string[] {
  const problems: string[] = [];
  if (SELECTOR_KEYS.has(key) && Array.isArray(value)) {
    for (const selector of value) {
      const problem = typeof selector === 'string' ? (rules ? rules.selectorProblem(selector) : undefined) : undefined;
      if (problem) problems.push(problem);
    }
  }
  if (key === 'severity' && value && typeof value === 'object' && rules) {
    for (const id of Object.keys(value)) {
      const problem = rules.idProblem(id);
      if (problem) problems.push(problem);
    }
  }
  if (key === 'exclude' && Array.isArray(value)) {
    value.forEach((glob, i) => {
      const problem = typeof glob === 'string' ? globProblem(glob) : undefined;
      if (problem) problems.push(`item ${i}: '${glob.length > 60 ? `${glob.slice(0, 57)}...` : glob}' ${problem}`);
    });
  }
  return problems;
}

/** The problems of one key's value (empty when it is usable). */
export function keyProblems(key: ConfigKey, value: unknown, rules?: RuleIds): string[] {
  const validate = KEY_VALIDATORS.get(key);
  if (!validate) return ['unknown key'];
  const semantic = semanticProblems(key, value, rules);
  if (validate(value)) return semantic;
  // A rule-id problem says more than the schema's pattern error for the same item.
  const schema = [...new Set((validate.errors ?? []).filter((e) => !(semantic.length > 0 && (e.keyword === 'pattern' || e.keyword === 'propertyNames'))).map((e) => describe(key, e)))];
  return [...schema, ...semantic];
}

/**
 * Validates configuration key by key: a bad key is left out (so it falls back to the layer
 * below or its default) and reported; the others apply. `rules`: the rule ids that exist.
 */
export function checkConfig(value: unknown, rules?: RuleIds): { config: RawConfig; problems: KeyProblem[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { config: {}, problems: [{ key: '', message: 'must be a table of settings' }] };
  const config: Record<string, unknown> = {};
  const problems: KeyProblem[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (!KEY_VALIDATORS.has(key as ConfigKey)) {
      problems.push({ key, message: `unknown key${didYouMean(key, CONFIG_KEYS) || ` (known keys: ${CONFIG_KEYS.join(', ')})`}` });
      continue;
    }
    const found = keyProblems(key as ConfigKey, item, rules);
    if (found.length > 0) problems.push(...found.map((message) => ({ key, message })));
    else config[key] = item;
  }
  return { config: config as RawConfig, problems };
}

/** Validates raw configuration as a whole; throws a ConfigError naming every problem. */
export function validateConfig(value: unknown, origin: string, rules?: RuleIds): RawConfig {
  const whole = validateSchema(value);
  const { config, problems } = checkConfig(value, rules);
  if (problems.length > 0 || !whole) throw new ConfigError(origin, problems.map((p) => (p.key ? `${p.key}: ${p.message}` : p.message)));
  return config;
}
