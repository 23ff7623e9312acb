import type { Corpus } from './corpus';
import { Random } from './random';

/**
 * Fuzz cases, each generated from (seed, index) alone so any one can be regenerated:
 * mutated corpus text, deep nesting, whole-file line-break and indentation changes,
 * raw bytes for the file decoder, and now and then a 10 MB file.
 */
export type CaseKind = 'mutate' | 'deep' | 'lines' | 'bytes' | 'huge' | 'indent' | 'encoding';

/** What a case must give besides the general invariants (fuzz/invariants.ts). */
export interface CaseExpectation {
  /** The same findings (rule, line, column) as this text: the case only changed how its lines end. */
  sameFindingsAs?: string;
  /** The decoder must give exactly this text. */
  decodesTo?: string;
  /** The decoder must refuse the bytes, with a reason that names this encoding. */
  refusedEncoding?: string;
}

export interface FuzzCase {
  index: number;
  kind: CaseKind;
  description: string;
  /** The path the text is analysed as (rules treat test code and packaging files differently). */
  path: string;
  /** Analysed as it is. */
  text?: string;
  /** Decoded by decodePythonSource first. */
  bytes?: Uint8Array;
  expect?: CaseExpectation;
}

/** One case in this many is the 10 MB file (the first at index 1, so every run has one). */
export const HUGE_EVERY = 20_000;
export const HUGE_SIZE = 10 * 1024 * 1024;

export const PATHS = ['neutron/agent/l3/router_info.py', 'neutron/tests/unit/agent/test_router.py', 'setup.py', 'tools/x.py', 'x.py'];

export function generateCase(corpus: Corpus, seed: number, index: number): FuzzCase {
  const rng = Random.forCase(seed, index);
  const path = rng.pick(PATHS);
  return { ...generateContent(corpus, rng, index), path };
}

function generateContent(corpus: Corpus, rng: Random, index: number): Omit<FuzzCase, 'path'> {
  if (index % HUGE_EVERY === 1) return hugeCase(corpus, rng, index);
  const kind = rng.weighted<CaseKind>([
    [56, 'mutate'],
    [9, 'deep'],
    [12, 'lines'],
    [13, 'bytes'],
    [5, 'indent'],
    [5, 'encoding'],
  ]);
  switch (kind) {
    case 'indent':
      return indentCase(rng, index);
    case 'encoding':
      return encodingCase(corpus, rng, index);
    case 'deep':
      return deepCase(rng, index);
    case 'lines':
      return linesCase(corpus, rng, index);
    case 'bytes':
      return bytesCase(corpus, rng, index);
    default:
      return mutateCase(corpus, rng, index);
  }
}

// ---------------------------------------------------------------- seeds

interface Seed {
  name: string;
  text: string;
}

/** A corpus file, or a line-aligned window of it when large (mutations are local; small inputs run faster). */
function seedText(corpus: Corpus, rng: Random): Seed {
  const i = rng.int(corpus.files.length);
  const full = corpus.text(i);
  const name = corpus.files[i].split(/[\\/]/).slice(-2).join('/');
  if (full.length <= 16_000) return { name, text: full };
  const size = rng.between(2_000, 16_000);
  let start = full.lastIndexOf('\n', rng.int(full.length - size)) + 1;
  if (start < 0) start = 0;
  return { name: `${name}[${start}..${start + size}]`, text: full.slice(start, start + size) };
}

// ---------------------------------------------------------------- text mutations

