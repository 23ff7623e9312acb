import { lastSegment } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { argument, integerValue } from './callFacts';
import { callName, qualifiedName } from './resolvedNames';

const CRYPTO_LIBS = ['Crypto', 'Cryptodome'];
/** Broken or 64-bit-block ciphers. */
const WEAK_CIPHERS = new Set([
  ...CRYPTO_LIBS.flatMap((lib) => ['DES', 'DES3', 'ARC2', 'ARC4', 'Blowfish', 'CAST', 'XOR'].map((c) => `${lib}.Cipher.${c}.new`)),
  ...['ARC4', 'Blowfish', 'CAST5', 'IDEA', 'SEED', 'TripleDES'].map((c) => `cryptography.hazmat.primitives.ciphers.algorithms.${c}`),
  'cryptography.hazmat.decrepit.ciphers.algorithms.ARC4',
  'cryptography.hazmat.decrepit.ciphers.algorithms.TripleDES',
  'cryptography.hazmat.decrepit.ciphers.algorithms.Blowfish',
]);
const ECB = new Set(['cryptography.hazmat.primitives.ciphers.modes.ECB']);
/** Key generators and the position and keyword of their size argument. */
const KEY_SIZE: ReadonlyMap<string, [number, string, number]> = new Map([
  ['cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key', [1, 'key_size', 2048]],
  ['cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key', [0, 'key_size', 2048]],
  ...CRYPTO_LIBS.flatMap((lib): [string, [number, string, number]][] => [
    [`${lib}.PublicKey.RSA.generate`, [0, 'bits', 2048]],
    [`${lib}.PublicKey.DSA.generate`, [0, 'bits', 2048]],
  ]),
  ['paramiko.RSAKey.generate', [0, 'bits', 2048]],
  ['paramiko.rsakey.RSAKey.generate', [0, 'bits', 2048]],
  ['paramiko.DSSKey.generate', [0, 'bits', 2048]],
  ['paramiko.dsskey.DSSKey.generate', [0, 'bits', 2048]],
]);
const WEAK_CURVES = new Set(['SECP192R1', 'SECT163K1', 'SECT163R2']);

function report(node: SyntaxNode, value: string, context: RuleContext): void {
  context.report({ node, value });
}

/**
 * DVR904 weak-cipher: DES, 3DES, RC2, RC4, Blowfish and other broken ciphers, ECB mode, and
 * RSA/DSA keys under 2048 bits or elliptic curves under 224 bits.
 */
export const DVR904: RuleCheck = {
  id: 'DVR904',
  nodeTypes: ['call', 'attribute'],
  scope: 'definition',
  prefilter: /Crypto|cryptography|paramiko|MODE_ECB/,
  check(node, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    if (node.type === 'attribute') {
      // `AES.new(key, AES.MODE_ECB)`: PyCryptodome's ECB mode constant.
      if (lastSegment(context.text(node)) !== 'MODE_ECB' || node.parent?.type === 'attribute') return;
      const name = qualifiedName(node, context);
      if (CRYPTO_LIBS.some((lib) => name.startsWith(`${lib}.Cipher.`))) report(node, 'MODE_ECB', context);
      return;
    }
    const name = callName(node, context);
    if (!name) return;
    const callee = node.childForFieldName('function') ?? node;
    if (WEAK_CIPHERS.has(name)) {
      report(callee, name.endsWith('.new') ? name.split('.').slice(-2, -1)[0] : lastSegment(name), context);
      return;
    }
    if (ECB.has(name)) {
      report(callee, 'ECB', context);
      return;
    }
    const curveClass = lastSegment(name);
    if (WEAK_CURVES.has(curveClass) && name.startsWith('cryptography.hazmat.primitives.asymmetric.ec.')) {
      report(callee, curveClass, context);
      return;
    }
    const size = KEY_SIZE.get(name);
    if (!size) return;
    const bits = argument(node, context, size[0], size[1]);
    const value = bits ? integerValue(bits, context) : undefined;
    if (bits && value !== undefined && value < size[2]) {
      context.report({ node: bits, value: `${value}-bit ${name.includes('DSA') || name.includes('dsa') || name.includes('DSS') ? 'DSA' : 'RSA'} key`, message: `${value}-bit key: use 2048 bits or more` });
    }
  },
};
