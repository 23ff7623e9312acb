import type { LineIndex } from '../../server/src/engine/lineIndex';
import type { Finding } from '../../server/src/engine/types';
import { fingerprintFile } from './fingerprint';
import type { CorpusFinding } from './precision';

/** One file's findings (in document order) as corpus findings: 1-based line, source line, fingerprint. */
export function locateFindings(pkg: string, filePath: string, lineIndex: LineIndex, findings: readonly Finding[]): CorpusFinding[] {
  const located = findings.map((f) => {
    const line = lineIndex.lineOf(f.start);
    return { f, line, statement: lineIndex.lineText(line) };
  });
  const prints = fingerprintFile(located.map(({ f, statement }) => ({ rule: f.ruleId, statement })));
  return located.map(({ f, line, statement }, i) => ({
    package: pkg,
    path: filePath,
    rule: f.ruleId,
    line: line + 1,
    confidence: f.confidence,
    message: f.message,
    statement,
    fingerprint: prints[i],
  }));
}
