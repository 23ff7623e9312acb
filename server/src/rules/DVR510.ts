import { PATH_PURPOSE } from '../analysis/paths';
import { PATH_SINK_WORDS, pathUses } from '../analysis/pathSinks';
import { spanOf, taintFor, taintPath } from '../analysis/taint';
import type { RuleCheck } from '../engine/types';

/**
 * DVR510 path-traversal: a value from a threat-model source (a web request, an API body, the
 * command line, the environment, a socket) names a file that is opened, written, removed,
 * moved or unpacked, with nothing that keeps it inside a directory: no `os.path.basename`,
 * `secure_filename`, membership in a constant set, UUID check, or containment check on a
 * normalised path (analysis/paths.ts). Sinks: analysis/pathSinks.ts.
 */
export const DVR510: RuleCheck = {
  id: 'DVR510',
  nodeTypes: ['call'],
  scope: 'callees',
  prefilter: PATH_SINK_WORDS,
  check(call, context) {
    // Tests open the files they make.
    if (context.file.isTestCode) return;
    for (const use of pathUses(call, context)) {
      const taint = taintFor(PATH_PURPOSE, use.path, context);
      if (!taint) continue;
      const callee = call.childForFieldName('function') ?? call;
      context.report({
        node: callee,
        value: taint.name,
        // The invoking user's own command line or environment is a weaker attacker than a remote client.
        ...(taint.origin === 'local' ? { severity: 'medium', confidence: 'medium' } : {}),
        related: taintPath(taint, spanOf(use.path), `used as a file path in ${use.sink}()`),
      });
      return;
    }
  },
};
