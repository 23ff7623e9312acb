import { callArguments, lastSegment, unparenthesize } from '../engine/python';
import type { Level, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { argument, isFalseLiteral, isLiteral } from './callFacts';
import { assignedValue, callName } from './resolvedNames';

const ETREE_PARSERS = ['parse', 'iterparse', 'fromstring', 'fromstringlist', 'XML', 'XMLID', 'XMLParser', 'XMLPullParser'];
/** Standard-library parsers: expat, which expands internal entities (billion laughs) on older releases. */
const STDLIB_PARSERS = new Set([
  ...ETREE_PARSERS.map((f) => `xml.etree.ElementTree.${f}`),
  ...ETREE_PARSERS.map((f) => `xml.etree.cElementTree.${f}`),
  ...['parse', 'parseString'].flatMap((f) => [`xml.dom.minidom.${f}`, `xml.dom.pulldom.${f}`, `xml.dom.expatbuilder.${f}`]),
  'xml.sax.parse',
  'xml.sax.parseString',
  'xml.sax.make_parser',
  'xml.parsers.expat.ParserCreate',
]);
/** lxml resolves external entities and fetches DTDs unless told not to. */
const LXML_PARSERS = new Set(['parse', 'fromstring', 'XML', 'iterparse', 'XMLID', 'fromstringlist'].map((f) => `lxml.etree.${f}`));
const LXML_PARSER_CLASS = 'lxml.etree.XMLParser';

/** `etree.XMLParser(resolve_entities=False, ...)`, directly or through a variable. */
function isHardenedLxmlParser(parser: SyntaxNode, context: RuleContext): boolean {
  const p = assignedValue(parser, context);
  if (p.type !== 'call' || callName(p, context) !== LXML_PARSER_CLASS) return false;
  return isFalseLiteral(callArguments(p, context.text).keywords.get('resolve_entities'));
}

/**
 * DVR506 xml-unsafe-parser: XML parsed with the standard library's parsers or lxml
 * instead of defusedxml (external entities, entity expansion).
 */
export const DVR506: RuleCheck = {
  id: 'DVR506',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /xml|etree|ElementTree|minidom|sax|expat/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name || !(name.startsWith('xml.') || name.startsWith('lxml.'))) return;
    let confidence: Level;
    if (STDLIB_PARSERS.has(name)) {
      confidence = 'medium';
    } else if (LXML_PARSERS.has(name)) {
      const parser = argument(call, context, 1, 'parser');
      if (parser && isHardenedLxmlParser(parser, context)) return;
      confidence = 'high';
    } else if (name === LXML_PARSER_CLASS) {
      // A parser object that resolves entities: reported where it is made.
      const resolve = callArguments(call, context.text).keywords.get('resolve_entities');
      if (isFalseLiteral(resolve)) return;
      confidence = 'high';
    } else {
      return;
    }
    // `defusedxml.defuse_stdlib()` in the module patches the standard library's parsers.
    if (name.startsWith('xml.') && context.memo('DVR506:defused', () => /defuse_stdlib\s*\(/.test(context.file.text))) return;
    const data = callArguments(call, context.text).positional[0];
    if (data && isLiteral(data, context) && !name.endsWith('parse')) return;
    if (data && unparenthesize(data).type === 'string' && name.endsWith('.parse')) confidence = 'low';
    context.report({ node: call.childForFieldName('function') ?? call, value: `${name.split('.').slice(0, -1).pop()}.${lastSegment(name)}`, confidence });
  },
};
