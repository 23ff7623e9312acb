// Runs named e2e steps one after another: each step passes or fails on its own
// (a failure does not stop the next step), leaves at least one numbered
// screenshot, and the run ends with a per-step summary.
import fs from 'node:fs';
import path from 'node:path';

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export class StepRunner {
  constructor({ outDir, page, log = console.log, prefix = '', only }) {
    this.only = only; // step numbers to run (debugging); undefined: all
    this.outDir = outDir;
    this.page = page;
    this.log = log;
    this.prefix = prefix;
    this.results = [];
  }

  /**
   * Runs `fn(ctx)`; ctx.shot(label) saves `NN-label.png`. A step that throws
   * fails; its failure screenshot is `NN-<name>-FAILED.png`.
   */
  async step(number, name, fn) {
    if (this.only && !this.only.includes(number)) return true;
    const nn = String(number).padStart(2, '0');
    const shots = [];
    const shot = async (label) => {
      const file = path.join(this.outDir, `${this.prefix}${nn}-${slug(label)}.png`);
      await this.page.screenshot({ path: file });
      shots.push(path.basename(file));
      return file;
    };
    const started = Date.now();
    this.log(`step ${nn}: ${name}`);
    let error;
    try {
      const detail = await fn({ shot, log: (m) => this.log(`  ${m}`) });
      if (detail) this.log(`  ${detail}`);
    } catch (e) {
      error = e instanceof Error ? e.message.split('\n')[0] : String(e);
      await shot(`${name}-FAILED`).catch(() => {});
    }
    const result = { step: nn, name, ok: !error, error, screenshots: shots, seconds: (Date.now() - started) / 1000 };
    this.results.push(result);
    this.log(`  ${result.ok ? 'PASS' : `FAIL: ${error}`} (${result.seconds.toFixed(1)} s; ${shots.join(', ') || 'no screenshot'})`);
    return result.ok;
  }

  /** Prints the per-step table, writes summary JSON; true if every step passed. */
  summary(title, jsonFile) {
    this.log(`---- ${title}: per-step summary ----`);
    for (const r of this.results) {
      this.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.step} ${r.name}  [${r.screenshots.join(', ')}]${r.ok ? '' : `\n        ${r.error}`}`);
    }
    const failed = this.results.filter((r) => !r.ok).length;
    this.log(`${this.results.length - failed} passed, ${failed} failed`);
    if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(this.results, null, 2));
    return failed === 0 && this.results.length > 0;
  }
}
