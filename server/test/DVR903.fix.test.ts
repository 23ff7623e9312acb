import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

describe('DVR903 fix: usedforsecurity=False', () => {
  it('is unsafe even where the names say the digest is not for security (a TypeError before Python 3.9)', () => {
    checkFix({
      ruleId: 'DVR903',
      applicability: 'unsafe',
      code: `import hashlib\n\n\ndef device_name(port_id):\n    return 'tap' + hashlib.md5(port_id.encode()).hexdigest()[:11]\n`,
      output: `import hashlib\n\n\ndef device_name(port_id):\n    return 'tap' + hashlib.md5(port_id.encode(), usedforsecurity=False).hexdigest()[:11]\n`,
    });
  });

  it('is unsafe where nothing says what the digest is for', () => {
    checkFix({
      ruleId: 'DVR903',
      applicability: 'unsafe',
      code: `import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n`,
      output: `import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data, usedforsecurity=False).hexdigest()\n`,
    });
  });

  it('handles an empty argument list and hashlib.new', () => {
    checkFix({
      ruleId: 'DVR903',
      code: `import hashlib\n\n\ndef cache_key():\n    return hashlib.md5()\n`,
      output: `import hashlib\n\n\ndef cache_key():\n    return hashlib.md5(usedforsecurity=False)\n`,
    });
    checkFix({
      ruleId: 'DVR903',
      code: `import hashlib\n\n\ndef etag(body):\n    return hashlib.new('md5', body)\n`,
      output: `import hashlib\n\n\ndef etag(body):\n    return hashlib.new('md5', body, usedforsecurity=False)\n`,
    });
  });

  it('offers nothing for security uses or libraries without the flag', () => {
    checkFix({ ruleId: 'DVR903', code: `import hashlib\n\n\ndef hash_password(password):\n    return hashlib.md5(password).hexdigest()\n`, output: null });
    checkFix({ ruleId: 'DVR903', code: `from Crypto.Hash import MD5\n\n\ndef cache_key(data):\n    return MD5.new(data)\n`, output: null });
  });
});
