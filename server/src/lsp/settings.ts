import { ConfigError, validateConfig, type RawConfig } from '../config/schema';

/** The editor settings (`dvrHints.*`) as the client sends them. */
export interface EditorSettings {
  enable?: boolean;
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  severity?: Record<string, string>;
  minSeverity?: string;
  minConfidence?: string;
  exclude?: string[];
  taint?: { sources?: string[]; sinks?: string[]; sanitizers?: string[] };
  maxFileSize?: number;
  scanOnStartup?: boolean;
}

export interface ServerSettings {
  enable: boolean;
  config: RawConfig;
  scanOnStartup: boolean;
  maxFileSize: number;
}

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { enable: true, config: {}, scanOnStartup: false, maxFileSize: DEFAULT_MAX_FILE_SIZE };

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);

/**
 * Turns editor settings into the shared configuration shape and validates it. Empty
 * lists mean "not set" so that pyproject.toml still applies. In an untrusted workspace
 * the workspace-provided taint sources, sinks and sanitisers are dropped.
 */
export function readEditorSettings(value: unknown, trusted: boolean): ServerSettings {
  const s = (value && typeof value === 'object' ? value : {}) as EditorSettings;
  const severity = s.severity && Object.keys(s.severity).length > 0 ? s.severity : undefined;
  const candidate: Record<string, unknown> = {
    select: nonEmpty(s.select),
    'extend-select': nonEmpty(s.extendSelect),
    ignore: nonEmpty(s.ignore),
    exclude: nonEmpty(s.exclude),
    severity,
    'min-severity': s.minSeverity,
    'min-confidence': s.minConfidence,
    ...(trusted
      ? { 'taint-sources': nonEmpty(s.taint?.sources), 'taint-sinks': nonEmpty(s.taint?.sinks), 'taint-sanitizers': nonEmpty(s.taint?.sanitizers) }
      : {}),
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  const config = validateConfig(candidate, 'dvrHints settings');
  const maxFileSize = s.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (!Number.isInteger(maxFileSize) || maxFileSize < 1) throw new ConfigError('dvrHints settings', ['maxFileSize must be a positive whole number of bytes']);
  return { enable: s.enable !== false, config, scanOnStartup: s.scanOnStartup === true, maxFileSize };
}

/** A configuration without the taint keys a workspace may not set while untrusted. */
export function withoutWorkspaceTaint(config: RawConfig): RawConfig {
  const { 'taint-sources': _sources, 'taint-sinks': _sinks, 'taint-sanitizers': _sanitizers, ...rest } = config;
  return rest;
}
