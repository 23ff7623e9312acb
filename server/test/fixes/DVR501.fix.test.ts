import { describe, it } from 'node:test';
import { checkFix } from '../fixTester';

const ruleId = 'DVR501';

describe('DVR501 fix: open single-use handles in a with block', () => {
  it('moves x = open(p).read() into a with block', () => {
    checkFix({
      ruleId,
      code: 'def get_pid(pid_file):\n    pid = open(pid_file).read().strip()\n    return int(pid)\n',
      output: 'def get_pid(pid_file):\n    with open(pid_file) as f:\n        pid = f.read().strip()\n    return int(pid)\n',
      applicability: 'safe',
    });
  });

  it('moves a return of json.load(open(p)) into a with block, keeping the trailing comment', () => {
    checkFix({
      ruleId,
      code: 'import json\n\n\ndef load(path):\n    return json.load(open(path))  # state\n',
      output: 'import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)  # state\n',
    });
  });

  it('handles a write statement and readlines()', () => {
    checkFix({
      ruleId,
      code: "def save(path, s):\n    open(path, 'w').write(s)\n",
      output: "def save(path, s):\n    with open(path, 'w') as f:\n        f.write(s)\n",
    });
    checkFix({
      ruleId,
      code: 'def lines(path):\n    return open(path).readlines()\n',
      output: 'def lines(path):\n    with open(path) as f:\n        return f.readlines()\n',
    });
  });

  it('writes json.dump to a handle in a with block', () => {
    checkFix({
      ruleId,
      code: "import json\n\n\ndef save(path, data):\n    json.dump(data, open(path, 'w'), indent=2)\n",
      output: "import json\n\n\ndef save(path, data):\n    with open(path, 'w') as f:\n        json.dump(data, f, indent=2)\n",
    });
  });

  it('picks a handle name the function does not use', () => {
    checkFix({
      ruleId,
      code: 'def first(path, f):\n    f.x = open(path).read()\n',
      output: 'def first(path, f):\n    with open(path) as fh:\n        f.x = fh.read()\n',
    });
  });

  it('indents continuation lines of the statement', () => {
    checkFix({
      ruleId,
      code: 'def get(path):\n    data = (open(path).read()\n            .strip())\n    return data\n',
      output: 'def get(path):\n    with open(path) as f:\n        data = (f.read()\n                .strip())\n    return data\n',
    });
  });

  it('keeps CRLF line endings', () => {
    checkFix({
      ruleId,
      code: 'def get_pid(pid_file):\r\n    pid = open(pid_file).read()\r\n    return pid\r\n',
      output: 'def get_pid(pid_file):\r\n    with open(pid_file) as f:\r\n        pid = f.read()\r\n    return pid\r\n',
    });
  });

  it('indents with tabs in a tab-indented file', () => {
    checkFix({
      ruleId,
      code: 'class A:\n\tdef get(self, p):\n\t\tself.pid = open(p).read()\n',
      output: 'class A:\n\tdef get(self, p):\n\t\twith open(p) as f:\n\t\t\tself.pid = f.read()\n',
    });
  });

  it('works at module level with the file\'s indent width', () => {
    checkFix({
      ruleId,
      code: 'if True:\n  x = 1\nVERSION = open("VERSION").read()\n',
      output: 'if True:\n  x = 1\nwith open("VERSION") as f:\n  VERSION = f.read()\n',
    });
  });

  it('offers no fix when the statement shares its line', () => {
    checkFix({ ruleId, code: 'def get(p, ok):\n    if ok: data = open(p).read()\n', output: null });
    checkFix({ ruleId, code: 'def get(p):\n    data = open(p).read(); return data\n', output: null });
  });

  it('offers no fix for a handle kept in a variable', () => {
    checkFix({ ruleId, code: "def save(path, s):\n    fp = open(path, 'w')\n    fp.write(s)\n", output: null });
  });

  it('offers no fix when the handle outlives the statement or is opened conditionally', () => {
    checkFix({ ruleId, code: 'import csv\n\n\ndef rows(p):\n    return list(csv.reader(open(p)))\n', output: null });
    checkFix({ ruleId, code: 'def get(p, ok):\n    data = open(p).read() if ok else None\n', output: null });
  });

  it('offers no fix for a socket', () => {
    checkFix({ ruleId, code: 'import socket\n\n\ndef f(data):\n    socket.socket().sendall(data)\n', output: null });
  });

  it('offers no fix when a dumper argument has side effects', () => {
    checkFix({ ruleId, code: "import json\n\n\ndef save(path):\n    json.dump(build(), open(path, 'w'))\n", output: null });
  });

  it('offers no fix when the statement holds a multi-line string', () => {
    checkFix({ ruleId, code: "def save(path):\n    open(path, 'w').write('''a\nb''')\n", output: null });
  });
});