const ASTRAL = ['😀', '𝔘', '𐍈', '🇩🇪', '\u{10FFFF}', '👩‍💻'];
const TOKENS = [
  'def ', 'class ', 'lambda ', ':', 'if ', 'else:', 'elif ', '"""', "'''", 'f"{', 'f"{x!r:>{w}}"', '{', '}', '(', ')', '[', ']', '\\\n', 'except', 'except*', 'try:', 'finally:',
  'shell=True', 'subprocess.call(', 'os.system(', 'utils.execute(', 'import six', 'from six.moves import urllib', '@decorator\n', '->', 'async ', 'await ', 'yield ', 'match x:\n    case 1:\n        pass\n',
  ' as e', 'raise', 'return', 'pass', '# nosec', '# dvr-hints: ignore[DVR101]', '# dvr-hints: ignore-file', 'LOG.exception(', 'LOG.debug("%s", password)', 'x := ', '*args', '**kwargs', ',', '.', ';', '\t', '\f', '\\',
  'r"\\', "b'\\x", 'global ', 'nonlocal ', 'del ', 'with open(p) as f:', 'for x in y:', 'while True:', 'print >>f, x', 'exec "code"', '0x', '1_000', '1e', '1j', '...', '@', '<>', '`x`',
];
const CHAR_PALETTE = '()[]{}:;,.\'"\\#\n\r\t \f=+-*/%@&|^~<>!`$?\u00a0\u2028\u3000\ufeff\ufffd';

type TextMutation = (text: string, rng: Random, corpus: Corpus) => [string, string];

const at = (text: string, rng: Random): number => rng.int(text.length + 1);

/** A span length: mostly short, sometimes a large part of the text. */
function spanLength(text: string, rng: Random): number {
  const max = Math.max(1, text.length);
  return rng.chance(0.7) ? rng.between(1, Math.min(max, 40)) : rng.between(1, Math.max(1, Math.floor(max / 3)));
}

function randomChar(rng: Random): string {
  const pick = rng.int(6);
  if (pick === 0) return String.fromCharCode(rng.between(32, 126));
  if (pick === 1) return String.fromCharCode(rng.between(0, 31));
  if (pick === 2) return CHAR_PALETTE[rng.int(CHAR_PALETTE.length)];
  if (pick === 3) return String.fromCharCode(rng.between(0xd800, 0xdfff));
  if (pick === 4) return rng.pick(ASTRAL);
  return String.fromCharCode(rng.between(0x80, 0xfffd));
}

