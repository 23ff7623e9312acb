import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parsePython } from '../src/engine/parser';
import { enclosingClass, enclosingFunction } from '../src/engine/python';
import type { SyntaxNode } from '../src/engine/types';
import { RULES_DIR } from './helpers';

/** The range-based scope lookup must agree with walking `node.parent` (what it replaced). */
function byParents(node: SyntaxNode, stopAtClass: boolean, want: string): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === want) return p;
    if (stopAtClass && p.type === 'class_definition') return null;
  }
  return null;
}

const SAMPLE = `
import os

def outer(a):
    def inner(b):
        return os.system(b)
    class Local:
        x = os.getenv("X")
        def method(self, c):
            lambda d: os.popen(d)
            return [os.system(e) for e in c]
    return inner(a)

class Top:
    @decorator
    def decorated(self):
        pass
    attr = call()

    class Nested:
        def deep(self):
            if True:
                def deeper():
                    call()
module_level()
def broken(:
    call(
`;

/** A few files of the machine's Python standard library, when there is one. */
function stdlibSample(): string[] {
  try {
    const dir = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return ['typing.py', 'argparse.py', 'dataclasses.py', 'subprocess.py', 'inspect.py', 'ast.py', 'functools.py', 'asyncio/base_events.py']
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'));
  } catch {
    return [];
  }
}

describe('scope lookup', () => {
  const texts = [SAMPLE, ...fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py')).map((f) => fs.readFileSync(path.join(RULES_DIR, f), 'utf8')), ...stdlibSample()];
  it(`agrees with parent walks on every node of ${texts.length} files`, () => {
    let checked = 0;
    for (const text of texts) {
      const tree = parsePython(text);
      for (const node of tree.rootNode.descendantsOfType(['call', 'identifier', 'function_definition', 'class_definition', 'lambda', 'string', 'block'])) {
        assert.equal(enclosingFunction(node)?.id ?? null, byParents(node, true, 'function_definition')?.id ?? null, `enclosingFunction of ${node.type} at ${node.startIndex}`);
        assert.equal(enclosingClass(node)?.id ?? null, byParents(node, false, 'class_definition')?.id ?? null, `enclosingClass of ${node.type} at ${node.startIndex}`);
        checked++;
      }
    }
    assert.ok(checked > 1000, `only ${checked} nodes checked`);
  });
});
