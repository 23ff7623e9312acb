import assert from 'node:assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { formatJson } from '../src/cli/jsonFormat';
import { toSarif } from '../src/cli/sarif';
import type { Finding } from '../src/engine/types';
import { scan, type ScanResult } from '../src/scan/scan';
import { allRules } from './helpers';
import { twoModuleProject } from './interprocProject';

/**
 * Taint across modules in the CLI: the first phase summarises every file's functions, the
 * second analyses each file with the workspace's summaries, on this thread or on workers.
 */

function scanProject(dir: string, jobs: number): ScanResult {
  return scan({ paths: [dir], overrides: { select: ['ALL'], 'taint-sources': ['read_untrusted'] }, rules: allRules(), isolated: true, jobs });
}

function entryFindings(result: ScanResult, file: string): Finding[] {
  const report = result.files.find((r) => path.basename(r.file) === file);
  return (report?.findings ?? []).filter((f) => f.related.some((r) => r.message.startsWith('configured source')));
}

describe('taint across modules in the CLI', () => {
  it('reports the caller of another module helper, with the steps in the helper module', () => {
    const dir = twoModuleProject();
    const result = scanProject(dir, 0);
    const found = entryFindings(result, 'ns_exec.py');
    assert.deepEqual(found.map((f) => f.ruleId), ['DVR101', 'DVR101']);
    const first = found[0];
    assert.match(first.message, /through netns_utils\.exec_in_namespace\(\)/);
    const inHelper = first.related.filter((r) => r.elsewhere);
    assert.ok(inHelper.length >= 3, 'the steps inside the helper module are part of the path');
    assert.ok(inHelper.every((r) => r.elsewhere?.path === path.join(dir, 'netns_utils.py')));
    const sink = first.related[first.related.length - 1];
    assert.equal(sink.message, 'runs through a shell in subprocess.call()');
    assert.deepEqual(sink.elsewhere?.start, { line: 4, character: 11 });
  });

  it('gives the same findings on worker threads', () => {
    const dir = twoModuleProject();
    const here = scanProject(dir, 0);
    const workers = scanProject(dir, 2);
    const findings = (r: ScanResult): unknown => r.files.map((f) => [path.basename(f.file), f.findings]).sort();
    assert.deepEqual(findings(workers), findings(here));
  });

  it('writes the path across files as a SARIF codeFlow and in JSON', () => {
    const dir = twoModuleProject();
    const result = scanProject(dir, 0);
    const sarif = toSarif(result, allRules().map((r) => r.meta), '0.0.0', dir);
    const entry = sarif.runs[0].results?.find((r) => r.message.text?.includes('through netns_utils.exec_in_namespace'));
    const flow = entry?.codeFlows?.[0].threadFlows[0].locations ?? [];
    const files = flow.map((l) => l.location?.physicalLocation?.artifactLocation?.uri);
    assert.ok(files.includes('ns_exec.py') && files.includes('netns_utils.py'), `codeFlow files: ${files.join(', ')}`);
    const last = flow[flow.length - 1].location?.physicalLocation;
    assert.equal(last?.artifactLocation?.uri, 'netns_utils.py');
    assert.equal(last?.region?.startLine, 5);
    const json = JSON.parse(formatJson(result)) as { findings: { message: string; related: { file?: string; line: number }[] }[] };
    const viaJson = json.findings.find((f) => f.message.includes('through netns_utils.exec_in_namespace'));
    assert.ok(viaJson?.related.some((r) => r.file === path.join(dir, 'netns_utils.py') && r.line === 5));
  });
});