const TEXT_MUTATIONS: readonly (readonly [number, string, TextMutation])[] = [
  [10, 'flip-bytes', (text, rng) => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return [text, 'flip-bytes(empty)'];
    const n = rng.between(1, 8);
    for (let k = 0; k < n; k++) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
    return [bytes.toString('utf8'), `flip-bytes x${n}`];
  }],
  [8, 'replace-char', (text, rng) => {
    const i = at(text, rng);
    const c = randomChar(rng);
    return [text.slice(0, i) + c + text.slice(i + 1), `replace-char@${i}=U+${c.charCodeAt(0).toString(16)}`];
  }],
  [6, 'truncate', (text, rng) => {
    const i = at(text, rng);
    return [text.slice(0, i), `truncate@${i}`];
  }],
  [8, 'delete-span', (text, rng) => {
    const i = at(text, rng);
    const n = spanLength(text, rng);
    return [text.slice(0, i) + text.slice(i + n), `delete ${i}+${n}`];
  }],
  [8, 'duplicate-span', (text, rng) => {
    const i = at(text, rng);
    const n = spanLength(text, rng);
    const j = at(text, rng);
    const span = text.slice(i, i + n);
    return [text.slice(0, j) + span + text.slice(j), `duplicate ${i}+${n}@${j}`];
  }],
  [5, 'splice-other', (text, rng, corpus) => {
    const other = seedText(corpus, rng).text;
    const i = rng.int(other.length + 1);
    const span = other.slice(i, i + spanLength(other, rng));
    const j = at(text, rng);
    return [text.slice(0, j) + span + text.slice(j), `splice ${span.length} chars@${j}`];
  }],
  [6, 'insert-token', (text, rng) => {
    const j = at(text, rng);
    const token = rng.pick(TOKENS);
    return [text.slice(0, j) + token + text.slice(j), `insert ${JSON.stringify(token)}@${j}`];
  }],
  [5, 'tabs-and-spaces', (text, rng) => {
    const p = rng.next();
    const out = text.replace(/^[ \t]+/gm, (indent) => {
      if (!rng.chance(p)) return indent;
      const width = indent.replace(/\t/g, '        ').length;
      const style = rng.int(3);
      if (style === 0) return '\t'.repeat(Math.floor(width / 8)) + ' '.repeat(width % 8);
      if (style === 1) return ' \t'.repeat(Math.ceil(width / 8));
      return '\t'.repeat(Math.max(1, Math.floor(width / 4)));
    });
    return [out, `tabs-and-spaces p=${p.toFixed(2)}`];
  }],
  [5, 'line-breaks', (text, rng) => [mixLineBreaks(text, rng, rng.next()), 'mixed CR/LF/CRLF']],
  [4, 'nul', (text, rng) => {
    const j = at(text, rng);
    return [text.slice(0, j) + '\0'.repeat(rng.between(1, 3)) + text.slice(j), `NUL@${j}`];
  }],
  [4, 'lone-surrogate', (text, rng) => {
    const j = at(text, rng);
    const s = String.fromCharCode(rng.chance(0.5) ? rng.between(0xd800, 0xdbff) : rng.between(0xdc00, 0xdfff));
    return [text.slice(0, j) + s + text.slice(j), `lone surrogate@${j}`];
  }],
  [3, 'split-pair', (text, rng) => {
    // Cut an astral character in half: a surrogate pair split by an edit.
    const j = at(text, rng);
    const c = rng.pick(ASTRAL);
    return [text.slice(0, j) + c.slice(0, 1) + text.slice(j) + c.slice(1), `split surrogate pair@${j}`];
  }],
  [3, 'bom', (text, rng) => (rng.chance(0.7) ? ['\ufeff' + text, 'BOM'] : [text.replace(/\n/, '\n\ufeff'), 'BOM on line 2'])],
  [4, 'astral', (text, rng) => {
    const j = at(text, rng);
    const c = rng.pick(ASTRAL).repeat(rng.between(1, 20));
    return [text.slice(0, j) + c + text.slice(j), `astral@${j}`];
  }],
  [4, 'long-line', (text, rng) => {
    const j = text.indexOf('\n', at(text, rng));
    const line = longLine(rng);
    const cut = j < 0 ? text.length : j + 1;
    return [text.slice(0, cut) + line.text + '\n' + text.slice(cut), `long line (${line.description})@${cut}`];
  }],
  [3, 'deep-snippet', (text, rng) => {
    const j = text.indexOf('\n', at(text, rng));
    const cut = j < 0 ? text.length : j + 1;
    const deep = deepExpression(rng, rng.pick([20, 100, 300, 1000]));
    return [text.slice(0, cut) + `x = ${deep.text}\n` + text.slice(cut), `deep ${deep.description}@${cut}`];
  }],
  [3, 'hostile-comment', (text, rng) => {
    const j = text.indexOf('\n', at(text, rng));
    const cut = j < 0 ? text.length : j + 1;
    const comment = hostileComment(rng);
    return [text.slice(0, cut) + comment.text + '\n' + text.slice(cut), `hostile comment (${comment.description})@${cut}`];
  }],
  [3, 'swap-lines', (text, rng) => {
    const lines = text.split('\n');
    const a = rng.int(lines.length);
    const b = rng.int(lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return [lines.join('\n'), `swap lines ${a}, ${b}`];
  }],
  [4, 'indent-shift', (text, rng) => {
    const lines = text.split('\n');
    const a = rng.int(lines.length);
    const n = rng.between(1, 30);
    const shift = rng.pick(['    ', ' ', '\t', '']);
    for (let k = a; k < Math.min(lines.length, a + n); k++) lines[k] = shift === '' ? lines[k].replace(/^[ \t]{1,4}/, '') : shift + lines[k];
    return [lines.join('\n'), `indent ${JSON.stringify(shift)} lines ${a}+${n}`];
  }],
];

