import { DEFAULT_MAX_FILE_SIZE, EDITOR_SETTING_NAMES, readLayer, type ConfigLayer, type SettingProblem } from '../config/resolver';
import type { RuleIds } from '../config/ruleIds';
import type { ConfigKey, RawConfig } from '../config/schema';

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
  /** The settings that apply (bad ones left out, so pyproject.toml or the default applies instead). */
  config: RawConfig;
  /** The settings left out, by their real names. */
  problems: SettingProblem[];
  scanOnStartup: boolean;
}

export { DEFAULT_MAX_FILE_SIZE };

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { enable: true, config: {}, problems: [], scanOnStartup: false };

const nonEmpty = (list: unknown): unknown => (Array.isArray(list) && list.length === 0 ? undefined : list);

const editorName = (key: string): string => EDITOR_SETTING_NAMES[key as ConfigKey] ?? `dvrHints.${key}`;

/**
 * Turns editor settings into the shared configuration shape, validated setting by
 * setting: a bad one is reported by its name (`dvrHints.select`) and left out, the others
 * apply. Empty lists mean "not set" so that pyproject.toml still applies. In an untrusted
 * workspace the workspace-provided taint sources, sinks and sanitisers are dropped.
 */
export function readEditorSettings(value: unknown, trusted: boolean, rules?: RuleIds): ServerSettings {
  const s = (value && typeof value === 'object' ? value : {}) as EditorSettings;
  const taint = (s.taint && typeof s.taint === 'object' ? s.taint : {}) as NonNullable<EditorSettings['taint']>;
  const severity = s.severity && typeof s.severity === 'object' && Object.keys(s.severity).length === 0 ? undefined : s.severity;
  const candidate: Record<string, unknown> = {
    select: nonEmpty(s.select),
    'extend-select': nonEmpty(s.extendSelect),
    ignore: nonEmpty(s.ignore),
    exclude: nonEmpty(s.exclude),
    severity,
    'min-severity': s.minSeverity,
    'min-confidence': s.minConfidence,
    'max-file-size': s.maxFileSize,
    ...(trusted ? { 'taint-sources': nonEmpty(taint.sources), 'taint-sinks': nonEmpty(taint.sinks), 'taint-sanitizers': nonEmpty(taint.sanitizers) } : {}),
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined || candidate[key] === null) delete candidate[key];
  const layer: ConfigLayer = readLayer(candidate, editorName, rules);
  return { enable: s.enable !== false, config: layer.config, problems: layer.problems, scanOnStartup: s.scanOnStartup === true };
}
