import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePython } from '../../src/engine/parser';
import type { SyntaxNode } from '../../src/engine/types';
import { applyEdits } from '../../src/fixes/edits';
import { hasPlainImport, stdlibImportInsertions } from '../../src/fixes/imports';

function addImports(text: string, modules: string[], avoidLine?: string): string {
  const root = parsePython(text).rootNode;
  const textOf = (n: SyntaxNode): string => text.slice(n.startIndex, n.endIndex);
  const avoid = [];
  if (avoidLine) {
    const start = text.indexOf(avoidLine);
    avoid.push({ start, end: start + avoidLine.length + 1 });
  }
  return applyEdits(text, stdlibImportInsertions(text, root, textOf, modules, avoid).map((i) => i.edit));
}

describe('adding stdlib imports for quick fixes', () => {
  it('puts each import alphabetically into the stdlib group', () => {
    assert.equal(
      addImports('"""Doc."""\n\nimport abc\nimport sys\n\nimport six\n', ['queue', 'urllib.parse', 'io']),
      '"""Doc."""\n\nimport abc\nimport io\nimport queue\nimport sys\nimport urllib.parse\n\nimport six\n',
    );
  });

  it('sorts from-imports of the group by module too', () => {
    assert.equal(addImports('import os\nfrom sys import argv\n', ['re']), 'import os\nimport re\nfrom sys import argv\n');
  });

  it('starts a new group before the first import when there is no stdlib group', () => {
    assert.equal(addImports('from oslo_log import log\n\nLOG = 1\n', ['os']), 'import os\n\nfrom oslo_log import log\n\nLOG = 1\n');
  });

  it('goes after __future__ imports and the docstring', () => {
    assert.equal(addImports('"""Doc."""\nfrom __future__ import annotations\n\nx = 1\n', ['os']), '"""Doc."""\nfrom __future__ import annotations\nimport os\n\nx = 1\n');
    assert.equal(addImports('"""Doc."""\n\nx = 1\n', ['os']), '"""Doc."""\n\nimport os\n\nx = 1\n');
  });

  it('adds nothing the file already imports', () => {
    assert.equal(addImports('import os.path\nimport urllib.parse\n', ['os', 'urllib.parse']), 'import os.path\nimport urllib.parse\n');
    const text = 'import urllib\n';
    const root = parsePython(text).rootNode;
    assert.equal(hasPlainImport(text, root, (n) => text.slice(n.startIndex, n.endIndex), 'urllib.parse'), false);
  });

  it('never starts an insertion where a line another fix deletes starts', () => {
    const text = 'import six\nfrom oslo_log import log\n';
    const root = parsePython(text).rootNode;
    const textOf = (n: SyntaxNode): string => text.slice(n.startIndex, n.endIndex);
    const [insertion] = stdlibImportInsertions(text, root, textOf, ['io'], [{ start: 0, end: 11 }]);
    assert.equal(insertion.edit.start, 11);
    assert.equal(addImports(text, ['io'], 'import six'), 'import six\nimport io\n\nfrom oslo_log import log\n');
  });

  it('keeps the file\'s line endings', () => {
    assert.equal(addImports('import abc\r\nimport sys\r\n', ['io']), 'import abc\r\nimport io\r\nimport sys\r\n');
  });
});
