import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

describe('DVR508 fix: mkstemp', () => {
  it('creates the file with mkstemp and closes the descriptor, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR508',
      applicability: 'unsafe',
      code: `import os
import tempfile


def script(body):
    path = tempfile.mktemp(suffix='.sh')  # keepalived notify
    with open(path, 'w') as f:
        f.write(body)
`,
      output: `import os
import tempfile


def script(body):
    path_fd, path = tempfile.mkstemp(suffix='.sh')  # keepalived notify
    os.close(path_fd)
    with open(path, 'w') as f:
        f.write(body)
`,
    });
  });

  it('adds import os when it is missing', () => {
    checkFix({
      ruleId: 'DVR508',
      code: `import tempfile\n\nNAME = tempfile.mktemp()\n`,
      output: `import os\nimport tempfile\n\nNAME_fd, NAME = tempfile.mkstemp()\nos.close(NAME_fd)\n`,
    });
  });

  it('offers nothing where mktemp is not assigned to a name', () => {
    checkFix({ ruleId: 'DVR508', code: `import tempfile\n\n\ndef name():\n    return tempfile.mktemp()\n`, output: null });
  });
});
