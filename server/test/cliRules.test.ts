import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, EXIT_CLEAN, type CliIo } from '../src/cli/main';
import { allRules } from './helpers';

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false };
  const code = runCli(argv, io);
  return { code, stdout, stderr };
}

describe('dvr-hints rules', () => {
  it('lists every implemented rule with its name and CWE ids', () => {
    const { code, stdout, stderr } = run(['rules']);
    assert.equal(code, EXIT_CLEAN);
    assert.equal(stderr, '');
    const lines = stdout.trimEnd().split('\n');
    for (const { meta } of allRules()) {
      const line = lines.find((l) => l.startsWith(`${meta.id} `));
      assert.ok(line, `${meta.id} is missing from 'dvr-hints rules'`);
      assert.ok(line.includes(meta.name), `${meta.id}: name '${meta.name}' not shown`);
      for (const cwe of meta.cwe) assert.match(line, new RegExp(`\\bCWE-${cwe}\\b`), `${meta.id}: CWE-${cwe} not shown`);
    }
    assert.equal(lines.filter((l) => /^DVR\d{3}\b/.test(l)).length, allRules().length, 'one line per rule, no others');
  });

  it('lists the same rules and CWE ids as JSON', () => {
    const { code, stdout } = run(['rules', '--format', 'json']);
    assert.equal(code, EXIT_CLEAN);
    const listed = JSON.parse(stdout) as { id: string; cwe: number[] }[];
    const expected = allRules()
      .map((r) => ({ id: r.meta.id, cwe: r.meta.cwe }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(listed.map(({ id, cwe }) => ({ id, cwe })), expected);
  });
});