function mutateCase(corpus: Corpus, rng: Random, index: number): Omit<FuzzCase, 'path'> {
  const seed = seedText(corpus, rng);
  let text = seed.text;
  const steps: string[] = [];
  const count = 1 + Math.min(5, Math.floor(-Math.log(1 - rng.next()) * 1.2));
  for (let k = 0; k < count; k++) {
    const [, , mutate] = rng.weighted(TEXT_MUTATIONS.map((m) => [m[0], m] as const));
    const [next, what] = mutate(text, rng, corpus);
    text = next;
    steps.push(what);
  }
  return { index, kind: 'mutate', description: `${seed.name}: ${steps.join(', ')}`, text };
}

function mixLineBreaks(text: string, rng: Random, p: number): string {
  const breaks = ['\n', '\r\n', '\r'];
  return text.replace(/\r\n|\r|\n/g, (br) => (rng.chance(p) ? rng.pick(breaks) : br));
}

// ---------------------------------------------------------------- long lines and hostile comments

function longLine(rng: Random): { text: string; description: string } {
  const n = rng.weighted([[6, 10_000], [3, 100_000], [1, 1_000_000]] as const);
  const shapes: [string, (n: number) => string][] = [
    ['identifier', (k) => 'x'.repeat(k)],
    ['sum', (k) => 'x = ' + 'a + '.repeat(Math.floor(k / 4)) + 'a'],
    ['string', (k) => 'y = "' + 'a'.repeat(k) + '"'],
    ['unterminated string', (k) => 'y = "' + 'a'.repeat(k)],
    ['call args', (k) => 'subprocess.call(' + 'x, '.repeat(Math.floor(k / 3)) + 'shell=True)'],
    ['statements', (k) => 'x = 1; '.repeat(Math.floor(k / 7))],
    ['spaces', (k) => ' '.repeat(k) + 'x = 1'],
    ['tabs', (k) => '\t'.repeat(k) + 'x = 1'],
    ['comment', (k) => '# ' + 'word '.repeat(Math.floor(k / 5))],
    ['astral', (k) => 's = "' + '😀'.repeat(Math.floor(k / 2)) + '"'],
    ['dict', (k) => 'd = {' + '"k": 1, '.repeat(Math.floor(k / 8)) + '}'],
  ];
  const [name, make] = rng.pick(shapes);
  return { text: make(n), description: `${name}, ${n}` };
}

function hostileComment(rng: Random): { text: string; description: string } {
  const n = rng.pick([1_000, 50_000, 200_000]);
  const shapes: [string, string][] = [
    ['nosec + blanks', '# nosec' + ' '.repeat(n) + 'x'],
    ['nosec: + blanks', '# nosec:' + ' \t'.repeat(n / 2) + ':'],
    ['nosec ids', '# nosec ' + 'B101, '.repeat(n / 6) + 'x'],
    ['ignore[ unclosed', '# dvr-hints: ignore[' + 'DVR101,'.repeat(n / 7)],
    ['ignore[ blanks', '# dvr-hints:' + ' '.repeat(n) + 'ignore[' + ' , '.repeat(n / 3) + ']'],
    ['hashes', '#'.repeat(n)],
    ['hash blanks', '# '.repeat(n / 2)],
    ['expect-like', '# expect: ' + 'DVR101, '.repeat(n / 8)],
    ['coding-like', '# -*- coding: ' + 'x'.repeat(n) + ' -*-'],
  ];
  const [name, text] = rng.pick(shapes);
  return { text: `x = 1  ${text}`, description: `${name}, ${n}` };
}

// ---------------------------------------------------------------- deep nesting

type Nest = (d: number) => string;

