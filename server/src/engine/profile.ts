/**
 * Per-rule CPU accounting for the benchmark (`npm run bench` prints each rule's share). Off
 * unless a profile is set; then every rule check is timed, and the time spent building
 * file-level facts (the module model, `context.memo` values) is counted apart from the rule
 * that happened to ask for them first.
 */
export class RuleProfile {
  /** Milliseconds in each rule's checks, file-level facts excluded. */
  readonly byRule = new Map<string, number>();
  /** Milliseconds building file-level facts (model, memo), whichever rule asked. */
  facts = 0;
  private depth = 0;

  addRule(ruleId: string, ms: number): void {
    this.byRule.set(ruleId, (this.byRule.get(ruleId) ?? 0) + ms);
  }

  /** Runs `compute`, counting its time as file-level facts (nested facts count once). */
  timeFacts<T>(compute: () => T): T {
    if (this.depth > 0) return compute();
    this.depth++;
    const start = cpuNow();
    try {
      return compute();
    } finally {
      this.facts += cpuNow() - start;
      this.depth--;
    }
  }
}

/**
 * CPU time of the process in milliseconds (wall time would count the moments other processes
 * of a busy machine hold the core). Microsecond resolution; a call costs about a microsecond.
 */
export function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

let active: RuleProfile | undefined;

export function setRuleProfile(profile: RuleProfile | undefined): void {
  active = profile;
}

export function activeRuleProfile(): RuleProfile | undefined {
  return active;
}
