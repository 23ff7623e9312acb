import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { Level, RuleDocs, RuleMeta } from './types';

const LEVEL_VALUES = new Set(['high', 'medium', 'low']);
const SECTION_KEYS: Record<string, keyof Omit<RuleDocs, 'markdown'>> = {
  'what it does': 'whatItDoes',
  'why is this bad?': 'whyIsThisBad',
  'why is this bad': 'whyIsThisBad',
  example: 'example',
  fix: 'fix',
  options: 'options',
  references: 'references',
};

/** Finds the `rules/` folder shipped beside the bundle or the compiled sources. */
export function findRulesDirectory(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'rules');
    if (fs.existsSync(path.join(candidate, 'README.md')) && fs.existsSync(path.join(dir, 'package.json'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`dvr-hints: cannot find the rules/ folder above ${start}`);
    dir = parent;
  }
}

export class CatalogueError extends Error {}

/** Parses one `rules/<ID>.md` file: YAML front matter plus documentation sections. */
export function parseRuleMarkdown(source: string, fileName: string): RuleMeta {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new CatalogueError(`${fileName}: missing YAML front matter`);
  const front: unknown = parseYaml(match[1]);
  if (typeof front !== 'object' || front === null) throw new CatalogueError(`${fileName}: front matter is not a mapping`);
  const data = front as Record<string, unknown>;
  const str = (key: string): string => {
    const v = data[key];
    if (typeof v !== 'string' || v.length === 0) throw new CatalogueError(`${fileName}: '${key}' must be a non-empty string`);
    return v;
  };
  const level = (key: string): Level => {
    const v = str(key);
    if (!LEVEL_VALUES.has(v)) throw new CatalogueError(`${fileName}: '${key}' must be high, medium or low`);
    return v as Level;
  };
  const cwe = data.cwe;
  if (!Array.isArray(cwe) || cwe.length === 0 || !cwe.every((n) => Number.isInteger(n))) {
    throw new CatalogueError(`${fileName}: 'cwe' must be a list of numbers`);
  }
  const bandit = data.bandit ?? [];
  if (!Array.isArray(bandit) || !bandit.every((b) => typeof b === 'string' && /^B\d{3}$/.test(b))) {
    throw new CatalogueError(`${fileName}: 'bandit' must be a list of ids like B602`);
  }
  const ruff = data.ruff ?? [];
  if (!Array.isArray(ruff) || !ruff.every((r) => typeof r === 'string' && /^S\d{3}$/.test(r))) {
    throw new CatalogueError(`${fileName}: 'ruff' must be a list of Ruff/flake8-bandit codes like S602`);
  }
  const body = match[2];
  return {
    id: str('id'),
    name: str('name'),
    title: str('title'),
    cwe: cwe as number[],
    severity: level('severity'),
    confidence: level('confidence'),
    bandit: bandit as string[],
    ruff: ruff as string[],
    enabled: data.enabled !== false,
    message: str('message'),
    docs: parseSections(body, fileName),
  };
}

function parseSections(body: string, fileName: string): RuleDocs {
  const docs: Partial<RuleDocs> = { markdown: body.trim() };
  const parts = body.split(/^## +/m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const heading = (newline < 0 ? part : part.slice(0, newline)).trim().toLowerCase();
    const key = SECTION_KEYS[heading];
    if (key) docs[key] = (newline < 0 ? '' : part.slice(newline + 1)).trim();
  }
  for (const required of ['whatItDoes', 'whyIsThisBad', 'example', 'fix'] as const) {
    if (!docs[required]) throw new CatalogueError(`${fileName}: missing section for ${required}`);
  }
  return docs as RuleDocs;
}

const cache = new Map<string, Map<string, RuleMeta>>();

/** All rules' metadata by id, read once per folder from `rules/*.md`. */
export function loadCatalogue(rulesDirectory: string = findRulesDirectory()): Map<string, RuleMeta> {
  const known = cache.get(rulesDirectory);
  if (known) return known;
  const result = new Map<string, RuleMeta>();
  for (const file of fs.readdirSync(rulesDirectory).sort()) {
    if (!/^DVR\d{3}\.md$/.test(file)) continue;
    const meta = parseRuleMarkdown(fs.readFileSync(path.join(rulesDirectory, file), 'utf8'), file);
    if (`${meta.id}.md` !== file) throw new CatalogueError(`${file}: id '${meta.id}' does not match the file name`);
    result.set(meta.id, meta);
  }
  cache.set(rulesDirectory, result);
  return result;
}

export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}
