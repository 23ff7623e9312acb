import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePython } from '../../src/engine/parser';
import type { Finding } from '../../src/engine/types';
import { applyEdits, compatibleSafeFixes, editsConflict, mergedEdits } from '../../src/fixes/edits';
import { checkFix } from '../fixTester';
import { lint, readRepoFile } from '../helpers';

const errorNodes = (text: string): number => parsePython(text).rootNode.descendantsOfType('ERROR').length;
const dvr801 = (text: string): Finding[] => lint(text).filter((f) => f.ruleId === 'DVR801');

describe('DVR801 fixes: one use at a time', () => {
  it('six.iteritems/itervalues/iterkeys(d) become d.items()/values()/keys()', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.iteritems',
      code: 'import six\n\n\ndef f(d):\n    return list(six.iteritems(d))\n',
      output: 'import six\n\n\ndef f(d):\n    return list(d.items())\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.itervalues',
      code: 'import six\nx = six.itervalues(self.ports[0])\n',
      output: 'import six\nx = iter(self.ports[0].values())\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.iterkeys',
      code: 'import six\nx = sorted(six.iterkeys(\n    routers,\n))\n',
      output: 'import six\nx = sorted(routers.keys())\n',
    });
  });

  it('keeps the iterator six.iter*() returned wherever it is not simply iterated over', () => {
    for (const [code, output] of [
      ['next(six.itervalues(d))', 'next(iter(d.values()))'],
      ['it = six.iteritems(d)', 'it = iter(d.items())'],
      ['f(six.iterkeys(d))', 'f(iter(d.keys()))'],
      ['list(six.iteritems(d))', 'list(d.items())'],
      ['[k for k in six.iterkeys(d)]', '[k for k in d.keys()]'],
      ['x = six.viewkeys(d)', 'x = d.keys()'],
    ]) {
      checkFix({ ruleId: 'DVR801', title: 'Replace six.', code: `import six\n${code}\n`, output: `import six\n${output}\n`, applicability: 'safe' });
    }
    // `list` rebound: no longer known to iterate once.
    checkFix({ ruleId: 'DVR801', title: 'Replace six.', code: 'import six\nlist = f\nx = list(six.iteritems(d))\n', output: 'import six\nlist = f\nx = list(iter(d.items()))\n' });
  });

  it('wraps an argument that is not a primary expression in parentheses', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.iteritems',
      code: 'import six\nfor k, v in six.iteritems(a or b):\n    pass\n',
      output: 'import six\nfor k, v in (a or b).items():\n    pass\n',
    });
  });

  it('offers no rewrite for iteritems with extra arguments or not called', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\nx = six.iteritems(d, **kw)\n', output: null });
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\nx = map(six.iteritems, ds)\n', output: null });
  });

  it('text_type, binary_type become str, bytes', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace six.text_type', code: 'import six\nname = six.text_type(port_id)\n', output: 'import six\nname = str(port_id)\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.binary_type', code: 'import six\nok = isinstance(v, six.binary_type)\n', output: 'import six\nok = isinstance(v, bytes)\n' });
  });

  it('string_types and integer_types are the type inside isinstance and a tuple elsewhere', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace six.string_types', code: 'import six\nok = isinstance(v, six.string_types)\n', output: 'import six\nok = isinstance(v, str)\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.string_types', code: 'import six\nok = isinstance(v, (six.string_types, bytes))\n', output: 'import six\nok = isinstance(v, (str, bytes))\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.string_types', code: 'import six\nkinds = six.string_types + (int,)\n', output: 'import six\nkinds = (str,) + (int,)\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.integer_types', code: 'import six\nok = issubclass(t, six.integer_types)\n', output: 'import six\nok = issubclass(t, int)\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.integer_types', code: 'import six\nNUMBERS = six.integer_types\n', output: 'import six\nNUMBERS = (int,)\n' });
  });

  it('PY2/PY3 become False/True', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace six.PY2', code: 'import six\nif six.PY2:\n    pass\n', output: 'import six\nif False:\n    pass\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.PY3', code: 'import six\nif not six.PY3:\n    pass\n', output: 'import six\nif not True:\n    pass\n' });
  });

  it('six.moves.range/map/zip/filter/input become the builtins', () => {
    for (const name of ['range', 'map', 'zip', 'filter', 'input']) {
      checkFix({ ruleId: 'DVR801', title: `Replace six.moves.${name}`, code: `import six\nx = six.moves.${name}(a)\n`, output: `import six\nx = ${name}(a)\n` });
    }
  });

  it('does not rewrite to a builtin that the file rebinds', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\n\n\ndef f(str):\n    return six.text_type(str)\n', output: null });
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\nfilter = None\nx = six.moves.filter(f, a)\n', output: null });
  });

  it('six.moves.urllib.parse becomes urllib.parse and imports it in the stdlib group', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.moves.urllib.parse',
      code: 'import os\nimport sys\n\nimport six\n\nq = six.moves.urllib.parse.quote(os.sep)\n',
      output: 'import os\nimport sys\nimport urllib.parse\n\nimport six\n\nq = urllib.parse.quote(os.sep)\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.moves.urllib.request',
      code: 'import os\nimport ssl\n\nimport six\n\nr = six.moves.urllib.request.urlopen(u)\n',
      output: 'import os\nimport ssl\nimport urllib.request\n\nimport six\n\nr = urllib.request.urlopen(u)\n',
    });
  });

  it('six.moves.queue, configparser and http_client become the stdlib modules, imported alphabetically', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.moves.queue',
      code: 'import abc\nimport sys\n\nimport six\n\nq = six.moves.queue.Queue()\n',
      output: 'import abc\nimport queue\nimport sys\n\nimport six\n\nq = queue.Queue()\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.moves.configparser',
      code: 'import os\n\nimport six\n\np = six.moves.configparser.ConfigParser()\n',
      output: 'import configparser\nimport os\n\nimport six\n\np = configparser.ConfigParser()\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.moves.http_client',
      code: 'import os\n\nimport six\n\nok = status == six.moves.http_client.OK\n',
      output: 'import http.client\nimport os\n\nimport six\n\nok = status == http.client.OK\n',
    });
  });

  it('does not add an import the file already has', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.StringIO',
      code: 'import io\n\nimport six\n\nbuf = six.StringIO()\n',
      output: 'import io\n\nimport six\n\nbuf = io.StringIO()\n',
    });
  });

  it('starts a stdlib group when the file has none', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.BytesIO',
      code: 'from oslo_log import log\nimport six\n\nraw = six.BytesIO(data)\n',
      output: 'import io\n\nfrom oslo_log import log\nimport six\n\nraw = io.BytesIO(data)\n',
    });
  });

  it('offers no module rewrite when the module name is taken by something else', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\n\n\ndef f(io):\n    return six.StringIO(io)\n', output: null });
  });

  it('six.wraps becomes functools.wraps', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.wraps',
      code: 'import os\n\nimport six\n\n\ndef deco(f):\n    @six.wraps(f)\n    def inner(*a):\n        return f(*a)\n    return inner\n',
      output: 'import functools\nimport os\n\nimport six\n\n\ndef deco(f):\n    @functools.wraps(f)\n    def inner(*a):\n        return f(*a)\n    return inner\n',
    });
  });

  it('@six.add_metaclass(M) becomes metaclass=M on the class', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace @six.add_metaclass',
      code: 'import abc\n\nimport six\n\n\n@six.add_metaclass(abc.ABCMeta)\nclass Base(object):\n    pass\n',
      output: 'import abc\n\nimport six\n\n\nclass Base(object, metaclass=abc.ABCMeta):\n    pass\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace @six.add_metaclass',
      code: 'import six\n\n\n@six.add_metaclass(Meta)\nclass Base:\n    pass\n',
      output: 'import six\n\n\nclass Base(metaclass=Meta):\n    pass\n',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace @six.add_metaclass',
      code: 'import six\n\n\n@other\n@six.add_metaclass(Meta)  # py2 compat\nclass Base(A,\n           B,):\n    pass\n',
      output: 'import six\n\n\n@other\nclass Base(A,\n           B, metaclass=Meta):\n    pass\n',
    });
  });

  it('keeps @six.add_metaclass when another decorator is applied before it', () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\n\n\n@six.add_metaclass(Meta)\n@register\nclass Base(object):\n    pass\n', output: null });
  });

  it('six.with_metaclass(M, B) becomes B, metaclass=M', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.with_metaclass',
      code: 'import six\n\n\nclass Rule(six.with_metaclass(abc.ABCMeta, Base, Mixin)):\n    pass\n',
      output: 'import six\n\n\nclass Rule(Base, Mixin, metaclass=abc.ABCMeta):\n    pass\n',
    });
  });

  it('six.reraise(t, v, tb) becomes raise v.with_traceback(tb)', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.reraise',
      code: 'import six\n\n\ndef f(exc_info):\n    six.reraise(exc_info[0], exc_info[1], exc_info[2])\n',
      output: 'import six\n\n\ndef f(exc_info):\n    raise exc_info[1].with_traceback(exc_info[2])\n',
      // exc_info[1] may be None: six.reraise would raise exc_info[0]() then.
      applicability: 'unsafe',
    });
    checkFix({
      ruleId: 'DVR801',
      title: 'Replace six.reraise',
      code: 'import six\n\ntry:\n    go()\nexcept OSError as e:\n    six.reraise(type(e), e, tb)\n',
      output: 'import six\n\ntry:\n    go()\nexcept OSError as e:\n    raise e.with_traceback(tb)\n',
      applicability: 'safe',
    });
    checkFix({ ruleId: 'DVR801', title: 'Replace', code: 'import six\n\n\ndef f():\n    six.reraise(*sys.exc_info())\n', output: null });
  });

  it("six.b('x') becomes b'x'; other arguments are encoded as latin-1", () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace six.b', code: "import six\nMAGIC = six.b('\\x00ab')\n", output: "import six\nMAGIC = b'\\x00ab'\n" });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.b', code: 'import six\nMAGIC = six.b(u"abc")\n', output: 'import six\nMAGIC = b"abc"\n' });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.b', code: "import six\nMAGIC = six.b('caf\u00e9')\n", output: "import six\nMAGIC = 'caf\u00e9'.encode('latin-1')\n" });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.b', code: "import six\nMAGIC = six.b('\\u00e9')\n", output: "import six\nMAGIC = '\\u00e9'.encode('latin-1')\n" });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.b', code: 'import six\nraw = six.b(mac)\n', output: "import six\nraw = mac.encode('latin-1')\n" });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.b', code: 'import six\nraw = six.b(a + b)\n', output: "import six\nraw = (a + b).encode('latin-1')\n" });
  });

  it("six.u('x') becomes 'x'", () => {
    checkFix({ ruleId: 'DVR801', title: 'Replace six.u', code: "import six\nmsg = six.u('ready')\n", output: "import six\nmsg = 'ready'\n" });
    checkFix({ ruleId: 'DVR801', title: 'Replace six.u', code: 'import six\nmsg = six.u(a or b).upper()\n', output: 'import six\nmsg = (a or b).upper()\n' });
  });

  it('nested uses get separate, non-overlapping fixes', () => {
    const code = "import six\nx = six.text_type(six.b(mac), 'ascii')\n";
    const fixes = dvr801(code).filter((f) => f.fixes.length > 0 && !f.message.includes("'import six'"));
    assert.equal(fixes.length, 2);
    assert.equal(editsConflict(fixes[0].fixes[0].edits, fixes[1].fixes[0].edits), false);
    assert.equal(applyEdits(code, fixes.flatMap((f) => f.fixes[0].edits)), "import six\nx = str(mac.encode('latin-1'), 'ascii')\n");
  });
});

