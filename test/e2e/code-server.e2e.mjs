#!/usr/bin/env node
// End-to-end test in a real VS Code (code-server + headless Chromium): installs
// the VSIX, opens a workspace copied from examples/ and acts as a person would,
// one step at a time, each step with a numbered screenshot in the output dir:
//   01 open a file: squiggles in the editor, our codes in the Problems panel
//   02 hover a finding: the rule's documentation (title, "Why")
//   03 findings view (activity bar): click an item, the cursor lands on the finding
//   04 Ctrl+. on a finding: apply a quick fix, the file text changes as expected
//   05 type an edit that creates a finding (bare `except:`): it appears in Problems
//   06 SIGKILL the language server: the client restarts it, diagnostics come back,
//      and a new edit is analysed by the new server
//   07 the status bar item shows the finding counts of the file and the workspace
//   08 Command Palette 'DVR Security Hints: Fix all auto-fixable problems': the
//      file reads what the CLI's --fix makes of it, and a notification says what changed
//   09 findings view triage: text filter, named CWE groups (one row per finding),
//      current-file toggle, the active filter shown in the view
//   10 the rule code in the Problems panel opens the rule's bundled documentation
//   11 one count: the view's badge, the status bar, the CWE groups and the Problems panel
//      all count the CLI's findings (a finding with several CWEs is one entry)
//   12 'Apply Quick Fix' is in the context menu of a finding with a fix, not of one without
//   13 a mistyped rule id in the workspace settings: one notification names the setting
//      with a "did you mean"; only that setting falls back, the others apply
// Every step runs even if an earlier one failed; the run prints a per-step
// summary (also summary-code-server.json) and exits 1 if any step failed.
//
//   node test/e2e/code-server.e2e.mjs --vsix FILE [--out DIR] [--keep] [--only 1,5]
// (default out: test-output/e2e). Expected findings come from the CLI
// (bin/dvr-hints.js scan --format json) on the same workspace: the editor must
// show what the engine reports.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, loadE2eEnv, REPO_ROOT, waitUntil } from './lib/env.mjs';
import { CodeServer, launchChromium, openWorkbench } from './lib/code-server.mjs';
import { StepRunner } from './lib/steps.mjs';
import {
  answerInputBox, cursorPosition, dismissNotifications, filterProblems, goTo, openFile, openProblems, pidsWithCommandLine,
  problemRows, problemRowsFor, problemsTotal, runCommand, sel, squiggles, squigglesOnLine, statusBarItem, 
} from './lib/workbench.mjs';

const EXTENSION_ID = 'dvr-hints.dvr-security-hints';
const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const TARGET = 'neutron_agent/l3/dvr_edge_router.py';
const OTHER = 'neutron_agent/common/utils.py'; // a second file with findings (step 7)
const CLI = path.join(REPO_ROOT, 'bin/dvr-hints.js');
const WAIT = 60_000; // first analysis includes server start-up and tree-sitter loading
const TIMEOUT_MS = Number(process.env.DVR_E2E_TIMEOUT_MS || 600_000);

// Settings a person could have; they keep typed text literal (no auto-indent,
// no suggestion accepted by Enter).
const USER_SETTINGS = {
  // VS Code for the Web saves after a second by default; steps 5, 6 and 8 are about
  // unsaved buffers (VS Code desktop's default).
  'files.autoSave': 'off',
  'editor.autoIndent': 'none',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.parameterHints.enabled': false,
  'editor.minimap.enabled': false,
};

const log = (m) => console.log(`[code-server-e2e] ${m}`);
const keyOf = (f) => `${f.code}@${f.line}:${f.col}`;

/**
 * How a finding shows in the editor (README, server/src/lsp/levels.ts): high Error,
 * medium Warning, low Information; a low-confidence finding one step lower, never below
 * Information (a Hint would be hidden from the Problems panel).
 */
const EDITOR_KINDS = ['error', 'warning', 'info'];
function editorKind(severity, confidence) {
  const base = { high: 0, medium: 1, low: 2 }[severity];
  return EDITOR_KINDS[Math.min(base + (confidence === 'low' ? 1 : 0), EDITOR_KINDS.length - 1)];
}

/**
 * Findings the engine reports for the workspace's files as they are on disk, by path
 * relative to the workspace: [{code,line,col,endLine,endCol,severity,confidence,kind}].
 */
function expectedFindings(ws) {
  const json = execFileSync(process.execPath, [CLI, 'scan', ws, '--format', 'json', '--exit-zero'], { cwd: ws }).toString();
  const byFile = new Map();
  for (const f of JSON.parse(json).findings) {
    const rel = path.relative(ws, path.resolve(ws, f.file)).split(path.sep).join('/');
    if (!byFile.has(rel)) byFile.set(rel, []);
    byFile.get(rel).push({
      code: f.ruleId, line: f.start.line, col: f.start.column, endLine: f.end.line, endCol: f.end.column,
      severity: f.severity, confidence: f.confidence, kind: editorKind(f.severity, f.confidence), fixable: f.fixes.length > 0,
    });
  }
  return byFile;
}

/** VS Code leaves Hint diagnostics out of the Problems panel; no finding is a Hint, so every one is listed. */
const inProblemsPanel = (f) => EDITOR_KINDS.includes(f.kind);