export const EXPRESSIONS: readonly (readonly [string, Nest])[] = [
  ['parentheses', (d) => '('.repeat(d) + 'x' + ')'.repeat(d)],
  ['lists', (d) => '['.repeat(d) + 'x' + ']'.repeat(d)],
  ['tuples', (d) => '('.repeat(d) + 'x,' + '),'.repeat(d - 1) + ')'],
  ['dicts', (d) => '{"k": '.repeat(d) + 'x' + '}'.repeat(d)],
  ['sets', (d) => '{'.repeat(d) + 'x' + '}'.repeat(d)],
  ['calls', (d) => 'f('.repeat(d) + 'x' + ')'.repeat(d)],
  ['shell calls', (d) => 'subprocess.call('.repeat(d) + 'x' + ', shell=True)'.repeat(d)],
  ['format calls', (d) => '"{}".format('.repeat(d) + 'x' + ')'.repeat(d)],
  ['left sum', (d) => 'x' + ' + x'.repeat(d)],
  ['right sum', (d) => 'x + ('.repeat(d) + 'x' + ')'.repeat(d)],
  ['mixed operators', (d) => Array.from({ length: d }, (_, i) => 'x' + ['+', '*', '%', '|', '<<', '**'][i % 6]).join(' ') + ' x'],
  ['boolean chain', (d) => 'x' + ' or x'.repeat(d)],
  ['comparison chain', (d) => 'x' + ' < x'.repeat(d)],
  ['unary minus', (d) => '-'.repeat(d) + '1'],
  ['not', (d) => 'not '.repeat(d) + 'x'],
  ['await', (d) => 'await '.repeat(d) + 'x'],
  ['attributes', (d) => 'six' + '.a'.repeat(d)],
  ['self attributes', (d) => 'self' + '.a'.repeat(d)],
  ['subscripts', (d) => 'x' + '[0]'.repeat(d)],
  ['method chain', (d) => 'x' + '.strip()'.repeat(d)],
  ['lambdas', (d) => 'lambda: '.repeat(d) + 'x'],
  ['conditionals', (d) => 'x if y else '.repeat(d) + 'z'],
  ['walrus', (d) => '(y := '.repeat(d) + 'x' + ')'.repeat(d)],
  ['f-strings', (d) => 'f"{'.repeat(d) + 'x' + '}"'.repeat(d)],
  ['implicit concatenation', (d) => '"a" '.repeat(d) + 'x'],
  ['comprehensions', (d) => '[x for x in '.repeat(d) + 'y' + ']'.repeat(d)],
  ['generators', (d) => 'sum(x for x in '.repeat(d) + 'y' + ')'.repeat(d)],
  ['starred', (d) => 'f(' + '*'.repeat(d) + 'x)'],
  ['unclosed parentheses', (d) => '('.repeat(d) + 'x'],
  ['unopened parentheses', (d) => 'x' + ')'.repeat(d)],
];

function deepExpression(rng: Random, depth: number): { text: string; description: string } {
  const [name, nest] = rng.pick(EXPRESSIONS);
  return { text: nest(depth), description: `${name} x${depth}` };
}

export const WRAPPERS: readonly ((expr: string) => string)[] = [
  (e) => `def run(self, x, y):\n    subprocess.call(${e}, shell=True)\n`,
  (e) => `def run(x):\n    cmd = ${e}\n    os.system(cmd)\n`,
  (e) => `import six\nvalue = ${e}\n`,
  (e) => `def run(x):\n    try:\n        utils.execute(${e})\n    except (${e}):\n        pass\n`,
  (e) => `def run(x):\n    LOG.debug("%s", ${e})\n    return ${e}\n`,
  (e) => `(${e}) = x\n`,
  (e) => `class A:\n    def run(self, x):\n        for a in ${e}:\n            os.popen(a)\n`,
];

