import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePython } from '../src/engine/parser';
import type { SyntaxNode } from '../src/engine/types';
import { ModuleModel } from '../src/semantic/model';

function modelOf(code: string): ModuleModel {
  return new ModuleModel(parsePython(code).rootNode, code);
}

/** The call whose callee is spelled `callee`, the `nth` of them (0-based). */
function callTo(model: ModuleModel, callee: string, nth = 0): SyntaxNode {
  const calls = model.root.descendantsOfType('call').filter((c) => {
    const fn = c.childForFieldName('function');
    return !!fn && model.text.slice(fn.startIndex, fn.endIndex) === callee;
  });
  const call = calls[nth];
  assert.ok(call, `no call to ${callee} #${nth}`);
  return call;
}

function callName(code: string, callee: string, nth = 0): string | undefined {
  const model = modelOf(code);
  return model.callName(callTo(model, callee, nth));
}

describe('semantic model: qualified names', () => {
  it('follows import aliases', () => {
    assert.equal(callName('import os as o\no.system(cmd)\n', 'o.system'), 'os.system');
    assert.equal(callName('from subprocess import Popen as launch\nlaunch(cmd)\n', 'launch'), 'subprocess.Popen');
    assert.equal(callName('import xml.etree.ElementTree as ET\nET.parse(f)\n', 'ET.parse'), 'xml.etree.ElementTree.parse');
    assert.equal(callName('import os.path\nos.path.join(a, b)\n', 'os.path.join'), 'os.path.join');
    assert.equal(callName('from os import path\npath.join(a)\n', 'path.join'), 'os.path.join');
  });

  it('resolves imports made inside a function for that function only', () => {
    const code = 'def f():\n    import subprocess as sp\n    sp.call(x)\n\ndef g():\n    sp.call(x)\n';
    assert.equal(callName(code, 'sp.call', 0), 'subprocess.call');
    assert.equal(callName(code, 'sp.call', 1), undefined);
  });

  it('names unshadowed builtins builtins.NAME', () => {
    assert.equal(callName('eval(x)\n', 'eval'), 'builtins.eval');
    assert.equal(callName('def f(p):\n    return open(p)\n', 'open'), 'builtins.open');
    assert.equal(callName('from io import open\nopen(p)\n', 'open'), 'io.open');
    assert.equal(callName('def f(open):\n    open(p)\n', 'open'), undefined);
    assert.equal(callName('def open(p):\n    pass\nopen(p)\n', 'open'), undefined);
  });

  it('is undefined for names bound locally to something else', () => {
    assert.equal(callName('import os\ndef f(os):\n    os.system(x)\n', 'os.system'), undefined);
    assert.equal(callName('import os\ndef f():\n    os = get()\n    os.system(x)\n', 'os.system'), undefined);
    assert.equal(callName('for system in items:\n    system(x)\n', 'system'), undefined);
    assert.equal(callName('class A:\n    def m(self):\n        self.run(x)\n', 'self.run'), undefined);
    assert.equal(callName('unknown_name(x)\n', 'unknown_name'), undefined);
  });

  it('follows a name bound once to another name', () => {
    assert.equal(callName('import subprocess\nrun = subprocess.call\nrun(x)\n', 'run'), 'subprocess.call');
    assert.equal(callName('import subprocess\nrun = subprocess.call\nrun = other\nrun(x)\n', 'run'), undefined);
  });

  it('uses the binding in force at the use in the same scope', () => {
    const code = 'import os\nos.system(a)\nos = None\nos.system(b)\n';
    assert.equal(callName(code, 'os.system', 0), 'os.system');
    assert.equal(callName(code, 'os.system', 1), undefined);
  });

  it('does not let class bodies shadow names for their methods', () => {
    const code = 'import os\nclass A:\n    os = None\n    def m(self):\n        os.system(x)\n';
    assert.equal(callName(code, 'os.system'), 'os.system');
  });

  it('honours global declarations', () => {
    const code = 'import os\ndef f():\n    global os\n    os.system(x)\n';
    assert.equal(callName(code, 'os.system'), 'os.system');
  });

  it('sees enclosing function scopes from nested functions and lambdas', () => {
    const code = 'def f():\n    import shlex as q\n    def g(v):\n        return q.quote(v)\n    h = lambda v: q.quote(v)\n';
    assert.equal(callName(code, 'q.quote', 0), 'shlex.quote');
    assert.equal(callName(code, 'q.quote', 1), 'shlex.quote');
  });

  it('keeps comprehension variables in the comprehension', () => {
    const code = 'import os\nx = [os for os in items]\nos.system(a)\n';
    assert.equal(callName(code, 'os.system'), 'os.system');
  });
});