describe('DVR801 fixes: removing the import', () => {
  it('removes an unused import six', () => {
    checkFix({ ruleId: 'DVR801', title: 'Remove', code: 'import os\nimport six\n\nx = os.sep\n', output: 'import os\n\nx = os.sep\n' });
  });

  it('removes import six together with the rewrite of every use', () => {
    checkFix({
      ruleId: 'DVR801',
      title: 'Remove the six import',
      code: 'import os\n\nimport six\n\n\ndef f(d):\n    return six.text_type(os.sep), list(six.iteritems(d)), six.StringIO()\n',
      output: 'import io\nimport os\n\n\n\ndef f(d):\n    return str(os.sep), list(d.items()), io.StringIO()\n',
    });
  });

  it('keeps the other names of a combined import', () => {
    checkFix({ ruleId: 'DVR801', title: 'Remove', code: 'import os, six\nx = six.PY3\n', output: 'import os\nx = True\n' });
  });

  it('offers no removal while a use has no exact rewrite', () => {
    checkFix({ ruleId: 'DVR801', title: 'Remove', code: 'import six\n\nx = six.ensure_str(y)\nz = six.text_type(y)\n', output: null });
    checkFix({ ruleId: 'DVR801', title: 'Remove', code: 'import six\n\nregister(six)\n', output: null });
  });

  it('offers no removal when six is also bound by other code', () => {
    checkFix({ ruleId: 'DVR801', title: 'Remove', code: 'try:\n    import six\nexcept ImportError:\n    six = None\n', output: null });
  });

  it('drops builtins imported from six.moves', () => {
    checkFix({ ruleId: 'DVR801', code: 'import os\nfrom six.moves import range\n\nfor i in range(3):\n    pass\n', output: 'import os\n\nfor i in range(3):\n    pass\n' });
  });

  it('imports modules and functions from the stdlib instead of six', () => {
    checkFix({
      ruleId: 'DVR801',
      code: 'from six.moves.urllib import parse as urlparse\n\nu = urlparse.urljoin(a, b)\n',
      output: 'from urllib import parse as urlparse\n\nu = urlparse.urljoin(a, b)\n',
    });
    checkFix({
      ruleId: 'DVR801',
      code: 'from six.moves import http_client, queue, zip\nfrom six import StringIO\n',
      output: 'from http import client as http_client\nimport queue\nfrom six import StringIO\n',
    });
    checkFix({ ruleId: 'DVR801', code: 'from six.moves.urllib.parse import urlencode\n', output: 'from urllib.parse import urlencode\n' });
  });

  it('rewrites the uses of names imported from six', () => {
    checkFix({
      ruleId: 'DVR801',
      code: 'from six import moves\n\nanswer = moves.input("continue? ")\n',
      output: '\nanswer = input("continue? ")\n',
    });
    checkFix({
      ruleId: 'DVR801',
      code: 'import sys\n\nfrom six import iteritems, string_types\n\nfor k, v in iteritems(d):\n    ok = isinstance(v, string_types)\n',
      output: 'import sys\n\n\nfor k, v in d.items():\n    ok = isinstance(v, str)\n',
    });
  });
});