/** Statements nested by indentation: one space per level keeps a deep file a few MB. */
const BLOCKS: readonly (readonly [string, (d: number) => string])[] = [
  ['defs', (d) => indented(d, (i) => `def f${i}(x):`, 'os.system(x)')],
  ['ifs', (d) => indented(d, () => 'if x:', 'subprocess.call(x, shell=True)')],
  ['classes', (d) => indented(d, (i) => `class C${i}:`, 'pass')],
  ['fors', (d) => indented(d, () => 'for x in y:', 'os.system(x)')],
  ['withs', (d) => indented(d, () => 'with a as x:', 'pass')],
  ['whiles', (d) => indented(d, () => 'while x:', 'break')],
  ['tries', (d) => {
    let s = '';
    for (let i = 0; i < d; i++) s += `${' '.repeat(i)}try:\n`;
    s += `${' '.repeat(d)}pass\n`;
    for (let i = d - 1; i >= 0; i--) s += `${' '.repeat(i)}except Exception:\n${' '.repeat(i + 1)}pass\n`;
    return s;
  }],
  ['mixed blocks', (d) => indented(d, (i) => ['def f(x):', 'if x:', 'for a in x:', 'try:', 'with x:', 'class K:'][i % 6], 'pass')],
];

function indented(depth: number, header: (i: number) => string, body: string): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(`${' '.repeat(i)}${header(i)}\n`);
  parts.push(`${' '.repeat(depth)}${body}\n`);
  return parts.join('');
}

function deepCase(rng: Random, index: number): Omit<FuzzCase, 'path'> {
  if (rng.chance(0.3)) {
    const [name, make] = rng.pick(BLOCKS);
    const depth = rng.weighted([[4, 10], [4, 100], [3, 500], [2, 1000], [1, 2000]] as const);
    return { index, kind: 'deep', description: `nested ${name} x${depth}`, text: make(depth) };
  }
  // Mostly depths real code could reach; the deepest (slowest) now and then.
  const depth = rng.weighted([[4, 10], [4, 100], [4, 300], [3, 1000], [2, 3000], [0.6, 10_000], [0.15, 50_000]] as const);
  const expr = deepExpression(rng, depth);
  const wrap = rng.int(WRAPPERS.length);
  return { index, kind: 'deep', description: `${expr.description} in wrapper ${wrap}`, text: WRAPPERS[wrap](expr.text) };
}

// ---------------------------------------------------------------- whole-file transforms

