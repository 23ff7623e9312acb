import { callArguments, unparenthesize } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isFalseLiteral, isLiteral, shortText } from './callFacts';
import { callName } from './resolvedNames';

const JINJA_ENVIRONMENTS = new Set(['jinja2.Environment', 'jinja2.Template', 'jinja2.environment.Environment', 'jinja2.sandbox.SandboxedEnvironment']);
const MARK_SAFE = new Set([
  'markupsafe.Markup',
  'jinja2.Markup',
  'flask.Markup',
  'django.utils.safestring.mark_safe',
  'django.utils.safestring.SafeString',
  'django.utils.safestring.SafeText',
]);
const MAKO = new Set(['mako.template.Template', 'mako.lookup.TemplateLookup']);
/** Calls whose result is already escaped: marking it safe is right. */
const ESCAPING = /(^|\.)(escape|conditional_escape|format_html|format_html_join|escape_silent|clean|linkify|render_to_string|render|json_script|urlize)$/;
/** The module writes HTML: its text mentions HTML files, MIME type or tags. */
const HTML_HINT = /\.html?\b|text\/html|<(html|div|p|a|span|table|td|tr|li|ul|br|b|script)\b/i;

function autoescapeFix(call: SyntaxNode, value: SyntaxNode | undefined): Fix | undefined {
  if (value) return { title: 'Turn autoescaping on', applicability: 'unsafe', edits: [{ start: value.startIndex, end: value.endIndex, newText: 'True' }] };
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const last = args.namedChildren.filter((c) => c.type !== 'comment').pop();
  const edit = last ? { start: last.endIndex, end: last.endIndex, newText: ', autoescape=True' } : { start: args.startIndex + 1, end: args.startIndex + 1, newText: 'autoescape=True' };
  return { title: 'Turn autoescaping on', applicability: 'unsafe', edits: [edit] };
}

/** `Markup(x)` is fine when x is a literal or already escaped. */
function isEscapedOrConstant(arg: SyntaxNode, context: RuleContext): boolean {
  const a = unparenthesize(arg);
  if (isLiteral(a, context)) return true;
  if (a.type === 'call') {
    if (ESCAPING.test(callName(a, context) || context.text(a.childForFieldName('function') ?? a))) return true;
  }
  // Text built from a literal and escaped values: `'<b>%s</b>' % escape(name)`, `f'<b>{escape(name)}</b>'`.
  const values = splicedValues(a, context);
  return values !== undefined && values.every((v) => isEscapedOrConstant(v, context));
}

/** The values put into a literal with `%`, an f-string or `.format()`; undefined for other expressions. */
function splicedValues(a: SyntaxNode, context: RuleContext): SyntaxNode[] | undefined {
  if (a.type === 'binary_operator' && context.text(a.childForFieldName('operator') ?? a) === '%') {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right || !isLiteral(left, context)) return undefined;
    const r = unparenthesize(right);
    return r.type === 'tuple' ? r.namedChildren.filter((c) => c.type !== 'comment') : [r];
  }
  if (a.type === 'string' || a.type === 'concatenated_string') {
    return a.descendantsOfType('interpolation').map((i) => i.namedChildren[0]).filter((v): v is SyntaxNode => !!v);
  }
  return undefined;
}

/** The code around the call writes HTML: its function's text (or, at module level, the file's) mentions HTML files, MIME type or tags. */
function mentionsHtml(call: SyntaxNode, context: RuleContext): boolean {
  const fn = context.model.enclosingFunction(call);
  if (fn) return HTML_HINT.test(context.text(fn));
  return context.memo('DVR108:html', () => HTML_HINT.test(context.file.text));
}

/**
 * DVR108 template-unescaped: HTML templates rendered without escaping (jinja2 without
 * autoescape, mako) and text marked safe HTML (`Markup(x)`, `mark_safe(x)`) that is not a constant.
 */
export const DVR108: RuleCheck = {
  id: 'DVR108',
  nodeTypes: ['call'],
  // A module-level template's finding depends on the whole file's text (mentionsHtml), which
  // an edit inside any function can change: the rule re-runs on the whole file (its prefilter
  // keeps that to the few files that use templates).
  scope: 'file',
  prefilter: /jinja2|markupsafe|Markup|mark_safe|SafeString|mako/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name) return;
    const callee = call.childForFieldName('function') ?? call;
    const args = callArguments(call, context.text);
    if (JINJA_ENVIRONMENTS.has(name)) {
      // Templates for configuration files (keepalived, haproxy, dnsmasq) are not HTML.
      if (!mentionsHtml(call, context) || name.endsWith('SandboxedEnvironment') && args.keywords.has('autoescape')) return;
      const autoescape = args.keywords.get('autoescape');
      if (autoescape && !isFalseLiteral(autoescape)) return;
      if (!autoescape && args.hasSplat) return;
      const fix = autoescapeFix(call, autoescape);
      context.report({ node: autoescape ?? callee, value: autoescape ? 'autoescape=False' : `${name.split('.').pop()}() without autoescape`, ...(fix ? { fixes: [fix] } : {}) });
      return;
    }
    if (MAKO.has(name)) {
      const filters = args.keywords.get('default_filters');
      if (filters && /['"]h['"]/.test(context.text(filters))) return;
      context.report({ node: callee, value: `mako ${name.split('.').pop()} without the 'h' filter` });
      return;
    }
    if (MARK_SAFE.has(name)) {
      const text = args.positional[0];
      if (!text || isEscapedOrConstant(text, context)) return;
      context.report({ node: callee, value: `${name.split('.').pop()}(${shortText(text, context)})`, message: `'${shortText(text, context)}' is marked safe HTML without escaping` });
    }
  },
};