/** The status bar's wording of counts, by the Problems panel's levels: '18 findings (3 errors, 3 warnings, 12 info)'. */
function describeCounts(findings) {
  if (findings.length === 0) return 'no findings';
  const words = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'] };
  const by = EDITOR_KINDS.map((k) => [k, findings.filter((f) => f.kind === k).length]).filter(([, n]) => n > 0);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${by.map(([k, n]) => `${n} ${words[k][n === 1 ? 0 : 1]}`).join(', ')})`;
}

/** The first line where two texts differ, for a readable failure. */
function firstDifference(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}: got '${(x[at] ?? '<end>').trim()}', want '${(y[at] ?? '<end>').trim()}'`;
}

/** Title of a rule from rules/<id>.md front matter. */
function ruleTitle(id) {
  const m = /^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'rules', `${id}.md`), 'utf8'));
  return m[1].replace(/^["']|["']$/g, '').trim();
}

/**
 * Waits until the Problems panel lists exactly `expected` ({code,line,col}):
 * the rows of each rule id match, and the status bar's total has no extras.
 */
async function waitForProblems(page, expected, what) {
  const want = expected.map(keyOf).sort().join(' ');
  const codes = [...new Set(expected.map((f) => f.code))];
  let got = '';
  let total = 0;
  await waitUntil(async () => {
    got = (await problemRowsFor(page, codes)).map(keyOf).sort().join(' ');
    total = await problemsTotal(page);
    return got === want && total === expected.length;
  }, { timeout: WAIT, interval: 500, what })
    .catch((e) => { throw new Error(`${e.message}: want [${want}], Problems shows [${got}] (${total} problems in all)`); });
}

const inRange = (p, f) => (p.line > f.line || (p.line === f.line && p.col >= f.col))
  && (p.line < f.endLine || (p.line === f.endLine && p.col <= f.endCol));

async function main() {
  const args = process.argv.slice(2);
  const vsix = argValue(args, '--vsix');
  if (!vsix) throw new Error('usage: code-server.e2e.mjs --vsix FILE [--out DIR] [--keep]');
  const outDir = path.resolve(argValue(args, '--out', path.join(REPO_ROOT, 'test-output/e2e')));
  const keep = args.includes('--keep');
  const env = loadE2eEnv();
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) if (/^0[1-9]-.*\.png$/.test(f)) fs.rmSync(path.join(outDir, f));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-ui-'));
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), ws, { recursive: true });
  const expected = expectedFindings(ws);
  const targetFile = path.join(ws, TARGET);
  const targetExpected = expected.get(TARGET) ?? [];
  log(`workspace ${ws}: the CLI reports ${[...expected.values()].flat().length} findings, ${targetExpected.length} in ${TARGET}`);

  let server, browser, page;
  const timer = setTimeout(() => { log('FAIL: global timeout'); server?.killNow(); process.exit(1); }, TIMEOUT_MS);
  timer.unref();
  try {
    server = await CodeServer.start({ env, tmp, logFile: path.join(outDir, 'code-server-ui.log'), vsixes: [path.resolve(vsix)], settings: USER_SETTINGS, log });
    const serverScript = path.join(server.extensionFolder(EXTENSION_ID), 'dist/server.js');
    browser = await launchChromium(env, server.childEnv);
    page = await openWorkbench(browser, server.folderUrl(ws), { expectFile: 'neutron_agent', log });
    page.setDefaultTimeout(30_000);
    const only = argValue(args, '--only');
    const steps = new StepRunner({ outDir, page, log, only: only && only.split(',').map(Number) });
    const before = async () => { await page.keyboard.press('Escape'); await dismissNotifications(page); };

    await steps.step(1, 'open a file: squiggles and DVR codes in the Problems panel', async ({ shot }) => {
      await before();
      await openFile(page, TARGET);
      const shell = targetExpected.find((f) => f.code === 'DVR101');
      if (!shell) throw new Error(`the CLI reports no DVR101 in ${TARGET}`);
      await goTo(page, shell.line, shell.col);
      // Any kind: with the threat models a parameter-built command is medium (a Warning), not an Error.
      const marks = await waitUntil(async () => { const s = await squiggles(page); return s.error + s.warning + s.info > 0 && s; },
        { timeout: WAIT, what: 'squiggle decorations in the editor' });
      // Every finding is drawn on its line as its editor severity: Hint findings too,
      // which the Problems panel does not list.
      for (const f of targetExpected) {
        await goTo(page, f.line, f.col);
        let seen;
        await waitUntil(async () => (seen = await squigglesOnLine(page, f.line))?.includes(f.kind),
          { timeout: 10_000, what: `a ${f.kind} squiggle on line ${f.line} for ${keyOf(f)} (${f.severity} severity, ${f.confidence} confidence)` })
          .catch((e) => { throw new Error(`${e.message}; the line has: [${seen ?? 'not rendered'}]`); });
      }
      const listed = targetExpected.filter(inProblemsPanel);
      const hints = targetExpected.filter((f) => !inProblemsPanel(f));
      await openProblems(page);
      await waitForProblems(page, listed, `our findings in the Problems panel`);
      await goTo(page, shell.line, shell.col);
      await shot('problems-panel-and-squiggles');
      const codes = [...new Set(listed.map((f) => f.code))].sort().join(', ');
      const kinds = EDITOR_KINDS.map((k) => `${targetExpected.filter((f) => f.kind === k).length} ${k}`).join(', ');
      return `squiggles of the mapped kind on every finding's line (${kinds}); Problems lists the ${listed.length} non-Hint findings (${codes}) at the CLI's positions; Hint only: ${hints.map(keyOf).join(' ') || 'none'}`;
    });

    await steps.step(2, 'hover a finding: rule documentation', async ({ shot }) => {
      await before();
      await openFile(page, TARGET);
      const shell = targetExpected.find((f) => f.code === 'DVR101');
      await goTo(page, shell.line, shell.col + 3);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I'); // editor.action.showHover
      const hover = page.locator(sel.hover).first();
      await hover.waitFor({ state: 'visible' });
      // The diagnostic part shows first; hover providers' parts may follow.
      const title = ruleTitle('DVR101');
      let text = '';
      const docs = await waitUntil(async () => {
        text = (await hover.innerText().catch(() => '')).replace(/\s+/g, ' ');
        return text.includes(title) && /\bWhy\b/.test(text);
      }, { timeout: 15_000, what: 'the rule docs in the hover' }).catch(() => false);
      await shot('hover-rule-docs');
      if (!docs) throw new Error(`hover lacks the rule docs (title '${title}' and 'Why'); hover text: '${text.slice(0, 300)}'`);
      // The rule id links to the bundled rules/DVR101.md (the CWE links come after it, as references).
      const links = await hover.locator('a').evaluateAll((els) => els.map((a) => ({ text: a.innerText.trim(), href: a.getAttribute('data-href') || a.getAttribute('href') || a.title || '' })));
      const docLink = links.find((l) => l.text === 'DVR101');
      if (!docLink || !/\/rules\/DVR101\.md$/.test(docLink.href)) throw new Error(`the hover's 'DVR101' does not link to rules/DVR101.md: ${JSON.stringify(links)}`);
      return `hover shows '${title}' and 'Why'; 'DVR101' links to ${docLink.href}`;
    });

    await steps.step(3, 'findings view: click an item, the cursor lands on the finding', async ({ shot }) => {
      await before();
      // The activity-bar item's label is the container's title (a keybinding may follow).
      // Click the whole item, as a person does: its count badge covers the icon's middle.
      const container = MANIFEST.contributes.viewsContainers.activitybar.find((c) => c.id === 'dvrHints');
      const item = page.locator(`.part.activitybar .action-item:has(> .action-label[aria-label^="${container.title}"])`).first();
      await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
        const labels = await page.locator('.part.activitybar .action-item .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        throw new Error(`no activity-bar item '${container.title}' for our view container; activity bar has: ${labels.join(' | ')}`);
      });
      // A click on the item of the open container would close it.
      if (!(await item.evaluate((li) => li.classList.contains('checked')))) await item.click();
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await rows.first().waitFor({ state: 'visible', timeout: WAIT });
      // Expand groups (by file / rule / severity) until a finding row shows.
      const leaf = await waitUntil(async () => {
        const n = await rows.count();
        for (let i = 0; i < n; i++) {
          const row = rows.nth(i);
          const twistie = row.locator('.monaco-tl-twistie');
          const cls = (await twistie.getAttribute('class').catch(() => '')) ?? '';
          if (cls.includes('collapsible') && cls.includes('collapsed')) { await row.click(); return undefined; }
          if (!cls.includes('collapsible') && /DVR\d{3}|\S/.test(await row.innerText())) return row;
        }
        return undefined;
      }, { timeout: WAIT, interval: 300, what: 'a finding row in the findings view' });
      const label = (await leaf.innerText()).replace(/\s+/g, ' ').trim();
      await leaf.click();
      let seen = '';
      const landed = await waitUntil(async () => {
        const tab = (await page.locator(`${sel.activeTab} .label-name`).first().innerText().catch(() => '')).trim();
        const pos = await cursorPosition(page).catch(() => undefined);
        seen = `${tab || 'no tab'} ${pos?.text ?? ''}`;
        // The tab label may leave out the extension.
        const file = [...expected.keys()].find((k) => path.basename(k) === tab || path.basename(k, '.py') === tab);
        const finding = pos && file && expected.get(file).find((f) => inRange(pos, f));
        return finding && { tab, pos, finding };
      }, { timeout: 15_000, what: `the cursor on the finding of '${label}'` })
        .catch((e) => { throw new Error(`${e.message}; editor shows ${seen}`); });
      await shot('findings-view-item-revealed');
      return `clicked '${label}': ${landed.tab} ${landed.pos.text} is on ${landed.finding.code} at ${landed.finding.line}:${landed.finding.col}`;
    });

    await steps.step(4, 'Ctrl+. on a finding: apply a quick fix', async ({ shot }) => {
      await before();
      await runCommand(page, 'View: Close All Editors');
      await openFile(page, TARGET);
      const lines = fs.readFileSync(targetFile, 'utf8').split('\n');
      const i = lines.findIndex((l) => l.includes('six.iteritems('));
      if (i < 0) throw new Error(`${TARGET} has no six.iteritems( call`);
      // Reopening the file re-sends it to the server: wait for its diagnostics
      // (code actions are asked for with the diagnostics at the cursor).
      await openProblems(page);
      await waitUntil(async () => (await problemRowsFor(page, ['DVR801'])).some((r) => r.line === i + 1),
        { timeout: WAIT, interval: 500, what: `the DVR801 finding at line ${i + 1} in Problems` });
      await goTo(page, i + 1, lines[i].indexOf('six.iteritems') + 1);
      // Action rows only (the menu also has group headers such as 'Quick Fix').
      const rows = page.locator(`${sel.actionWidget} .monaco-list-row.action:not(.disabled)`);
      await waitUntil(async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        return rows.first().waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
      }, { timeout: 20_000, interval: 500, what: 'the Ctrl+. menu' })
        .catch(() => { throw new Error('Ctrl+. shows no code actions on the DVR801 finding'); });
      const titles = (await rows.evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()))).filter(Boolean);
      const index = titles.findIndex((t) => !/^Suppress |fix all|^Learn more/i.test(t));
      await shot('quick-fix-menu');
      if (index < 0) throw new Error(`no quick fix other than suppressions in the menu: ${titles.join(' | ')}`);
      await rows.nth(index).click();
      await page.keyboard.press('Control+S');
      const expectedLine = lines[i].replace(/six\.iteritems\((\w+)\)/, '$1.items()');
      const got = await waitUntil(() => {
        const now = fs.readFileSync(targetFile, 'utf8').split('\n').find((l) => l.includes('for fip_id, status in'));
        return now === expectedLine && now;
      }, { timeout: 15_000, what: `the saved file to contain '${expectedLine.trim()}'` });
      await shot('quick-fix-applied');
      return `applied '${titles[index]}': '${got.trim()}'`;
    });

    await steps.step(5, 'type a bare except: a new finding appears in Problems', async ({ shot }) => {
      await before();
      await openFile(page, TARGET);
      await page.locator(sel.editor).click({ position: { x: 200, y: 100 } });
      if (await page.locator(`${sel.activeTab}.dirty`).count()) throw new Error(`${TARGET} has unsaved changes before typing`);
      // The buffer equals the file on disk: Ctrl+End goes to its last line.
      const lastLine = fs.readFileSync(targetFile, 'utf8').split('\n').length;
      await page.keyboard.press('Control+End');
      const end = await waitUntil(async () => { const p = await cursorPosition(page); return p.line === lastLine && p; },
        { timeout: 10_000, what: `the cursor on the last line (${lastLine})` });
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      for (const text of ['def e2e_probe(device):', '    try:', '        device.link.delete()', '    except:', '        pass']) {
        await page.keyboard.type(text, { delay: 5 });
        await page.keyboard.press('Enter');
      }
      const exceptLine = end.line + 5;
      await openProblems(page);
      await filterProblems(page, 'DVR301');
      const row = await waitUntil(async () => (await problemRows(page)).find((r) => r.code === 'DVR301' && r.line === exceptLine),
        { timeout: WAIT, what: `a DVR301 row at Ln ${exceptLine} in the Problems panel` });
      await shot('typed-bare-except-new-problem');
      await filterProblems(page, '');
      return `Problems: '${row.text}'`;
    });

    await steps.step(6, 'SIGKILL the language server: it restarts and diagnostics come back', async ({ shot }) => {
      await before();
      await openFile(page, TARGET);
      await openProblems(page);
      // What the editor shows now (the fixed and typed-into buffer). Hint-only rule ids
      // never show in Problems: reading them would only wait for the filter.
      const codes = [...new Set([...targetExpected.filter(inProblemsPanel).map((f) => f.code), 'DVR301'])];
      const shown = (await problemRowsFor(page, codes)).map(({ code, line, col }) => ({ code, line, col }));
      if (!shown.length) throw new Error('no findings in the Problems panel before the kill');
      if (await problemsTotal(page) !== shown.length) throw new Error(`Problems lists ${await problemsTotal(page)} problems, of which ${shown.length} have our known rule ids`);
      const old = await pidsWithCommandLine(serverScript);
      if (old.length !== 1) throw new Error(`expected one language server process (${serverScript}), found ${old.length}`);
      process.kill(old[0], 'SIGKILL');
      log(`  killed language server pid ${old[0]}`);
      const fresh = await waitUntil(async () => (await pidsWithCommandLine(serverScript)).filter((p) => p !== old[0]).at(0),
        { timeout: WAIT, what: 'a new language server process' });
      log(`  new language server pid ${fresh}`);
      await dismissNotifications(page);
      await waitForProblems(page, shown, 'the same findings in Problems after the restart');
      // Stale diagnostics would pass the check above: an edit proves the new server analyses.
      await page.locator(sel.editor).click({ position: { x: 200, y: 100 } });
      await page.keyboard.press('Control+End');
      await page.keyboard.type('import six', { delay: 5 });
      // The status bar's 'Ln, Col' lags behind typing on a busy machine: read it once it shows the end of the typed text.
      const { line } = await waitUntil(async () => { const p = await cursorPosition(page); return p.col === 'import six'.length + 1 && p; },
        { timeout: 10_000, what: "the cursor after the typed 'import six'" });
      await waitUntil(async () => (await problemRowsFor(page, ['DVR801'])).some((r) => r.line === line && r.col === 1),
        { timeout: WAIT, interval: 500, what: `a DVR801 row at Ln ${line} from the restarted server` });
      await shot('server-restarted-diagnostics-back');
      return `server ${old[0]} killed, ${fresh} started; ${shown.length} findings shown again; typed 'import six' at line ${line}: DVR801 reported`;
    });

    const status = () => statusBarItem(page, EXTENSION_ID, 'dvrHints.status');
    /** Waits until our status bar item's text (`file · workspace`, or `workspace` with no Python editor) matches `counts` and its tooltip holds `lines`. */
    const waitForStatus = async (counts, lines, what) => {
      let seen = { text: '', label: '' };
      await waitUntil(async () => {
        seen = await statusBarItem(page, EXTENSION_ID, 'dvrHints.status');
        return counts.test(seen.text) && lines.every((l) => seen.label.includes(l));
      }, { timeout: WAIT, interval: 300, what })
        .catch((e) => { throw new Error(`${e.message}: want ${counts} and ${JSON.stringify(lines)}; the item reads '${seen.text}', '${seen.label.replace(/\s+/g, ' ')}'`); });
      return seen;
    };

    await steps.step(7, 'status bar: finding counts of the file and the workspace', async ({ shot }) => {
      await before();
      // From the files on disk: drop what steps 5 and 6 typed, close every editor
      // (the server forgets closed files), then open two files.
      await openFile(page, TARGET);
      if (await page.locator(`${sel.activeTab}.dirty`).count()) await runCommand(page, 'File: Revert File');
      await runCommand(page, 'View: Close All Editors');
      const now = expectedFindings(ws);
      const other = now.get(OTHER) ?? [];
      const target = now.get(TARGET) ?? [];
      if (!other.length || !target.length) throw new Error(`the CLI reports no findings in ${OTHER} or ${TARGET}`);
      await waitForStatus(/^0$/, ['Workspace: no findings'], 'the status bar to count nothing with no file open');
      await openFile(page, OTHER);
      await waitForStatus(new RegExp(`^${other.length} · ${other.length}$`), [`This file: ${describeCounts(other)}`, `Workspace: ${describeCounts(other)} in 1 file`],
        `the status bar to count ${OTHER}`);
      await openFile(page, TARGET);
      const both = [...other, ...target];
      const seen = await waitForStatus(new RegExp(`^${target.length} · ${both.length}$`), [`This file: ${describeCounts(target)}`, `Workspace: ${describeCounts(both)} in 2 files`],
        `the status bar to count ${TARGET} and the workspace`);
      await shot('status-bar-counts');
      return `status bar '${seen.text}': ${describeCounts(target)} in ${path.basename(TARGET)}, ${describeCounts(both)} in the 2 open files (the CLI's counts)`;
    });

    await steps.step(8, "Command Palette 'Fix all auto-fixable problems': the file reads as the CLI's --fix", async ({ shot }) => {
      await before();
      await openFile(page, TARGET);
      if (await page.locator(`${sel.activeTab}.dirty`).count()) throw new Error(`${TARGET} has unsaved changes before the fix`);
      const original = fs.readFileSync(targetFile, 'utf8');
      // What the engine's fix-all makes of the file: the CLI's --fix on a copy of the
      // workspace (same pyproject.toml).
      const copy = path.join(tmp, 'fix-all-expected');
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(ws, copy, { recursive: true });
      const cli = spawnSync(process.execPath, [CLI, 'scan', path.join(copy, TARGET), '--fix', '--exit-zero'], { cwd: copy, encoding: 'utf8' });
      const want = fs.readFileSync(path.join(copy, TARGET), 'utf8');
      const fixes = Number(/Fixed (\d+) problem/.exec(cli.stderr)?.[1]);
      if (want === original || !fixes) throw new Error(`the CLI's --fix changes nothing in ${TARGET}: nothing to test (${cli.stderr.trim()})`);
      const title = `${MANIFEST.contributes.commands.find((c) => c.command === 'dvrHints.fixAll').category}: Fix all auto-fixable problems`;
      await runCommand(page, title);
      await page.locator(`${sel.activeTab}.dirty`).waitFor({ timeout: WAIT }).catch(() => { throw new Error(`'${title}' left ${TARGET} unchanged`); });
      // The command says what it changed in a notification, with the CLI's count.
      const message = `DVR Security Hints: Fixed ${fixes} problem${fixes === 1 ? '' : 's'} in ${path.basename(TARGET)}`;
      await page.locator(sel.notificationToast, { hasText: message }).first().waitFor({ timeout: 15_000 })
        .catch(async () => { throw new Error(`no notification '${message}' (the CLI's count): '${(await page.locator('.notifications-toasts').innerText().catch(() => '')).replace(/\s+/g, ' ')}'`); });
      await shot('fix-all-notification');
      await page.keyboard.press('Control+S');
      let got = original;
      await waitUntil(() => (got = fs.readFileSync(targetFile, 'utf8')) === want, { timeout: 15_000, what: `the saved ${TARGET} to read as the CLI's --fix` })
        .catch((e) => { throw new Error(`${e.message}; ${firstDifference(got, want)}`); });
      // The server analyses the fixed text: the status bar counts what the CLI finds now.
      const left = expectedFindings(ws).get(TARGET) ?? [];
      await waitForStatus(new RegExp(`^${left.length} · \\d+$`), [`This file: ${describeCounts(left)}`], 'the status bar to count the findings left after the fix');
      await shot('fix-all-applied');
      const lines = (t) => t.split('\n').length;
      return `'${title}' rewrote ${TARGET} as the CLI's --fix does ('${message}'; ${lines(original)} -> ${lines(want)} lines, ${original.length} -> ${want.length} characters); ${left.length} findings left`;
    });

    // The findings view: its container's content (rows, the "Showing X of Y" message) and the
    // side bar around it (the title with the filter in its description).
    const container = MANIFEST.contributes.viewsContainers.activitybar.find((c) => c.id === 'dvrHints');
    const VIEW = `[id="workbench.view.extension.${container.id}"]`;
    const LEAF = /^DVR\d{3} · /;
    /** The findings view's rows and the side bar's text (title, description, message), as shown. */
    const findingsView = async () => {
      const rows = await page.locator(`${VIEW} .monaco-list-row`).evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
      const text = (await page.locator('.part.sidebar').innerText()).replace(/\s+/g, ' ');
      return { rows, text };
    };
    // Opened from the activity bar, as a person does: 'Show Findings' focuses the view through
    // the extension host (`dvrHints.findings.focus`), which on a busy machine lands after the
    // palette closed and takes the focus from whatever quick input opens next (the next
    // command, the text filter's input box), which then closes.
    const openFindingsView = async () => {
      const item = page.locator(`.part.activitybar .action-item:has(> .action-label[aria-label^="${container.title}"])`).first();
      if (!(await item.evaluate((li) => li.classList.contains('checked')))) await item.click();
      await page.locator(VIEW).waitFor({ state: 'visible', timeout: WAIT });
      // Whatever an earlier step left (a failed one too): no filter.
      await runCommand(page, 'DVR Security Hints: Clear Findings Filter');
    };
    /** Scan Workspace, until its "Scanned N Python files" notification (the scan runs after the palette closed). */
    const scanWorkspace = async () => {
      await runCommand(page, 'DVR Security Hints: Scan Workspace');
      await page.locator(sel.notificationToast, { hasText: 'DVR Security Hints: Scanned' }).first().waitFor({ timeout: WAIT });
      await dismissNotifications(page);
    };
    // A 'Group Findings by X' command is disabled (so not in the palette) while the view groups by X.
    // (innerText runs a row's label into its description: 'dvr_edge_router.pyneutron_agent/l3 · 8 findings'.)
    const GROUP_ROWS = { File: (r) => !LEAF.test(r) && /^\S+\.pyi?/.test(r), CWE: (r) => /^(CWE-\d+|No CWE)/.test(r) };
    const groupBy = async (kind) => {
      await runCommand(page, `DVR Security Hints: Group Findings by ${kind}`, { timeout: 5_000 }).catch(async (e) => {
        await waitUntil(async () => (await findingsView()).rows.some(GROUP_ROWS[kind]), { timeout: 10_000, what: `${kind} groups in the view` })
          .catch(() => { throw e; });
      });
    };
    const badge = () => page.locator(`.part.activitybar .action-item:has(> .action-label[aria-label^="${container.title}"]) .badge-content`).first();
    /** Collapses every group (title bar action), so every group row is rendered (the list is virtual). */
    const collapseAll = async () => {
      await page.locator(`.part.sidebar .title-actions .action-label[aria-label="Collapse All"]`).first().click();
      await waitUntil(async () => (await findingsView()).rows.every((r) => !LEAF.test(r)), { timeout: 10_000, what: 'every group collapsed' });
    };

    await steps.step(9, 'findings view triage: text filter, CWE names, current file, the filter shown', async ({ shot }) => {
      await before();
      await runCommand(page, 'View: Close All Editors');
      await scanWorkspace();
      await openFindingsView();
      await groupBy('CWE');
      let view = await waitUntil(async () => { const v = await findingsView(); return v.rows.some((r) => /^CWE-78 OS Command Injection/.test(r)) && v; },
        { timeout: WAIT, interval: 500, what: "a 'CWE-78 OS Command Injection' group in the findings view" });
      await shot('findings-view-by-cwe');
      const groups = view.rows.filter((r) => /^(CWE-\d+ \S|No CWE)/.test(r));
      // A group's label without its description ('2 findings'), which innerText runs into it.
      const labels = await page.locator(`${VIEW} .monaco-list-row .label-name`).evaluateAll((els) => els.map((e) => e.innerText.trim()));
      const unnamed = labels.filter((l) => /^CWE-\d+$/.test(l));
      if (unnamed.length > 0 || !labels.some((l) => /^CWE-\d+ \S/.test(l))) throw new Error(`CWE groups without a name: ${unnamed.join(' | ') || `none named among ${labels.join(' | ')}`}`);
      // Filter by text: the title bar's filter button asks with an input box (vscode.window.showInputBox).
      const prompt = 'Show findings whose rule, message, file or CWE contain';
      await runCommand(page, 'DVR Security Hints: Filter Findings by Text');
      await answerInputBox(page, prompt, 'DVR101');
      // The filter matches rule ids, names, messages, files and CWE names: a finding whose message names DVR101 stays too.
      // Counts come from the view (step 8 fixed a file since the CLI counted).
      let shown;
      view = await waitUntil(async () => { const v = await findingsView(); shown = /Showing (\d+) of (\d+) findings/.exec(v.text); return v.text.includes('"DVR101"') && shown && v; },
        { timeout: 15_000, interval: 300, what: `the view to show '"DVR101"' and 'Showing N of M findings'` })
        .catch(async (e) => { throw new Error(`${e.message}; the view reads '${(await findingsView()).text.slice(0, 400)}'`); });
      const leafRows = view.rows.filter((r) => LEAF.test(r));
      if (leafRows.length === 0 || leafRows.some((r) => !r.includes('DVR101'))) throw new Error(`rows that do not match 'DVR101': ${leafRows.filter((r) => !r.includes('DVR101')).join(' | ') || 'no rows'}`);
      if (Number(shown[1]) >= Number(shown[2])) throw new Error(`the filter hides nothing: '${shown[0]}'`);
      if (leafRows.length !== Number(shown[1])) throw new Error(`'${shown[0]}' but ${leafRows.length} rows`);
      // Outside file groups a row starts with rule, file and line, so a narrow view still shows them.
      const unlabelled = leafRows.filter((r) => !/^DVR\d{3} · \S+\.py:\d+ /.test(r));
      if (unlabelled.length > 0) throw new Error(`rows without rule, file and line: ${unlabelled.join(' | ')}`);
      const wanted = `${shown[1]} of ${shown[2]}`;
      await shot('findings-view-text-filter');
      // The current file only.
      await runCommand(page, 'DVR Security Hints: Clear Findings Filter');
      await groupBy('File');
      await openFile(page, TARGET);
      await openFindingsView();
      await runCommand(page, 'DVR Security Hints: Show Findings of the Current File Only');
      // The message first, then the rows: the tree redraws after the message.
      const fileGroups = (v) => v.rows.filter((r) => GROUP_ROWS.File(r));
      view = await waitUntil(async () => { const v = await findingsView(); return v.text.includes('current file') && /Showing \d+ of \d+ findings/.test(v.text) && fileGroups(v).length === 1 && v.rows.some((r) => LEAF.test(r)) && v; },
        { timeout: 15_000, interval: 300, what: `the view to show only ${TARGET} ('Showing N of M findings (filter: current file)', one file group)` })
        .catch(async (e) => { const v = await findingsView(); throw new Error(`${e.message}; the view reads '${v.text.slice(0, 400)}', rows ${v.rows.join(' | ')}`); });
      const files = fileGroups(view);
      if (!files[0].startsWith(path.basename(TARGET))) throw new Error(`file groups under 'current file': ${files.join(' | ')}`);
      // High findings first within the file: the first row is one of the file's high findings (the CLI's, now).
      const now = expectedFindings(ws).get(TARGET) ?? [];
      const firstLeaf = view.rows.find((r) => /^DVR\d{3} · line \d+/.test(r));
      const [, topRule, topLine] = /^(DVR\d{3}) · line (\d+)/.exec(firstLeaf ?? '') ?? [];
      if (now.some((f) => f.severity === 'high') && !now.some((f) => f.code === topRule && f.line === Number(topLine) && f.severity === 'high')) throw new Error(`the first row '${firstLeaf}' is not a high finding`);
      const rank = { high: 0, medium: 1, low: 2 };
      const order = view.rows.filter((r) => LEAF.test(r)).map((r) => { const [, rule, line] = /^(DVR\d{3}) · line (\d+)/.exec(r) ?? []; return now.find((f) => f.code === rule && f.line === Number(line))?.severity; });
      if (order.some((sev, i) => i > 0 && sev && order[i - 1] && rank[sev] < rank[order[i - 1]])) throw new Error(`rows not ordered high, medium, low: ${order.join(' ')}`);
      await shot('findings-view-current-file');
      await runCommand(page, 'DVR Security Hints: Clear Findings Filter');
      return `by CWE: ${groups.length} named groups (${groups.slice(0, 3).join('; ')}...); text 'DVR101': ${wanted} shown, the view says so, rows '${leafRows.join("', '")}'; current file: one file group, ${order.length} rows ordered ${[...new Set(order)].join(' > ')}, first '${firstLeaf}'`;
    });

    await steps.step(10, "the rule code in the Problems panel opens the rule's bundled documentation", async ({ shot }) => {
      await before();
      await openFile(page, TARGET);
      await openProblems(page);
      await filterProblems(page, 'DVR101');
      const link = page.locator(`${sel.problemsRow} a`, { hasText: 'DVR101' }).first();
      await link.waitFor({ state: 'visible', timeout: WAIT });
      await link.click();
      const tab = await waitUntil(async () => { const t = (await page.locator(`${sel.activeTab} .label-name`).first().innerText().catch(() => '')).trim(); return /^DVR101(\.md)?$/.test(t) && t; },
        { timeout: 15_000, what: "a 'DVR101.md' tab after clicking the rule code" })
        .catch(async (e) => { throw new Error(`${e.message}; active tab '${await page.locator(`${sel.activeTab} .label-name`).first().innerText().catch(() => '')}'`); });
      await shot('rule-code-opens-docs');
      await filterProblems(page, '');
      return `clicking 'DVR101' in Problems opened '${tab}' (the rules/DVR101.md shipped in the VSIX)`;
    });

    await steps.step(11, 'one count everywhere: the badge, the status bar, the view and the Problems panel', async ({ shot }) => {
      await before();
      await runCommand(page, 'View: Close All Editors');
      await scanWorkspace();
      await openFindingsView();
      await groupBy('CWE');
      await collapseAll();
      await openProblems(page);
      // The engine's count of the workspace as it is on disk now; a finding with several CWEs
      // is one entry, under its primary CWE, so the CWE groups add up to the same number.
      const all = [...expectedFindings(ws).values()].flat();
      const rules = JSON.parse(execFileSync(process.execPath, [CLI, 'rules', '--format', 'json']).toString());
      const multiCwe = all.filter((f) => (rules.find((r) => r.id === f.code)?.cwe.length ?? 0) > 1);
      let seen = {};
      await waitUntil(async () => {
        // A group row's description is its count ('3 findings'); innerText runs it into the label.
        const descriptions = await page.locator(`${VIEW} .monaco-list-row .label-description`).evaluateAll((els) => els.map((e) => e.innerText.trim()));
        const groups = descriptions.map((d) => /^(\d+) findings?$/.exec(d)?.[1]).filter(Boolean).map(Number);
        seen = {
          groups: descriptions.join(' | '),
          badge: Number((await badge().innerText().catch(() => '')).trim()),
          statusBar: (await status()).text,
          view: groups.reduce((a, n) => a + n, 0),
          problems: await problemsTotal(page),
        };
        return seen.badge === all.length && seen.statusBar === String(all.length) && seen.view === all.length && seen.problems === all.length;
      }, { timeout: WAIT, interval: 500, what: `badge, status bar, CWE groups and Problems to count the CLI's ${all.length} findings` })
        .catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(seen)}`); });
      await shot('counts-agree');
      return `${all.length} findings (the CLI's) in the badge, the status bar '${seen.statusBar}', the Problems panel and the CWE groups (${multiCwe.length} of them have several CWEs and are listed once)`;
    });

    await steps.step(12, "'Apply Quick Fix' only on findings that have a fix", async ({ shot }) => {
      await before();
      await runCommand(page, 'View: Close All Editors');
      // A file with both kinds of findings, by the CLI's fixes.
      const now = expectedFindings(ws);
      const file = [...now.keys()].find((k) => now.get(k).some((f) => f.fixable) && now.get(k).some((f) => !f.fixable));
      if (!file) throw new Error('no file has findings with and without a fix: nothing to test');
      const expectedHere = now.get(file);
      await openFile(page, file);
      await openFindingsView();
      await groupBy('File');
      await runCommand(page, 'DVR Security Hints: Show Findings of the Current File Only');
      const rows = page.locator(`${VIEW} .monaco-list-row`);
      await waitUntil(async () => (await findingsView()).rows.filter((r) => LEAF.test(r)).length === expectedHere.length,
        { timeout: WAIT, interval: 300, what: `the ${expectedHere.length} findings of ${file} in the view` });
      // Rows by rule and line; a rule with two findings on one line and different fixes is left out (ambiguous).
      const fixableAt = new Map();
      for (const f of expectedHere) { const k = `${f.code}@${f.line}`; fixableAt.set(k, fixableAt.has(k) && fixableAt.get(k) !== f.fixable ? undefined : f.fixable); }
      const menuOf = async (row) => {
        await row.click({ button: 'right' });
        const menu = page.locator('.context-view .monaco-menu').first();
        await menu.waitFor({ state: 'visible', timeout: 10_000 });
        const items = await menu.locator('.action-label').evaluateAll((els) => els.map((e) => e.innerText.trim()).filter(Boolean));
        return items;
      };
      const checked = [];
      for (const want of [true, false]) {
        const n = await rows.count();
        let row;
        for (let i = 0; i < n && !row; i++) {
          const text = (await rows.nth(i).innerText()).replace(/\s+/g, ' ').trim();
          const [, rule, line] = /^(DVR\d{3}) · line (\d+)/.exec(text) ?? [];
          if (rule && fixableAt.get(`${rule}@${line}`) === want) row = { locator: rows.nth(i), text, key: `${rule}@${line}` };
        }
        if (!row) throw new Error(`no row of a finding ${want ? 'with' : 'without'} a fix in the view`);
        const items = await menuOf(row.locator);
        await shot(want ? 'context-menu-finding-with-fix' : 'context-menu-finding-without-fix');
        await page.keyboard.press('Escape');
        const offered = items.includes('Apply Quick Fix');
        if (offered !== want) throw new Error(`'${row.text}' ${want ? 'has a fix (the CLI lists one)' : 'has no fix'}, but its menu ${offered ? 'offers' : 'lacks'} 'Apply Quick Fix': ${items.join(' | ')}`);
        checked.push(`${row.key} ${want ? 'offers' : 'does not offer'} it (menu: ${items.join(', ')})`);
      }
      await runCommand(page, 'DVR Security Hints: Clear Findings Filter');
      return `${file}: ${checked.join('; ')}`;
    });

    await steps.step(13, 'a mistyped rule id in the settings: one notification names the setting with a suggestion, only it falls back', async ({ shot }) => {
      await before();
      await runCommand(page, 'View: Close All Editors');
      await openFile(page, TARGET);
      await openProblems(page);
      const now = expectedFindings(ws).get(TARGET) ?? [];
      // A rule to ignore, and findings of other rules that must stay.
      const ignored = now[0]?.code;
      if (!ignored || !now.some((f) => f.code !== ignored)) throw new Error(`${TARGET} needs findings of two rules: nothing to test`);
      // Workspace settings as a person edits them: a typo in one setting, a good value in another.
      const settingsFile = path.join(ws, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(settingsFile, JSON.stringify({ 'dvrHints.select': ['DVR310'], 'dvrHints.ignore': [ignored] }, null, 2));
      try {
        const message = /dvrHints\.select: 'DVR310' is not a rule; did you mean .*'DVR301'/;
        const toast = await waitUntil(async () => {
          const texts = await page.locator(sel.notificationToast).evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
          return texts.find((t) => message.test(t));
        }, { timeout: WAIT, interval: 500, what: `a notification matching ${message}` });
        // Only the bad setting falls back: every rule still runs (select's default), the good ignore applies.
        // The status bar counts the open file (other files may be in Problems from the workspace scan).
        const left = now.filter((f) => f.code !== ignored);
        const other = left[0];
        await waitUntil(async () => /^(\d+) · /.exec((await status()).text)?.[1] === String(left.length), { timeout: WAIT, interval: 500, what: `the status bar to count ${left.length} findings in ${TARGET} (no ${ignored})` });
        if ((await problemRowsFor(page, [ignored])).length > 0) throw new Error(`${ignored} rows remain although dvrHints.ignore names it`);
        if (!(await problemRowsFor(page, [other.code])).some((r) => r.line === other.line)) throw new Error(`no ${other.code} row at line ${other.line}: dvrHints.select did not fall back to every rule`);
        await shot('mistyped-setting-notification');
        const count = await page.locator(sel.notificationToast).filter({ hasText: 'DVR310' }).count();
        if (count !== 1) throw new Error(`${count} notifications about DVR310, want one`);
        return `notification '${toast.slice(0, 160)}'; ${TARGET}: ${left.length} findings, none of ${ignored} (dvrHints.ignore applies), ${other.code} still there (dvrHints.select fell back)`;
      } finally {
        fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
        await dismissNotifications(page);
      }
    });

    if (!steps.summary('code-server e2e', path.join(outDir, 'summary-code-server.json'))) process.exitCode = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server?.stop();
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

try {
  await main();
} catch (e) {
  log(`FAIL: ${e.message}`);
  process.exitCode = 1;
}
