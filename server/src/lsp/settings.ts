import { DEFAULT_MAX_FILE_SIZE, EDITOR_SETTING_NAMES, readLayer, withAbsoluteBaseline, type ConfigLayer, type SettingProblem } from '../config/resolver';
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
  threatModels?: string[];
  scanOnStartup?: boolean;
  baseline?: string;
  baselineMode?: string;
}

export interface ServerSettings {
  enable: boolean;
  /** The settings that apply (bad ones left out, so pyproject.toml or the default applies instead). */
  config: RawConfig;
  /** The settings left out, by their real names. */
  problems: SettingProblem[];
  scanOnStartup: boolean;
  /** Baselined findings: shown as hints, or not at all. */
  baselineMode: BaselineMode;
}

export type BaselineMode = 'hint' | 'hide';

export { DEFAULT_MAX_FILE_SIZE };

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { enable: true, config: {}, problems: [], scanOnStartup: false, baselineMode: 'hint' };

const nonEmpty = (list: unknown): unknown => (Array.isArray(list) && list.length === 0 ? undefined : list);

const editorName = (key: string): string => EDITOR_SETTING_NAMES[key as ConfigKey] ?? `dvrHints.${key}`;

/**
 * Turns editor settings into the shared configuration shape, validated setting by
 * setting: a bad one is reported by its name (`dvrHints.select`) and left out, the others
 * apply. Empty lists mean "not set" so that pyproject.toml still applies. In an untrusted
 * workspace the workspace-provided taint sources, sinks and sanitisers are dropped.
 * `folder`: the workspace folder the settings were read for (a relative `dvrHints.baseline`
 * is found from it).
 */
export function readEditorSettings(value: unknown, trusted: boolean, rules?: RuleIds, folder?: string): ServerSettings {
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
    'threat-models': nonEmpty(s.threatModels),
    baseline: s.baseline === '' ? undefined : s.baseline,
    ...(trusted ? { 'taint-sources': nonEmpty(taint.sources), 'taint-sinks': nonEmpty(taint.sinks), 'taint-sanitizers': nonEmpty(taint.sanitizers) } : {}),
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined || candidate[key] === null) delete candidate[key];
  const layer: ConfigLayer = readLayer(candidate, editorName, rules);
  const problems = [...layer.problems];
  let baselineMode: BaselineMode = 'hint';
  if (s.baselineMode === 'hide' || s.baselineMode === 'hint') baselineMode = s.baselineMode;
  else if (s.baselineMode !== undefined && s.baselineMode !== null) problems.push({ setting: 'dvrHints.baselineMode', message: `must be "hint" or "hide", not ${JSON.stringify(s.baselineMode)}` });
  const config = folder ? withAbsoluteBaseline(layer.config, folder) : layer.config;
  return { enable: s.enable !== false, config, problems, scanOnStartup: s.scanOnStartup === true, baselineMode };
}
