import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IdleCollector } from '../src/lsp/idleCollector';
import { OpenDocument } from '../src/lsp/document';
import { TREES_KEPT, TreeBudget } from '../src/lsp/treeBudget';
import { LspSession } from './lspHarness';

const SHELL = (i: number): string => ['import os', '', `def flush_${i}(ns_name):`, "    os.system('ip netns exec %s conntrack -F' % ns_name)", ''].join('\n');

describe('tree budget: only the recently analysed documents keep their trees', () => {
  it('lets the least recently used trees go beyond the limit, and a released document parses and analyses in full again', () => {
    const budget = new TreeBudget(2);
    const documents = [0, 1, 2].map((i) => new OpenDocument(`file:///d${i}.py`, 1, SHELL(i), 'python'));
    for (const d of documents) d.currentTree();
    assert.equal(budget.used(documents[0]), 0);
    assert.equal(budget.used(documents[1]), 0);
    // Using the first again makes the second the least recent.
    assert.equal(budget.used(documents[0]), 0);
    assert.equal(budget.used(documents[2]), 1);
    assert.deepEqual(documents.map((d) => d.hasTree), [true, false, true]);
    assert.equal(budget.size, 2);
    // The released document's next analysis cannot compare structures: its changes say so.
    assert.deepEqual(documents[1].takeChanges(), [{ kind: 'replaced' }]);
    assert.ok(documents[1].currentTree().rootNode.descendantsOfType('call').length > 0);
    budget.forget(documents[0]);
    assert.equal(budget.size, 1);
  });
});

describe('idle collector', () => {
  it('collects at once after a batch of released trees, and after a quiet moment for fewer', async () => {
    let collected = 0;
    const collector = new IdleCollector(() => collected++, 30, 4);
    collector.released(0);
    assert.equal(collector.waiting, false, 'nothing released, nothing to collect');
    collector.released(4);
    assert.equal(collected, 1, 'a full batch is collected at once');
    collector.released(1);
    assert.equal(collected, 1);
    assert.equal(collector.waiting, true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(collected, 2, 'collected once quiet');
    assert.equal(collector.waiting, false);
    collector.dispose();
  });
});

describe('language server with more open documents than trees kept', () => {
  let session: LspSession;
  const count = TREES_KEPT + 4;
  const uri = (i: number): string => `file:///budget/m${i}.py`;
  before(async () => {
    session = await LspSession.start({ debug: true });
  });
  after(async () => {
    await session.stop();
  });

  it('keeps the trees of the recent ones only, and an edit of an old one still gets exact diagnostics', async () => {
    for (let i = 0; i < count; i++) {
      await session.open(uri(i), SHELL(i));
      await session.waitForDiagnostics(uri(i), 1);
    }
    const kept = await Promise.all([0, count - 1].map(async (i) => (await session.debugDocument(uri(i)))?.hasTree));
    assert.deepEqual(kept, [false, true]);
    // Edit the oldest (tree released): a second shell call in the same function.
    await session.change(uri(0), 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: "    os.system('ip link del %s' % ns_name)\n" }]);
    const published = await session.waitForDiagnostics(uri(0), 2);
    const lines = published.diagnostics.filter((d) => d.code === 'DVR101').map((d) => d.range.start.line);
    const before = (session.diagnostics.get(uri(0)) ?? []).find((p) => p.version === 1)?.diagnostics.filter((d) => d.code === 'DVR101').map((d) => d.range.start.line);
    assert.deepEqual(before, [3]);
    assert.deepEqual(lines, [3, 4]);
    assert.equal((await session.debugDocument(uri(0)))?.hasTree, true, 'analysed again: it keeps its tree');
  });
});
