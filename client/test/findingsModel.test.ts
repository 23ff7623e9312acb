import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileFindings, FindingItem, FindingLevel } from '../../server/src/lsp/protocol';
import {
  entryDescription,
  findingAsText,
  FindingsStore,
  groupFindings,
  meetsMinSeverity,
  statusText,
  statusTooltip,
  type FindingGroup,
} from '../src/findingsModel';

function finding(ruleId: string, line: number, severity: FindingLevel, cwe: number[], character = 4): FindingItem {
  return {
    range: { start: { line, character }, end: { line, character: character + 5 } },
    ruleId,
    name: `${ruleId.toLowerCase()}-name`,
    title: `${ruleId} title`,
    severity,
    confidence: 'high',
    cwe,
    message: `${ruleId} at ${line + 1}`,
  };
}

const A = 'file:///ws/neutron/agent/l3/a.py';
const B = 'file:///ws/neutron/agent/b.py';
const C = 'file:///ws/zeta.py';
const label = (uri: string): string => uri.replace('file:///ws/', '');

function sampleStore(): FindingsStore {
  const store = new FindingsStore();
  store.update({ uri: C, origin: 'disk', findings: [finding('DVR301', 3, 'low', [396, 755])] });
  store.update({
    uri: A,
    origin: 'editor',
    version: 3,
    findings: [finding('DVR301', 20, 'low', [396, 755]), finding('DVR101', 4, 'high', [78]), finding('DVR101', 4, 'medium', [78], 2)],
  });
  store.update({ uri: B, origin: 'disk', findings: [finding('DVR801', 9, 'medium', []), finding('DVR102', 1, 'high', [88, 78])] });
  return store;
}

const shape = (groups: FindingGroup[]): [string, string[]][] =>
  groups.map((g) => [g.label, g.entries.map((e) => `${label(e.uri)}:${e.finding.range.start.line + 1}:${e.finding.range.start.character}:${e.finding.ruleId}`)]);

describe('findings model: store', () => {
  it('replaces a file on each notification and drops it when its findings are empty', () => {
    const store = sampleStore();
    assert.equal(store.counts().total, 6);
    store.update({ uri: A, origin: 'editor', findings: [finding('DVR101', 1, 'high', [78])] });
    assert.equal(store.counts().total, 4);
    store.update({ uri: A, origin: 'editor', findings: [] });
    assert.equal(store.counts().total, 3);
    assert.equal(store.fileCount, 2);
    assert.deepEqual(store.entries('low', A), []);
  });

  it('counts per severity for one file and for the workspace, honouring the minimum', () => {
    const store = sampleStore();
    assert.deepEqual(store.counts(), { high: 2, medium: 2, low: 2, total: 6 });
    assert.deepEqual(store.counts('medium'), { high: 2, medium: 2, low: 0, total: 4 });
    assert.deepEqual(store.counts('high', A), { high: 1, medium: 0, low: 0, total: 1 });
    assert.deepEqual(store.counts('low', 'file:///elsewhere.py'), { high: 0, medium: 0, low: 0, total: 0 });
  });

  it('keys files by the normalised uri, so two spellings of one file are one entry', () => {
    const store = new FindingsStore((uri) => uri.replace('%5B', '['));
    store.update({ uri: 'file:///ws/x%5B1].py', origin: 'disk', findings: [finding('DVR101', 0, 'high', [78])] });
    store.update({ uri: 'file:///ws/x[1].py', origin: 'editor', findings: [finding('DVR301', 2, 'low', [396])] });
    assert.equal(store.fileCount, 1);
    assert.deepEqual(
      store.entries('low', 'file:///ws/x%5B1].py').map((e) => e.finding.ruleId),
      ['DVR301'],
    );
  });

  it('replaceAll forgets files that are not in the new list', () => {
    const store = sampleStore();
    const only: FileFindings = { uri: B, origin: 'disk', findings: [finding('DVR801', 0, 'medium', [])] };
    store.replaceAll([only, { uri: C, origin: 'disk', findings: [] }]);
    assert.equal(store.fileCount, 1);
    assert.equal(store.counts().total, 1);
  });
});

