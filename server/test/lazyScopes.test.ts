import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parsePython } from '../src/engine/parser';
import { PointIndex } from '../src/engine/points';
import type { SyntaxNode } from '../src/engine/types';
import { enclosingScopes } from '../src/engine/scopes';
import { ModuleModel } from '../src/semantic/model';
import { ScopeIndex, type Binding, type Scope } from '../src/semantic/scopes';
import { random } from '../../scripts/bench/stats';
import { REPO_ROOT, RULES_DIR } from './helpers';

/**
 * The module model builds a def's or class's scope only when something inside it is asked
 * about (semantic/scopes.ts). Every answer must equal the eager build's, whatever is asked
 * first: each identifier's scope chain with its bindings, each scope node's scope, the list of
 * all scopes.
 */

const SCOPE_NODE_TYPES = ['function_definition', 'class_definition', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'];

function describeScope(scope: Scope | undefined): string {
  if (!scope) return 'none';
  const bindings = [...scope.bindings].map(([name, list]) => `${name}=${list.map((b) => `${b.kind}@${b.offset}/${b.node.startIndex}/${b.value?.startIndex ?? ''}/${b.definition?.startIndex ?? ''}/${b.scope.start}`).join(',')}`);
  return `${scope.kind}:${scope.start}-${scope.end} [${bindings.join(' ')}] globals ${[...scope.globals].join(',')} nonlocals ${[...scope.nonlocals].join(',')}`;
}

function chain(scope: Scope): string[] {
  const found: string[] = [];
  for (let s: Scope | null = scope; s; s = s.parent) found.push(describeScope(s));
  return found;
}

/** The defs and classes whose range holds the node's (not exactly the node's), innermost first: what enclosingScopes answers from its index. */
function enclosingByRange(node: SyntaxNode, definitions: readonly SyntaxNode[]): number[] {
  const start = node.startIndex;
  const end = node.endIndex;
  return definitions
    .filter((d) => d.startIndex <= start && end <= d.endIndex && !(d.startIndex === start && d.endIndex === end))
    .sort((a, b) => b.startIndex - a.startIndex || a.endIndex - b.endIndex)
    .map((d) => d.id);
}

/** The innermost scope whose range holds the range and is not exactly it (the module otherwise): what scopeAround answers, by ranges alone. */
function innermostByRange(scopes: readonly Scope[], start: number, end: number): Scope {
  let found = scopes[0];
  for (const s of scopes) if (s.start <= start && end <= s.end && !(s.start === start && s.end === end) && s.end - s.start <= found.end - found.start) found = s;
  return found;
}

/** Python's name resolution, walked out from the scope on every question (the model remembers the outer part). */
function referenceLookup(name: string, offset: number, scope: Scope, module: Scope): Binding | undefined {
  let first = true;
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (!first && s.kind === 'class') continue;
    if (s.globals.has(name) && s.kind !== 'module') {
      s = module;
      first = false;
    }
    const bindings = s.bindings.get(name);
    if (bindings && bindings.length > 0) {
      if (!first) return bindings[bindings.length - 1];
      return bindings.filter((b) => b.offset <= offset).pop() ?? bindings[bindings.length - 1];
    }
    first = false;
  }
  return undefined;
}

function describeBinding(binding: Binding | undefined): string {
  return binding ? `${binding.name} ${binding.kind}@${binding.offset}/${binding.node.startIndex} in ${binding.scope.kind}:${binding.scope.start}` : 'unbound';
}

type Order = 'forward' | 'backward' | 'shuffled';

function ordered<T>(items: T[], order: Order, seed: number): T[] {
  if (order === 'backward') return items.reverse();
  if (order === 'shuffled') {
    const next = random(seed);
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
  }
  return items;
}

/**
 * Compares a lazy index with an eager one, asking about the nodes in the given order; each
 * answer with the ranges (scopeAround resumes from its last answer); enclosingScopes with the
 * ranges; and the model's bindingOf with Python's rules walked afresh (it remembers outer answers).
 */
function compare(code: string, label: string, order: Order): void {
  const tree = parsePython(code);
  const definitions = tree.rootNode.descendantsOfType(['function_definition', 'class_definition']);
  const textOf = (n: SyntaxNode): string => code.slice(n.startIndex, n.endIndex);
  const points = new PointIndex(code);
  const eager = new ScopeIndex(tree.rootNode, textOf, false);
  const lazy = new ScopeIndex(tree.rootNode, textOf, true, undefined, () => points);
  const model = new ModuleModel(tree.rootNode, code, () => points, true);
  const reference = new ScopeIndex(tree.rootNode, textOf, false);
  const referenceScopes = reference.all();
  const nodes = ordered(tree.rootNode.descendantsOfType(['identifier', ...SCOPE_NODE_TYPES]), order, code.length);
  for (const node of nodes) {
    const at = `${label}: ${node.type} ${JSON.stringify(textOf(node).slice(0, 30))} at ${node.startIndex}`;
    assert.deepEqual(chain(lazy.scopeAround(node.startIndex, node.endIndex)), chain(eager.scopeAround(node.startIndex, node.endIndex)), at);
    const around = innermostByRange(referenceScopes, node.startIndex, node.endIndex);
    assert.deepEqual(chain(eager.scopeAround(node.startIndex, node.endIndex)), chain(around), at);
    if (node.type === 'identifier') assert.equal(describeBinding(model.bindingOf(node)), describeBinding(referenceLookup(textOf(node), node.startIndex, around, reference.module)), at);
    if (node.type !== 'identifier') assert.equal(describeScope(lazy.scopeFor(node)), describeScope(eager.scopeFor(node)), at);
    assert.deepEqual([...enclosingScopes(node)].map((d) => d.id), enclosingByRange(node, definitions), at);
  }
  assert.deepEqual(lazy.all().map(describeScope), eager.all().map(describeScope), label);
}

