import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../engine/options';
import { DEFAULT_THREAT_MODELS } from '../engine/types';
import type { RawConfig } from './schema';

/** Layers configuration: later layers win key by key (pyproject, then editor settings or CLI flags). */
export function mergeConfig(...layers: (RawConfig | undefined)[]): RawConfig {
  const merged: RawConfig = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as [keyof RawConfig, unknown][]) {
      if (value === undefined) continue;
      if (key === 'severity') merged.severity = { ...merged.severity, ...(value as Record<string, 'high' | 'medium' | 'low'>) };
      else (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

export function toLintOptions(config: RawConfig): LintOptions {
  return {
    ...DEFAULT_LINT_OPTIONS,
    select: config.select,
    extendSelect: config['extend-select'] ?? [],
    ignore: config.ignore ?? [],
    severity: config.severity ?? {},
    minSeverity: config['min-severity'] ?? 'low',
    minConfidence: config['min-confidence'] ?? 'low',
    analysis: {
      taint: {
        sources: config['taint-sources'] ?? [],
        sinks: config['taint-sinks'] ?? [],
        sanitizers: config['taint-sanitizers'] ?? [],
      },
      threatModels: config['threat-models'] ?? DEFAULT_THREAT_MODELS,
    },
  };
}