describe('DVR801 fix-all on the fixture', () => {
  const text = readRepoFile('rules/DVR801.py');
  const findings = dvr801(text);

  it('never lets the edits of two findings overlap (identical shared edits apart)', () => {
    for (let i = 0; i < findings.length; i++) {
      for (let j = i + 1; j < findings.length; j++) {
        for (const a of findings[i].fixes) {
          for (const b of findings[j].fixes) {
            assert.equal(editsConflict(a.edits, b.edits), false, `${findings[i].message} / ${findings[j].message}`);
          }
        }
      }
    }
  });

  it('every fix alone yields code that parses as well as before', () => {
    const before = errorNodes(text);
    for (const f of findings) {
      for (const fix of f.fixes) assert.ok(errorNodes(applyEdits(text, fix.edits)) <= before, fix.title);
    }
  });

  it('applying all safe fixes together leaves only uses without an exact, safe rewrite', () => {
    const unfixable = findings.filter((f) => !f.fixes.some((x) => x.applicability === 'safe')).map((f) => f.message);
    const chosen = compatibleSafeFixes(findings.flatMap((f) => f.fixes));
    assert.equal(chosen.length, findings.filter((f) => f.fixes.some((x) => x.applicability === 'safe')).length, 'every safe fix is compatible with the others');
    const after = applyEdits(text, chosen.flatMap((f) => f.edits));
    assert.equal(applyEdits(text, mergedEdits(chosen)), after);
    assert.ok(errorNodes(after) <= errorNodes(text), 'no new syntax errors');
    assert.deepEqual(dvr801(after).map((f) => f.message), unfixable);
    assert.match(after, /^import abc\nimport configparser\nimport functools\nimport http\.client\nimport io\nimport queue\nimport sys\nimport urllib\.parse\n/m);
    const code = after.replace(/#.*$/gm, '').replace(/'[^'\n]*'|"[^"\n]*"/g, "''");
    // six.reraise(t, v, tb) with a `v` that may be None has only an unsafe rewrite, so six stays for it
    // (and for the use the fixture suppresses, which only the import's removal would rewrite).
    assert.deepEqual(code.match(/.*\bsix\b.*/g)?.map((l) => l.trim()), ['import six', 'six.reraise(exc_info[0], exc_info[1], exc_info[2])', 'return dict(six.iteritems(fips))']);
    assert.match(after, /class FipNamespaceBase\(object, metaclass=abc\.ABCMeta\):/);
  });
});
