import type { Connection } from 'vscode-languageserver/node';
import { cweUrl } from '../engine/catalogue';
import type { RuleMeta } from '../engine/types';
import { RuleDocsRequest, type RuleDocsEntry } from './protocol';
import type { DvrHintsServer } from './server';

/** `[CWE-78](https://cwe.mitre.org/...)` links, comma-separated. */
export function cweLinks(cwe: readonly number[]): string {
  return cwe.map((n) => `[CWE-${n}](${cweUrl(n)})`).join(', ');
}

/** A rule's whole documentation page: heading, metadata, then the sections of rules/<ID>.md. */
export function ruleDocsMarkdown(meta: RuleMeta): string {
  const facts = [
    `| | |`,
    `|---|---|`,
    `| Rule | \`${meta.id}\` (${meta.name}) |`,
    `| Severity | ${meta.severity} |`,
    `| Confidence | ${meta.confidence} |`,
    `| CWE | ${cweLinks(meta.cwe)} |`,
    ...(meta.bandit.length > 0 ? [`| Bandit | ${meta.bandit.join(', ')} |`] : []),
    ...(meta.ruff.length > 0 ? [`| Ruff | ${meta.ruff.join(', ')} |`] : []),
    `| Enabled by default | ${meta.enabled ? 'yes' : 'no (opt in with extendSelect)'} |`,
  ];
  return `# ${meta.id}: ${meta.title}\n\n${facts.join('\n')}\n\n${meta.docs.markdown}\n`;
}

export function ruleDocsEntry(meta: RuleMeta): RuleDocsEntry {
  return {
    id: meta.id,
    name: meta.name,
    title: meta.title,
    severity: meta.severity,
    confidence: meta.confidence,
    cwe: meta.cwe,
    enabledByDefault: meta.enabled,
    markdown: ruleDocsMarkdown(meta),
  };
}

/** `dvrHints/ruleDocs`: one rule's documentation by id or name, or every rule's. */
export function registerRuleDocs(connection: Connection, server: DvrHintsServer): void {
  connection.onRequest(RuleDocsRequest, (params) => {
    const wanted = typeof params?.ruleId === 'string' ? params.ruleId.trim() : undefined;
    const metas = [...server.catalogue.values()].sort((a, b) => a.id.localeCompare(b.id));
    const chosen = wanted ? metas.filter((m) => m.id === wanted.toUpperCase() || m.name === wanted) : metas;
    return { rules: chosen.map(ruleDocsEntry) };
  });
}