describe('findings model: grouping and sorting', () => {
  it('groups by file: files by label, findings by line, column, rule', () => {
    const groups = groupFindings(sampleStore().entries(), 'file', label);
    assert.deepEqual(shape(groups), [
      ['neutron/agent/b.py', ['neutron/agent/b.py:2:4:DVR102', 'neutron/agent/b.py:10:4:DVR801']],
      ['neutron/agent/l3/a.py', ['neutron/agent/l3/a.py:5:2:DVR101', 'neutron/agent/l3/a.py:5:4:DVR101', 'neutron/agent/l3/a.py:21:4:DVR301']],
      ['zeta.py', ['zeta.py:4:4:DVR301']],
    ]);
    assert.deepEqual(
      groups.map((g) => g.id),
      [`file:${B}`, `file:${A}`, `file:${C}`],
    );
  });

  it('groups by severity: high, medium, low; findings by file then line', () => {
    const groups = groupFindings(sampleStore().entries(), 'severity', label);
    assert.deepEqual(shape(groups), [
      ['High severity', ['neutron/agent/b.py:2:4:DVR102', 'neutron/agent/l3/a.py:5:4:DVR101']],
      ['Medium severity', ['neutron/agent/b.py:10:4:DVR801', 'neutron/agent/l3/a.py:5:2:DVR101']],
      ['Low severity', ['neutron/agent/l3/a.py:21:4:DVR301', 'zeta.py:4:4:DVR301']],
    ]);
  });

  it('leaves out severity groups with no findings', () => {
    const groups = groupFindings(sampleStore().entries('medium'), 'severity', label);
    assert.deepEqual(
      groups.map((g) => g.key),
      ['high', 'medium'],
    );
  });

  it('groups by rule in id order, labelled with the rule name', () => {
    const groups = groupFindings(sampleStore().entries(), 'rule', label);
    assert.deepEqual(
      groups.map((g) => [g.label, g.entries.length]),
      [
        ['DVR101 dvr101-name', 2],
        ['DVR102 dvr102-name', 1],
        ['DVR301 dvr301-name', 2],
        ['DVR801 dvr801-name', 1],
      ],
    );
  });

  it('groups by CWE in numeric order; a finding appears under each of its CWEs, none under "No CWE" last', () => {
    const groups = groupFindings(sampleStore().entries(), 'cwe', label);
    assert.deepEqual(shape(groups), [
      ['CWE-78', ['neutron/agent/b.py:2:4:DVR102', 'neutron/agent/l3/a.py:5:2:DVR101', 'neutron/agent/l3/a.py:5:4:DVR101']],
      ['CWE-88', ['neutron/agent/b.py:2:4:DVR102']],
      ['CWE-396', ['neutron/agent/l3/a.py:21:4:DVR301', 'zeta.py:4:4:DVR301']],
      ['CWE-755', ['neutron/agent/l3/a.py:21:4:DVR301', 'zeta.py:4:4:DVR301']],
      ['No CWE', ['neutron/agent/b.py:10:4:DVR801']],
    ]);
  });

  it('returns no groups for no findings (the view then shows its welcome text)', () => {
    for (const by of ['file', 'severity', 'rule', 'cwe'] as const) assert.deepEqual(groupFindings([], by, label), []);
  });
});

describe('findings model: text', () => {
  const entry = { uri: A, origin: 'editor' as const, finding: finding('DVR101', 4, 'high', [78]) };

  it('describes an item by rule and line, with the file name outside file groups', () => {
    assert.equal(entryDescription(entry, 'file', 'a.py'), 'DVR101 · line 5');
    assert.equal(entryDescription(entry, 'rule', 'a.py'), 'DVR101 · a.py:5');
  });

  it('copies a finding as one compiler-style line with 1-based line and column', () => {
    assert.equal(findingAsText(entry, 'neutron/agent/l3/a.py'), 'neutron/agent/l3/a.py:5:5: DVR101 [severity high, confidence high] DVR101 at 5 (CWE-78)');
  });

  it('compares severities against the minimum', () => {
    assert.equal(meetsMinSeverity('low', 'medium'), false);
    assert.equal(meetsMinSeverity('medium', 'medium'), true);
    assert.equal(meetsMinSeverity('high', 'low'), true);
  });

  it('shows file and workspace counts in the status bar', () => {
    assert.equal(statusText(3, 27), '$(shield) 3 · 27');
    assert.equal(statusText(undefined, 27), '$(shield) 27');
    const tooltip = statusTooltip({ high: 1, medium: 0, low: 2, total: 3 }, { high: 1, medium: 4, low: 2, total: 7 }, 2, 'medium');
    assert.match(tooltip, /This file: 3 findings \(1 high, 2 low\)/);
    assert.match(tooltip, /Workspace: 7 findings \(1 high, 4 medium, 2 low\) in 2 files/);
    assert.match(tooltip, /severity medium and above/);
  });
});
