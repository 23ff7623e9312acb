import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileFindings, FindingItem, FindingLevel } from '../../server/src/lsp/protocol';
import { editorLevel } from '../../server/src/lsp/levels';
import { describeFixes, fixAllMessage } from '../../server/src/fixes/fixSummary';
import {
  describeFilter,
  entryDescription,
  entryLabel,
  findingAsText,
  EXPAND_AT_MOST,
  FindingsStore,
  groupFindings,
  groupItemId,
  groupsStartExpanded,
  isFiltering,
  meetsMinSeverity,
  NO_FILTER,
  statusText,
  statusTooltip,
  type FindingGroup,
} from '../src/findingsModel';

function finding(ruleId: string, line: number, severity: FindingLevel, cwe: number[], character = 4, confidence: FindingLevel = 'high'): FindingItem {
  return {
    range: { start: { line, character }, end: { line, character: character + 5 } },
    ruleId,
    name: `${ruleId.toLowerCase()}-name`,
    title: `${ruleId} title`,
    severity,
    confidence,
    cwe,
    message: `${ruleId} at ${line + 1}`,
    fixable: ruleId === 'DVR801',
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

  it('counts by editor level for one file and for the workspace', () => {
    const store = sampleStore();
    assert.deepEqual(store.counts(), { error: 2, warning: 2, information: 2, total: 6 });
    assert.deepEqual(store.counts(A), { error: 1, warning: 1, information: 1, total: 3 });
    assert.deepEqual(store.counts('file:///elsewhere.py'), { error: 0, warning: 0, information: 0, total: 0 });
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
  it('groups by file: files with high findings first, then by label; in a file high first, then by position', () => {
    const groups = groupFindings(sampleStore().entries(), 'file', label);
    assert.deepEqual(shape(groups), [
      ['neutron/agent/b.py', ['neutron/agent/b.py:2:4:DVR102', 'neutron/agent/b.py:10:4:DVR801']],
      ['neutron/agent/l3/a.py', ['neutron/agent/l3/a.py:5:4:DVR101', 'neutron/agent/l3/a.py:5:2:DVR101', 'neutron/agent/l3/a.py:21:4:DVR301']],
      ['zeta.py', ['zeta.py:4:4:DVR301']],
    ]);
    assert.deepEqual(
      groups.map((g) => g.id),
      [`file:${B}`, `file:${A}`, `file:${C}`],
    );
    const lowFirst = new FindingsStore();
    lowFirst.update({ uri: 'file:///ws/a.py', origin: 'disk', findings: [finding('DVR302', 1, 'low', []), finding('DVR302', 2, 'low', [])] });
    lowFirst.update({ uri: 'file:///ws/z.py', origin: 'disk', findings: [finding('DVR302', 1, 'low', []), finding('DVR101', 90, 'high', [78])] });
    assert.deepEqual(
      shape(groupFindings(lowFirst.entries(), 'file', label)).map(([l, e]) => [l, e[0]]),
      [
        ['z.py', 'z.py:91:4:DVR101'],
        ['a.py', 'a.py:2:4:DVR302'],
      ],
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

  it('groups by CWE in numeric order, named; a finding appears once, under its primary CWE; none under "No CWE" last', () => {
    const groups = groupFindings(sampleStore().entries(), 'cwe', label);
    assert.deepEqual(shape(groups), [
      ['CWE-78 OS Command Injection', ['neutron/agent/l3/a.py:5:4:DVR101', 'neutron/agent/l3/a.py:5:2:DVR101']],
      ['CWE-88 Argument Injection', ['neutron/agent/b.py:2:4:DVR102']],
      ['CWE-396 Declaration of Catch for Generic Exception', ['neutron/agent/l3/a.py:21:4:DVR301', 'zeta.py:4:4:DVR301']],
      ['No CWE', ['neutron/agent/b.py:10:4:DVR801']],
    ]);
    const listed = groups.flatMap((g) => g.entries);
    assert.equal(listed.length, sampleStore().entries().length, 'one entry per finding');
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

  it('shows file and workspace counts in the status bar, at the levels the Problems panel shows', () => {
    assert.equal(statusText(3, 27), '$(shield) 3 · 27');
    assert.equal(statusText(undefined, 27), '$(shield) 27');
    const tooltip = statusTooltip({ error: 1, warning: 0, information: 2, total: 3 }, { error: 1, warning: 4, information: 2, total: 7 }, 2);
    assert.match(tooltip, /This file: 3 findings \(1 error, 2 info\)/);
    assert.match(tooltip, /Workspace: 7 findings \(1 error, 4 warnings, 2 info\) in 2 files/);
  });

  it('labels a finding with its rule and line first, so a cut-off message hides neither', () => {
    assert.equal(entryLabel(entry, 'file', 'a.py'), 'DVR101 · line 5  DVR101 at 5');
    assert.equal(entryLabel(entry, 'cwe', 'a.py'), 'DVR101 · a.py:5  DVR101 at 5');
  });
});

describe('findings model: one severity-to-editor mapping', () => {
  it('maps every finding to error, warning or information, never to a hidden hint', () => {
    const levels: FindingLevel[] = ['high', 'medium', 'low'];
    for (const s of levels) for (const c of levels) assert.ok(['error', 'warning', 'information'].includes(editorLevel(s, c)), `${s}/${c}`);
    assert.equal(editorLevel('high', 'high'), 'error');
    assert.equal(editorLevel('high', 'low'), 'warning');
    assert.equal(editorLevel('medium', 'medium'), 'warning');
    assert.equal(editorLevel('low', 'low'), 'information', 'low/low is visible in the Problems panel');
  });

  it('counts every finding whatever the view filter, as the Problems panel does', () => {
    const store = new FindingsStore();
    store.update({ uri: A, origin: 'editor', findings: [finding('DVR101', 1, 'high', [78]), finding('DVR302', 2, 'low', [], 4, 'low'), finding('DVR101', 3, 'high', [78], 4, 'low')] });
    assert.deepEqual(store.counts(), { error: 1, warning: 1, information: 1, total: 3 });
    assert.deepEqual(store.counts(A), store.counts());
  });
});

describe('findings model: the view filter', () => {
  const store = sampleStore();
  it('filters by minimum severity, by words in rule, message, file or CWE name, and by file', () => {
    const keys = (filter: Parameters<FindingsStore['filtered']>[0]): string[] => store.filtered(filter, label).map((e) => `${label(e.uri)}:${e.finding.ruleId}`).sort();
    assert.equal(keys(NO_FILTER).length, 6);
    assert.deepEqual(keys({ ...NO_FILTER, minSeverity: 'high' }), ['neutron/agent/b.py:DVR102', 'neutron/agent/l3/a.py:DVR101']);
    assert.deepEqual(keys({ ...NO_FILTER, text: 'command injection' }), ['neutron/agent/b.py:DVR102', 'neutron/agent/l3/a.py:DVR101', 'neutron/agent/l3/a.py:DVR101']);
    assert.deepEqual(keys({ ...NO_FILTER, text: 'dvr301 zeta' }), ['zeta.py:DVR301']);
    assert.deepEqual(keys({ ...NO_FILTER, fileUri: B }), ['neutron/agent/b.py:DVR102', 'neutron/agent/b.py:DVR801']);
    assert.deepEqual(keys({ ...NO_FILTER, fileUri: 'file:///nowhere.py' }), []);
  });

  it('describes the active filter for the view title', () => {
    assert.equal(describeFilter(NO_FILTER), undefined);
    assert.equal(isFiltering(NO_FILTER), false);
    assert.equal(describeFilter({ minSeverity: 'medium', text: ' iptables ', fileUri: A }), 'severity ≥ medium · "iptables" · current file');
  });
});

describe('findings model: groups expanded or collapsed', () => {
  it('collapses groups above the limit, expands them once a filter leaves few findings or one group', () => {
    assert.equal(groupsStartExpanded(EXPAND_AT_MOST + 1, 12), false);
    assert.equal(groupsStartExpanded(3, 2), true, 'a text filter leaving 3 of 400 findings');
    assert.equal(groupsStartExpanded(400, 1), true, 'the current file only: one file group');
  });

  it('gives a group row another id in the other starting state, so VS Code does not keep it collapsed', () => {
    const id = 'cwe:78';
    assert.notEqual(groupItemId(id, true), groupItemId(id, false));
    assert.equal(groupItemId(id, true), groupItemId(id, true));
    // A finding's row id starts with its group's id (findingsView.ts): both states stay apart from every other group.
    assert.notEqual(groupItemId('cwe:7', false), groupItemId('cwe:78', true));
  });
});

describe('fix summaries', () => {
  it('say how many problems were fixed where, by rule', () => {
    assert.equal(describeFixes(3, 2, { DVR403: 1, DVR801: 2 }), 'Fixed 3 problems in 2 files (DVR801 ×2, DVR403).');
    assert.equal(describeFixes(0, 0, {}), 'Nothing to fix.');
    assert.equal(fixAllMessage(1, { DVR801: 1 }, 2, 'a.py'), 'Fixed 1 problem in a.py (DVR801). 2 findings have no automatic safe fix (see the quick fixes).');
    assert.equal(fixAllMessage(0, {}, 0, 'a.py'), 'Nothing to fix in a.py.');
  });
});
