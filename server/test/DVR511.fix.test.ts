import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

describe("DVR511 fix: filter='data'", () => {
  it('adds the data filter after the last argument, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR511',
      applicability: 'unsafe',
      code: `import tarfile\n\n\ndef unpack(path, target):\n    with tarfile.open(path) as tar:\n        tar.extractall(target)\n`,
      output: `import tarfile\n\n\ndef unpack(path, target):\n    with tarfile.open(path) as tar:\n        tar.extractall(target, filter='data')\n`,
    });
  });

  it('writes the keyword alone in an empty argument list', () => {
    checkFix({
      ruleId: 'DVR511',
      code: `import tarfile\n\ntar = tarfile.open('/srv/a.tar')\ntar.extractall()\n`,
      output: `import tarfile\n\ntar = tarfile.open('/srv/a.tar')\ntar.extractall(filter='data')\n`,
    });
  });

  it('keeps a trailing comma valid', () => {
    checkFix({
      ruleId: 'DVR511',
      code: `import tarfile\n\ntar = tarfile.open('/srv/a.tar')\ntar.extractall(\n    '/srv/out',\n)\n`,
      output: `import tarfile\n\ntar = tarfile.open('/srv/a.tar')\ntar.extractall(\n    '/srv/out', filter='data'\n)\n`,
    });
  });

  it('offers nothing for shutil.unpack_archive', () => {
    checkFix({ ruleId: 'DVR511', code: `import shutil\nimport tarfile\n\nshutil.unpack_archive('/srv/a.tar', '/srv/out')\n`, output: null });
  });
});
