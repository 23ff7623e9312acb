/** Inline expectations in fixtures: `# expect: DVR101, DVR102(medium)` on the flagged line. */
export interface Expectation {
  line: number;
  ruleId: string;
  /** `(medium)`: the finding's confidence; `(severity:low)`: its severity. */
  confidence?: string;
  severity?: string;
}

const EXPECT = /#\s*expect:\s*([^#]*)/;
const ITEM = /^(DVR\d{3})(?:\((?:(severity):)?(high|medium|low)\))?$/;

export function parseExpectations(text: string): Expectation[] {
  const result: Expectation[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    const m = EXPECT.exec(lineText);
    if (!m) return;
    for (const raw of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
      const item = ITEM.exec(raw);
      if (!item) throw new Error(`line ${line + 1}: cannot read expectation '${raw}'`);
      result.push({ line, ruleId: item[1], ...(item[2] ? { severity: item[3] } : item[3] ? { confidence: item[3] } : {}) });
    }
  });
  return result;
}

/** `# fixture-path: neutron/tests/unit/x.py` on the first line sets the path the file is analysed as. */
export function fixturePath(text: string, fallback: string): string {
  const m = /^#\s*fixture-path:\s*(\S+)/.exec(text);
  return m ? m[1] : fallback;
}