function linesCase(corpus: Corpus, rng: Random, index: number): Omit<FuzzCase, 'path'> {
  const seed = seedText(corpus, rng);
  // Transforms that only change how lines end: the findings must stay on the same lines and columns.
  const sameLines: [string, (t: string) => string][] = [
    ['all CR', (t) => t.replace(/\r\n|\r|\n/g, '\r')],
    ['all CRLF', (t) => t.replace(/\r\n|\r|\n/g, '\r\n')],
    ['CR after comments', (t) => t.replace(/(#[^\r\n]*)\r?\n(?!\n)/g, '$1\r')],
  ];
  if (rng.chance(0.4)) {
    const [name, transform] = rng.pick(sameLines);
    return { index, kind: 'lines', description: `${seed.name}: ${name}`, text: transform(seed.text), expect: { sameFindingsAs: seed.text } };
  }
  const transforms: [string, (t: string) => string][] = [
    ['mixed line breaks', (t) => mixLineBreaks(t, rng, 0.5)],
    ['CR CR LF', (t) => t.replace(/\n/g, '\r\r\n')],
    ['tabs for indentation', (t) => t.replace(/^( {4})+/gm, (m) => '\t'.repeat(m.length / 4))],
    ['one line', (t) => t.replace(/\r\n|\r|\n/g, ' ')],
    ['backslash continuations', (t) => t.replace(/\n/g, ' \\\n')],
    ['form feeds', (t) => t.replace(/\n/g, '\n\f')],
    ['no final newline', (t) => t.replace(/\s+$/, '')],
    ['trailing blanks', (t) => t.replace(/\n/g, ' '.repeat(200) + '\n')],
    ['BOM and CRLF', (t) => '\ufeff' + t.replace(/\n/g, '\r\n')],
  ];
  const [name, transform] = rng.pick(transforms);
  return { index, kind: 'lines', description: `${seed.name}: ${name}`, text: transform(seed.text) };
}

// ---------------------------------------------------------------- indentation tree-sitter's scanner counts

/**
 * One line's leading whitespace at level `i`, spelled the ways tree-sitter-python's scanner
 * and Python count differently: a line break `\r` first, spaces before tabs, backslash
 * continuations, form feeds. Deep files of these once aborted the process (issue 15).
 */
const INDENT_SHAPES: [string, (i: number) => string][] = [
  ['spaces', (i) => ' '.repeat(i)],
  ['CR then spaces', (i) => '\r' + ' '.repeat(i)],
  ['space-tab mix', (i) => ' '.repeat(i % 8) + '\t'.repeat(Math.floor(i / 8) + 1)],
  ['backslash continuations', (i) => ' \\\n'.repeat(i)],
  ['CRLF continuations', (i) => ' \\\r\n'.repeat(i)],
  ['form feed', (i) => '\f' + ' '.repeat(i)],
  ['tabs', (i) => '\t'.repeat(i)],
];

function indentCase(rng: Random, index: number): Omit<FuzzCase, 'path'> {
  const [name, shape] = rng.pick(INDENT_SHAPES);
  const depth = rng.weighted([[3, 50], [3, 150], [2, 290], [2, 320], [3, 520], [1, 1100]] as const);
  const header = rng.pick(['if x:', 'def f(x):', 'for a in x:', 'try:', 'with x:']);
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(`${shape(i)}${header}\n`);
  // An unterminated string keeps one delimiter in the scanner's state: the odd byte count that made the assertion fail.
  parts.push(`${shape(depth)}${rng.pick(['os.system(x)', 's = "open', 'pass', "f'{x"])}\n`);
  return { index, kind: 'indent', description: `${name} x${depth}`, text: parts.join('') };
}

// ---------------------------------------------------------------- coding cookies

/** Encodings a coding cookie may declare: decodable ones (as Buffer can write them) and ones that must be refused. */
const WRITABLE: [string, BufferEncoding][] = [['latin-1', 'latin1'], ['iso-8859-1', 'latin1'], ['iso_8859_1', 'latin1'], ['utf-8', 'utf8'], ['utf_8', 'utf8'], ['UTF8', 'utf8']];
const REFUSED = ['utf-7', 'utf-16', 'utf-32', 'utf-16-le', 'cp437', 'mbcs', 'rot13', 'bogus-encoding', 'hz-gb-2312', 'x-user-defined'];

function encodingCase(corpus: Corpus, rng: Random, index: number): Omit<FuzzCase, 'path'> {
  const seed = seedText(corpus, rng);
  const eol = rng.pick(['\n', '\r\n', '\r']);
  const second = rng.chance(0.3);
  const style = rng.pick(['# -*- coding: %s -*-', '# coding=%s', '# vim: set fileencoding=%s :']);
  const head = (encoding: string): string => (second ? `#!/usr/bin/env python${eol}` : '') + style.replace('%s', encoding) + eol;
  if (rng.chance(0.4)) {
    const encoding = rng.pick(REFUSED);
    const bytes = Buffer.from(head(encoding) + seed.text.replace(/[^\x00-\x7f]/g, '?'), 'latin1');
    return { index, kind: 'encoding', description: `${seed.name}: cookie ${encoding}`, bytes, expect: { refusedEncoding: encoding.toLowerCase().replace(/_/g, '-') } };
  }
  const [encoding, bufferEncoding] = rng.pick(WRITABLE);
  // Text the encoding can hold: latin-1 keeps U+0000..U+00FF; NUL would make the file binary.
  const body = bufferEncoding === 'latin1' ? seed.text.replace(/[^\x01-\xff]/g, () => String.fromCharCode(rng.between(0xa0, 0xff))) : seed.text.replace(/\0/g, ' ');
  const text = head(encoding) + body;
  return { index, kind: 'encoding', description: `${seed.name}: cookie ${encoding}${second ? ' on line 2' : ''}`, bytes: Buffer.from(text, bufferEncoding), expect: { decodesTo: text } };
}

// ---------------------------------------------------------------- bytes for the decoder

const ENCODINGS = ['utf-8', 'utf8', 'UTF_8', 'latin-1', 'iso-8859-15', 'cp1252', 'ascii', 'utf-16', 'utf-16-le', 'utf-32', 'euc-jp', 'shift_jis', 'gb2312', 'koi8-r', 'utf-7', 'mbcs', 'bogus-encoding', 'x'.repeat(300), 'utf-8-sig', 'iso-2022-jp', 'big5'];
const BAD_SEQUENCES = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbb], [0xc3]];
const BOMS = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]];