describe('semantic model: imports', () => {
  it('answers importsModule by dotted prefix', () => {
    const model = modelOf('import yaml.constructor\nfrom oslo_log import log as logging\nfrom . import utils\n');
    assert.equal(model.importsModule('yaml'), true);
    assert.equal(model.importsModule('oslo_log'), true);
    assert.equal(model.importsModule('oslo_log.log'), true);
    assert.equal(model.importsModule('oslo'), false);
    assert.equal(model.importsModule('utils'), false);
    assert.equal(model.isOpenStack, true);
    assert.deepEqual([...model.importedPackages].sort(), ['oslo_log', 'yaml']);
  });

  it('finds `from x import y` names as imported modules too', () => {
    const model = modelOf('from xml.etree import ElementTree\n');
    assert.equal(model.importsModule('xml.etree.ElementTree'), true);
    assert.equal(model.importsModule('xml'), true);
    assert.equal(model.isOpenStack, false);
  });
});

describe('semantic model: scopes, classes, loggers', () => {
  const code = [
    'import logging',
    'from oslo_log import log as oslo_logging',
    'LOG = oslo_logging.getLogger(__name__)',
    'helper_logger = logging.getLogger("x")',
    'from neutron_lib.api import extensions',
    '',
    'def helper(a, *rest, key=1, **kw):',
    '    b = a',
    '    return b',
    '',
    'class Router(extensions.ExtensionDescriptor, Base):',
    '    NAME = "r"',
    '    def process(self, port):',
    '        inner = lambda v: v',
    '        LOG.info(port)',
    '',
    '    @property',
    '    def name(self):',
    '        LOG = None',
    '        return LOG',
  ].join('\n');
  const model = modelOf(code);

  it('lists classes with qualified bases and methods', () => {
    const router = model.classes.get('Router');
    assert.ok(router);
    assert.deepEqual(router.bases, ['neutron_lib.api.extensions.ExtensionDescriptor', 'Base']);
    assert.deepEqual([...router.methods.keys()], ['process', 'name']);
    assert.deepEqual([...model.functions.keys()], ['helper']);
  });

  it('lists loggers and the logging modules', () => {
    assert.deepEqual([...model.loggers].sort(), ['LOG', 'helper_logger']);
    assert.equal(model.logger?.name, 'LOG');
    assert.deepEqual([...model.loggingModules].sort(), ['logging', 'oslo_logging']);
    const info = callTo(model, 'LOG.info');
    assert.equal(model.loggerInScope(info), 'LOG');
    const shadowed = model.root.descendantsOfType('return_statement').pop() as SyntaxNode;
    assert.equal(model.loggerInScope(shadowed), undefined);
  });

  it('finds enclosing functions and classes', () => {
    const info = callTo(model, 'LOG.info');
    const fn = model.enclosingFunction(info);
    assert.equal(fn && model.text.slice(fn.childForFieldName('name')!.startIndex, fn.childForFieldName('name')!.endIndex), 'process');
    assert.equal(model.enclosingClass(info)?.childForFieldName('name')?.text, 'Router');
    const constant = model.root.descendantsOfType('assignment').find((a) => a.text.startsWith('NAME'));
    assert.ok(constant);
    assert.equal(model.enclosingFunction(constant), null);
    assert.equal(model.enclosingFunction(fn as SyntaxNode), null, 'a def does not enclose itself');
    const lambdaBody = model.root.descendantsOfType('lambda')[0].childForFieldName('body') as SyntaxNode;
    assert.equal(model.enclosingFunction(lambdaBody)?.id, fn?.id, 'lambdas are looked through');
  });

  it('records bindings per scope, parameters included', () => {
    const helper = model.functions.get('helper');
    assert.ok(helper);
    const scope = model.scopeFor(helper);
    assert.ok(scope);
    assert.deepEqual([...scope.bindings.keys()].sort(), ['a', 'b', 'key', 'kw', 'rest']);
    assert.equal(scope.bindings.get('a')?.[0].kind, 'parameter');
    assert.equal(model.moduleScope.bindings.get('LOG')?.[0].kind, 'assignment');
    assert.equal(model.moduleScope.bindings.get('helper')?.[0].kind, 'function');
    assert.equal(model.moduleScope.bindings.get('extensions')?.[0].kind, 'import');
  });

  it('survives broken code', () => {
    const broken = modelOf('import os as\ndef f(:\n    o.system(\nclass\n');
    assert.doesNotThrow(() => {
      for (const node of broken.root.descendantsOfType(['identifier', 'attribute', 'call'])) {
        broken.qualifiedName(node);
        broken.enclosingFunction(node);
        broken.enclosingClass(node);
      }
      void broken.classes;
      void broken.loggers;
    });
  });
});
