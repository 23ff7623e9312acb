import type { ScanResult } from '../scan/scan';

/** Machine-readable findings: positions are 1-based lines and UTF-16 columns, plus offsets. */
/** `baselined`: findings left out because the baseline has them (only with a baseline). */
export function formatJson(result: ScanResult, baselined?: number): string {
  const findings = result.files.flatMap((report) =>
    report.findings.map((f) => {
      const start = report.lineIndex.positionAt(f.start);
      const end = report.lineIndex.positionAt(f.end);
      return {
        file: report.file,
        ruleId: f.ruleId,
        severity: f.severity,
        confidence: f.confidence,
        message: f.message,
        start: { line: start.line + 1, column: start.character + 1, offset: f.start },
        end: { line: end.line + 1, column: end.character + 1, offset: f.end },
        related: f.related.map((r) => {
          // A step in another module (taint across modules) names its file.
          if (r.elsewhere) return { file: r.elsewhere.path, line: r.elsewhere.start.line + 1, column: r.elsewhere.start.character + 1, message: r.message };
          const p = report.lineIndex.positionAt(r.start);
          return { line: p.line + 1, column: p.character + 1, message: r.message };
        }),
        fixes: f.fixes.map((fix) => ({ title: fix.title, applicability: fix.applicability, edits: fix.edits })),
      };
    }),
  );
  return JSON.stringify({ findings, files: result.files.length, lines: result.lines, skipped: result.skipped, ...(baselined !== undefined ? { baselined } : {}) }, null, 2) + '\n';
}