const CASES: Record<string, string> = {
  'global in a method of a class': 'class A:\n    x = 1\n    def m(self):\n        global G\n        G = 2\n    def n(self):\n        y = G\n\nG = 0\nprint(G)\n',
  'global in a nested def': 'def outer():\n    def inner():\n        global H\n        H = 1\n    inner()\n\nH = 0\n',
  'global in a comment or string only': '# global state\ndef f():\n    "no global here"\n    x = 1\n',
  'walrus in a decorator comprehension': 'def deco(x):\n    return x\n\n@deco([(w := i) for i in range(3)])\ndef f(a=(lambda q: q)):\n    return w\n\nprint(w)\n',
  'walrus in a class body comprehension': 'class C:\n    items = [(v := i) for i in range(3)]\n    def m(self):\n        return v\n',
  'decorated class and lambda decorator': '@(lambda c: c)\nclass D(Base, metaclass=M):\n    @staticmethod\n    def s(x=[y for y in z]):\n        return x\n    z = 1\n',
  'defs in module-level blocks': 'import sys\nif sys.platform == "win32":\n    def run(cmd):\n        import subprocess as sp\n        return sp.call(cmd)\nelse:\n    class run:\n        pass\ntry:\n    from os import system\nexcept ImportError as err:\n    system = None\nfor k, v in items:\n    pass\nwith open(p) as fh:\n    data = fh.read()\n',
  'annotations and bare statements': 'x: int\ny: str = "a"\nfoo(bar)\n"""doc"""\nz += 1\ndel x\n',
  'nested classes and closures': 'class Outer:\n    class Inner:\n        def m(self):\n            def f():\n                nonlocal_q = 1\n                return lambda: nonlocal_q\n            return f\n    def n(self):\n        return [x for x in self.Inner().m()()()]\n',
  'one name bound many times, walrus first': `def f(y):\n${Array.from({ length: 40 }, (_, i) => `    x = (x := y + ${i}) + x; z = x\n    for x in x:\n        y = [x for x in x] + x\n`).join('')}    return x\n\n${'x = 1; '.repeat(60)}print(x)\n`,
  'redefinitions': 'def f():\n    return 1\nf = 2\nclass f:\n    pass\ndef f(a, *args, b: int = 3, **kw):\n    return a\n',
};

/** Typing that breaks code: an unmatched bracket, a dedent, a stray colon, half an assignment. */
const BREAKS = ['x', '(', ')', ':', '=', '\n', '  x', 'def', ' = ', '"', 'global G\n', 'lambda', '@'];

/** The code with a few seeded random insertions (most leave syntax errors). */
function broken(code: string, seed: number): string {
  const next = random(seed);
  let text = code;
  for (let i = 0; i < 3; i++) {
    const at = Math.floor(next() * (text.length + 1));
    text = text.slice(0, at) + BREAKS[Math.floor(next() * BREAKS.length)] + text.slice(at);
  }
  return text;
}

describe('lazy scopes', () => {
  it('answers as the eager build on crafted cases, in either order of questions', () => {
    for (const [label, code] of Object.entries(CASES)) {
      compare(code, label, 'forward');
      compare(code, label, 'backward');
      compare(code, label, 'shuffled');
    }
  });

  it('answers as the eager build on every rule fixture and example', () => {
    const files = [
      ...fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py')).map((f) => path.join(RULES_DIR, f)),
      ...fs.readdirSync(path.join(REPO_ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(REPO_ROOT, 'examples', f)),
    ];
    assert.ok(files.length > 40);
    for (const file of files) {
      const code = fs.readFileSync(file, 'utf8');
      compare(code, path.basename(file), (['forward', 'backward', 'shuffled'] as const)[file.length % 3]);
    }
  });

  it('answers as the eager build on broken code (syntax errors), over crafted cases and fixtures', () => {
    const sources = [...Object.values(CASES), ...fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py')).map((f) => fs.readFileSync(path.join(RULES_DIR, f), 'utf8'))];
    let withErrors = 0;
    sources.forEach((code, n) => {
      for (let seed = 1; seed <= 4; seed++) {
        const text = broken(code, n * 100 + seed);
        if (parsePython(text).rootNode.hasError) withErrors++;
        compare(text, `source ${n}, seed ${seed}`, (['forward', 'backward', 'shuffled'] as const)[seed % 3]);
      }
    });
    assert.ok(withErrors > sources.length, `only ${withErrors} broken variants have syntax errors`);
  });
});