function bytesCase(corpus: Corpus, rng: Random, index: number): Omit<FuzzCase, 'path'> {
  const i = rng.int(corpus.files.length);
  let bytes = Buffer.from(corpus.bytes(i).subarray(0, 64 * 1024));
  const steps: string[] = [];
  const count = rng.between(1, 4);
  for (let k = 0; k < count; k++) {
    const op = rng.int(8);
    const pos = rng.int(bytes.length + 1);
    if (op === 0 && bytes.length > 0) {
      const n = rng.between(1, 16);
      for (let m = 0; m < n; m++) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
      steps.push(`flip x${n}`);
    } else if (op === 1) {
      const cookie = Buffer.from(`# -*- coding: ${rng.pick(ENCODINGS)} -*-${rng.pick(['\n', '\r\n', '\r'])}`, 'latin1');
      bytes = rng.chance(0.5) ? Buffer.concat([cookie, bytes]) : Buffer.concat([Buffer.from('#!/usr/bin/env python\n'), cookie, bytes]);
      steps.push(`coding cookie ${cookie.toString('latin1').trim().slice(0, 40)}`);
    } else if (op === 2) {
      const bom = rng.pick(BOMS);
      bytes = Buffer.concat([Buffer.from(bom), bytes]);
      steps.push(`BOM ${Buffer.from(bom).toString('hex')}`);
    } else if (op === 3) {
      const seq = rng.pick(BAD_SEQUENCES);
      bytes = Buffer.concat([bytes.subarray(0, pos), Buffer.from(seq), bytes.subarray(pos)]);
      steps.push(`invalid UTF-8 ${Buffer.from(seq).toString('hex')}@${pos}`);
    } else if (op === 4) {
      const nulAt = rng.chance(0.5) ? Math.min(pos, 8191) : Math.max(pos, 8192);
      bytes = Buffer.concat([bytes.subarray(0, nulAt), Buffer.from([0]), bytes.subarray(nulAt)]);
      steps.push(`NUL@${nulAt}`);
    } else if (op === 5) {
      bytes = bytes.subarray(0, pos);
      steps.push(`truncate@${pos}`);
    } else if (op === 6) {
      bytes = Buffer.from(mixLineBreaks(bytes.toString('latin1'), rng, 0.5), 'latin1');
      steps.push('mixed line breaks');
    } else {
      bytes = Buffer.from(bytes.toString('utf8'), rng.pick(['utf16le', 'latin1', 'ucs2'] as const));
      steps.push('re-encoded');
    }
  }
  return { index, kind: 'bytes', description: `${corpus.files[i].split(/[\\/]/).slice(-2).join('/')}: ${steps.join(', ')}`, bytes };
}

// ---------------------------------------------------------------- the 10 MB file

function hugeCase(corpus: Corpus, rng: Random, index: number): Omit<FuzzCase, 'path'> {
  const parts: string[] = [];
  let size = 0;
  // One pass over the corpus at most; the text is then doubled up to size.
  for (let i = rng.int(corpus.files.length), read = 0; size < HUGE_SIZE && read < corpus.files.length; i = (i + 1) % corpus.files.length, read++) {
    const t = corpus.text(i);
    parts.push(t);
    size += t.length + 1;
  }
  let text = parts.join('\n');
  if (text.length === 0) text = 'x = 1\n';
  while (text.length < HUGE_SIZE) text += text;
  return { index, kind: 'huge', description: `${(HUGE_SIZE / 1024 / 1024).toFixed(0)} MB of corpus files`, text: text.slice(0, HUGE_SIZE) };
}
