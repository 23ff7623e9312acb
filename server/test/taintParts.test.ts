import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallMatcher } from '../src/engine/callNames';
import { parsePython } from '../src/engine/parser';
import type { SyntaxNode } from '../src/engine/types';
import { FunctionTaint } from '../src/analysis/taint/flow';
import { Guards } from '../src/analysis/taint/guards';
import { BUILTIN_SANITISERS, PROPAGATING_METHODS } from '../src/analysis/taint/policy';
import { Definitions, Timeline } from '../src/analysis/taint/reaching';
import { joinValues, Taint, unionOf } from '../src/analysis/taint/value';
import { ModuleModel } from '../src/semantic/model';

const at = (start: number, message = 'm') => ({ start, end: start + 1, message });
const param = (name: string) => new Taint('parameter', at(0), name, false);
const attribute = (name: string) => new Taint('attribute', at(0), name, false);

describe('taint value and join', () => {
  it('prefers parameters over self attributes and keeps formatting', () => {
    const joined = unionOf([attribute('self.x'), param('p').asFormatted()]);
    assert.equal(joined?.name, 'p');
    assert.equal(joined?.formatted, true);
    assert.equal(unionOf([param('p'), attribute('self.x').asFormatted()])?.formatted, true);
    assert.equal(unionOf([undefined, undefined]), undefined);
  });

  it('joins branch values: taint wins, then unbound, then clean', () => {
    assert.equal(joinValues([null, param('p')])?.name, 'p');
    assert.equal(joinValues([null, undefined]), undefined);
    assert.equal(joinValues([null, null]), null);
  });

  it('records steps and caps long paths', () => {
    let t = param('p');
    for (let i = 0; i < 40; i++) t = t.withStep(at(i + 1, `step ${i}`));
    const steps = t.steps;
    assert.ok(steps.length < 40);
    assert.equal(steps[0].message, 'step 0');
    assert.equal(steps[steps.length - 1].message, 'step 39');
    assert.equal(param('port').readAs("port['name']").name, "port['name']");
  });
});

describe('reaching definitions', () => {
  it('finds the value in force at an offset', () => {
    const timeline = new Timeline();
    timeline.record('x', 10, param('a'));
    timeline.record('x', 20, null);
    assert.equal(timeline.lookup('x', 5), undefined);
    assert.equal((timeline.lookup('x', 15) as Taint).name, 'a');
    assert.equal(timeline.lookup('x', 25), null);
  });

  it('keeps plain assignments and list additions', () => {
    const tree = parsePython('cmd = ["ip"]\ncmd.append(dev)\n');
    const [list] = tree.rootNode.descendantsOfType('list');
    const [dev] = tree.rootNode.descendantsOfType('identifier').filter((i) => i.text === 'dev');
    const defs = new Definitions();
    defs.add('cmd', { value: list, statement: { start: 0, end: 12 }, target: { start: 0, end: 3 }, offset: 12 });
    defs.addElements('cmd', 28, [dev]);
    assert.equal(defs.before('cmd', 5), undefined);
    assert.equal(defs.before('cmd', 13)?.value.text, '["ip"]');
    assert.deepEqual(defs.additionsBetween('cmd', 12, 40).map((n) => n.text), ['dev']);
    assert.deepEqual(defs.additionsBetween('cmd', 12, 20), []);
  });
});

describe('policy tables', () => {
  it('name the usual sanitisers and propagating methods', () => {
    assert.ok(BUILTIN_SANITISERS.has('shlex.quote') && BUILTIN_SANITISERS.has('int'));
    assert.ok(PROPAGATING_METHODS.has('format') && !PROPAGATING_METHODS.has('append'));
  });
});

function parseModel(code: string): ModuleModel {
  return new ModuleModel(parsePython(code).rootNode, code);
}

describe('guards', () => {
  const guardsFor = (code: string, sanitizers: string[] = []): { guards: Guards; condition: SyntaxNode } => {
    const model = parseModel(code);
    const textOf = (n: SyntaxNode): string => code.slice(n.startIndex, n.endIndex);
    const condition = model.root.descendantsOfType('if_statement')[0].childForFieldName('condition') as SyntaxNode;
    return { guards: new Guards(textOf, new CallMatcher(sanitizers), model), condition };
  };

  it('proves membership in constant collections and validator calls', () => {
    const a = guardsFor('if name in ("a", "b") and uuidutils.is_uuid_like(dev):\n    pass\n');
    assert.deepEqual(a.guards.facts(a.condition, true, 0), ['name', 'dev']);
    assert.deepEqual(a.guards.facts(a.condition, false, 0), []);
    const b = guardsFor('if not name.isdigit():\n    raise ValueError()\n');
    assert.deepEqual(b.guards.facts(b.condition, false, 0), ['name']);
    const c = guardsFor('from myvalidators import check as ok\nif ok(name):\n    pass\n', ['myvalidators.check']);
    assert.deepEqual(c.guards.facts(c.condition, true, 0), ['name'], 'configured sanitiser reached through an import alias');
    const d = guardsFor('if name in allowed:\n    pass\n');
    assert.deepEqual(d.guards.facts(d.condition, true, 0), [], 'a variable collection proves nothing');
  });
});

describe('evaluator and flow', () => {
  const analyse = (code: string, sources: string[] = []): { taint: FunctionTaint; model: ModuleModel } => {
    const model = parseModel(code);
    const fn = model.root.descendantsOfType('function_definition')[0] ?? null;
    const textOf = (n: SyntaxNode): string => code.slice(n.startIndex, n.endIndex);
    return { model, taint: new FunctionTaint(fn, model.root, textOf, { sources: new CallMatcher(sources), sanitizers: new CallMatcher([]), model, threatModels: new Set(['parameters', 'remote', 'local'] as const), ids: 'clean' }) };
  };
  const argOf = (model: ModuleModel, callee: string): SyntaxNode => {
    const call = model.root.descendantsOfType('call').find((c) => c.childForFieldName('function')?.text === callee) as SyntaxNode;
    return call.childForFieldName('arguments')?.namedChildren[0] as SyntaxNode;
  };

  it('joins branches: a value cleaned on one path only stays tainted', () => {
    const { taint, model } = analyse('def f(x, flag):\n    if flag:\n        x = int(x)\n    run(x)\n    y = int(x)\n    run2(y)\n');
    assert.equal(taint.taintOf(argOf(model, 'run'))?.name, 'x');
    assert.equal(taint.taintOf(argOf(model, 'run2')), undefined);
  });

  it('follows formatting and marks it', () => {
    const { taint, model } = analyse('def f(name):\n    cmd = "ip link set %s up" % name\n    run(cmd)\n');
    const t = taint.taintOf(argOf(model, 'run'));
    assert.equal(t?.formatted, true);
    assert.deepEqual(t?.steps.map((s) => s.message), ['formatted into a string', "flows into 'cmd'"]);
  });

  it('sees configured sources through import aliases', () => {
    const { taint, model } = analyse('from myrpc import get_payload as fetch\ndef f():\n    run(fetch())\n', ['myrpc.get_payload']);
    assert.equal(taint.taintOf(argOf(model, 'run'))?.origin, 'configured');
  });
});
