import { enclosingScopes } from '../engine/scopes';
import { callArguments, calleeName, lastSegment, unparenthesize } from '../engine/python';
import { isCommandSink, listCommand } from '../analysis/sinks';
import { functionTaint } from '../analysis/taint';
import type { Level, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { commandArgument } from '../engine/vocabulary';

/** Stands for a part of a string that is only known at run time. */
const UNKNOWN = '\u0000';
const KEYS = 'rp_filter|accept_source_route|accept_redirects|send_redirects|proxy_arp';
/** `key=value` in a sysctl argument; the value must be a literal number. */
const SETTING = new RegExp(`(?:^|[\\s./])(${KEYS})\\s*=\\s*(-?\\d+)(?![\\d${UNKNOWN}%{])`, 'g');
/** `echo 1 > /proc/sys/net/ipv4/conf/all/accept_redirects` in a shell script. */
const ECHO_TO_PROC = new RegExp(`echo\\s+(?:-n\\s+)?["']?(-?\\d+)["']?\\s*>>?\\s*["']?/proc/sys/([^\\s"';]*?/(${KEYS}))(?![\\w])`, 'g');
const PROC_SYS_KEY = new RegExp(`/proc/sys/(?:[^\\s]*/)?(${KEYS})$`);

interface Weakening {
  setting: string;
  severity?: Level;
}

/** Is `key=value` a switch that turns a protection off? */
function weakening(key: string, value: string, shown: string): Weakening | undefined {
  switch (key) {
    case 'rp_filter':
      return value === '0' ? { setting: shown } : undefined;
    case 'proxy_arp':
      return value === '1' ? { setting: shown, severity: 'low' } : undefined;
    default:
      return value === '1' ? { setting: shown } : undefined;
  }
}

/**
 * The text a string expression will have, with run-time parts as UNKNOWN:
 * `'net.ipv4.conf.%s.rp_filter=0' % dev` gives its template, f-strings their literal parts.
 */
function template(node: SyntaxNode, context: RuleContext, depth = 0): string {
  if (depth > 6) return UNKNOWN;
  const n = unparenthesize(node);
  switch (n.type) {
    case 'string': {
      let out = '';
      for (const child of n.namedChildren) {
        if (child.type === 'string_content' || child.type === 'escape_sequence') out += context.text(child);
        else if (child.type === 'interpolation') out += UNKNOWN;
      }
      return out;
    }
    case 'concatenated_string':
      return n.namedChildren.map((c) => template(c, context, depth + 1)).join('');
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.type;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (op === '%' && left) return template(left, context, depth + 1);
      if (op === '+' && left && right) return template(left, context, depth + 1) + template(right, context, depth + 1);
      return UNKNOWN;
    }
    case 'call': {
      const fn = n.childForFieldName('function');
      const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (receiver && lastSegment(calleeName(n, context.text)) === 'format') return template(receiver, context, depth + 1);
      return UNKNOWN;
    }
    case 'identifier': {
      const definition = functionTaint(n, context).definitionBefore(context.text(n), n.startIndex);
      return definition ? template(definition.value, context, depth + 1) : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function shown(text: string): string {
  return text.replace(new RegExp(UNKNOWN, 'g'), '*').trim();
}

/** Weakening `key=value` settings in sysctl arguments. */
function settingsIn(text: string): Weakening[] {
  const found: Weakening[] = [];
  for (const m of text.matchAll(SETTING)) {
    const tokenStart = Math.max(text.lastIndexOf(' ', m.index) + 1, 0);
    const after = text.slice(m.index + m[0].length).search(/\s/);
    const tokenEnd = after < 0 ? text.length : m.index + m[0].length + after;
    const w = weakening(m[1], m[2], shown(text.slice(tokenStart, tokenEnd)));
    if (w) found.push(w);
  }
  return found;
}

/** `echo N > /proc/sys/...` writes in shell scripts. */
function procWritesIn(text: string): Weakening[] {
  const found: Weakening[] = [];
  for (const m of text.matchAll(ECHO_TO_PROC)) {
    const w = weakening(m[3], m[1], `${shown(m[2])}=${m[1]}`);
    if (w) found.push(w);
  }
  return found;
}

/** Weakening settings in a command run by a process helper or given to `sysctl`. */
function commandWeakenings(call: SyntaxNode, context: RuleContext): Weakening[] {
  const isSysctlCall = lastSegment(calleeName(call, context.text)) === 'sysctl';
  if (!isSysctlCall && !isCommandSink(call, context)) return [];
  const list = listCommand(call, context);
  const found: Weakening[] = [];
  if (list) {
    const texts = list.elements.map((e) => template(e, context));
    const sysctlAt = isSysctlCall ? -1 : texts.findIndex((t) => t === 'sysctl' || t.endsWith('/sysctl'));
    texts.forEach((text, i) => {
      if (isSysctlCall || (sysctlAt >= 0 && i > sysctlAt)) found.push(...settingsIn(text));
      found.push(...procWritesIn(text));
    });
    return found;
  }
  const command = commandArgument(call, context.text);
  if (!command) return [];
  const text = template(command, context);
  if (isSysctlCall) found.push(...settingsIn(text));
  else {
    for (const m of text.matchAll(/(?:^|[\s;&|(])sysctl\b([^;&|)\n]*)/g)) found.push(...settingsIn(m[1]));
  }
  found.push(...procWritesIn(text));
  return found;
}

const OPEN_CALLS = new Set(['open', 'io.open', 'builtins.open', 'codecs.open']);

/** The `open(path, mode)` call that produced the handle named `name`, seen from `at`. */
function openCallOf(name: string, at: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  for (let p = at.parent; p; p = p.parent) {
    if (p.type === 'function_definition') break;
    if (p.type !== 'with_statement') continue;
    for (const item of p.descendantsOfType('as_pattern')) {
      const target = item.namedChildren.find((c) => c.type === 'as_pattern_target');
      const value = item.namedChildren[0];
      if (target && value && context.text(target).trim() === name && value.type === 'call') return value;
    }
  }
  const definition = functionTaint(at, context).definitionBefore(name, at.startIndex);
  const value = definition ? unparenthesize(definition.value) : undefined;
  return value && value.type === 'call' ? value : undefined;
}

/** `f.write('1')` on a file opened for writing under /proc/sys/. */
function procFileWeakening(call: SyntaxNode, context: RuleContext): Weakening | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute');
  const handle = fn.childForFieldName('object');
  if (!method || context.text(method) !== 'write' || !handle || handle.type !== 'identifier') return undefined;
  const opened = openCallOf(context.text(handle), call, context);
  if (!opened || !OPEN_CALLS.has(calleeName(opened, context.text))) return undefined;
  const { positional, keywords } = callArguments(opened, context.text);
  const pathArg = positional[0] ?? keywords.get('file');
  const modeArg = positional[1] ?? keywords.get('mode');
  const mode = modeArg ? template(modeArg, context) : 'r';
  if (!/[wa+]/.test(mode) || !pathArg) return undefined;
  const path = template(pathArg, context);
  const key = PROC_SYS_KEY.exec(path);
  const written = callArguments(call, context.text).positional[0];
  if (!key || !written) return undefined;
  const value = unparenthesize(written).type === 'integer' ? context.text(written) : template(written, context).trim();
  if (!/^-?\d+$/.test(value)) return undefined;
  return weakening(key[1], value, `${shown(path.slice(path.indexOf('/proc/sys/') + '/proc/sys/'.length))}=${value}`);
}

/** Code of the floating-IP namespace: a `fip` module (dvr_fip_ns.py) or a class named for it. */
function inFipNamespaceCode(call: SyntaxNode, context: RuleContext): boolean {
  if (/(^|\/)[^/]*fip[^/]*\.py$/.test(context.file.path)) return true;
  // From the index of defs and classes: walking up parents costs the depth per step in tree-sitter.
  for (const node of enclosingScopes(call)) {
    if (node.type !== 'class_definition') continue;
    const name = node.childForFieldName('name');
    if (name && /fip|floating_?ip/i.test(context.text(name))) return true;
  }
  return false;
}

/** DVR105 kernel-protection-weakened: a sysctl write that switches a network protection off. */
export const DVR105: RuleCheck = {
  id: 'DVR105',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: new RegExp(KEYS),
  check(call, context) {
    const all = [...commandWeakenings(call, context)];
    const fileWrite = procFileWeakening(call, context);
    if (fileWrite) all.push(fileWrite);
    if (all.length === 0) return;
    // proxy_arp=1 on the floating-IP namespace's gateway is how DVR answers ARP for floating IPs.
    const found = inFipNamespaceCode(call, context) ? all.filter((w) => !w.setting.includes('proxy_arp')) : all;
    if (found.length === 0) return;
    const worst = found.find((w) => w.severity === undefined) ?? found[0];
    context.report({ node: call.childForFieldName('function') ?? call, value: worst.setting, severity: worst.severity });
  },
};
