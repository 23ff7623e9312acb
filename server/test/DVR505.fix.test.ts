import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

describe('DVR505 fix: yaml.safe_load', () => {
  it('replaces yaml.load without a loader, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR505',
      applicability: 'unsafe',
      code: `import yaml\n\n\ndef read(stream):\n    return yaml.load(stream)\n`,
      output: `import yaml\n\n\ndef read(stream):\n    return yaml.safe_load(stream)\n`,
    });
  });

  it('drops an unsafe Loader argument, and keeps the module alias', () => {
    checkFix({
      ruleId: 'DVR505',
      code: `import yaml as y\n\n\ndef read(stream):\n    return y.load(stream, Loader=y.FullLoader)\n`,
      output: `import yaml as y\n\n\ndef read(stream):\n    return y.safe_load(stream)\n`,
    });
  });

  it('load_all becomes safe_load_all', () => {
    checkFix({
      ruleId: 'DVR505',
      code: `import yaml\n\n\ndef read(stream):\n    return list(yaml.load_all(stream, Loader=yaml.Loader))\n`,
      output: `import yaml\n\n\ndef read(stream):\n    return list(yaml.safe_load_all(stream))\n`,
    });
  });

  it('offers nothing for a positional loader, a from-import or pickle', () => {
    checkFix({ ruleId: 'DVR505', code: `import yaml\n\n\ndef read(s):\n    return yaml.load(s, yaml.Loader)\n`, output: null });
    checkFix({ ruleId: 'DVR505', code: `from yaml import load\n\n\ndef read(s):\n    return load(s)\n`, output: null });
    checkFix({ ruleId: 'DVR505', code: `import pickle\n\n\ndef read(s):\n    return pickle.loads(s)\n`, output: null });
  });
});
