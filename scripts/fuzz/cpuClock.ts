import * as fs from 'fs';

/**
 * CPU time of another process, for hang detection that a loaded machine cannot fool: a case
 * that waits for the CPU is slow, not hung. Linux reports it in /proc/PID/stat as clock
 * ticks (USER_HZ, 100 on every Linux ABI Node supports).
 */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds used so far by process `pid`, or undefined where /proc cannot tell. */
export function cpuSecondsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : undefined;
}

export interface HangVerdict {
  hung: boolean;
  /** How the case was measured, for the failure message. */
  detail: string;
}

/**
 * Decides when one case of a child process has hung: more than `limitSeconds` of its CPU time,
 * or, for a case blocked without using CPU (a read that never returns), no CPU used at all for
 * `limitSeconds` of wall time. A loaded machine slows a case down but never stops its CPU clock:
 * the scheduler gives every runnable process some time. Where /proc is missing, wall time decides.
 */
export class CaseWatch {
  private readonly cpuAtStart: number | undefined;
  private readonly wallAtStart = Date.now();
  private lastCpu: number | undefined;
  private lastProgress = Date.now();

  constructor(private readonly pid: number, private readonly limitSeconds: number) {
    this.cpuAtStart = cpuSecondsOf(pid);
    this.lastCpu = this.cpuAtStart;
  }

  check(): HangVerdict {
    const wall = (Date.now() - this.wallAtStart) / 1000;
    const now = this.cpuAtStart === undefined ? undefined : cpuSecondsOf(this.pid);
    if (now === undefined || this.cpuAtStart === undefined) {
      return { hung: wall > this.limitSeconds, detail: `no result after ${this.limitSeconds} s of wall time (CPU time unavailable)` };
    }
    if (now !== this.lastCpu) {
      this.lastCpu = now;
      this.lastProgress = Date.now();
    }
    const cpu = now - this.cpuAtStart;
    if (cpu > this.limitSeconds) return { hung: true, detail: `no result after ${this.limitSeconds} s of CPU time (${wall.toFixed(0)} s wall)` };
    const idle = (Date.now() - this.lastProgress) / 1000;
    if (idle > this.limitSeconds) return { hung: true, detail: `blocked: no CPU used for ${idle.toFixed(0)} s (${cpu.toFixed(1)} s CPU in ${wall.toFixed(0)} s wall)` };
    return { hung: false, detail: '' };
  }
}
