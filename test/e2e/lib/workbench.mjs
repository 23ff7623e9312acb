// Keyboard-first helpers that drive the VS Code workbench (code-server in
// Chromium) the way a person would: Quick Open, Go to Line, the Command
// Palette (F1), the Problems panel, the status bar.
import { waitUntil } from './env.mjs';

export const sel = {
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeTab: '.editor-group-container.active .tab.active',
  editor: '.editor-group-container.active .monaco-editor',
  cursorPosition: '[id="status.editor.selection"]',
  problemsPanel: '.markers-panel',
  problemsRow: '.markers-panel .monaco-list-row',
  hover: '.monaco-editor .monaco-hover:not(.hidden)',
  actionWidget: '.action-widget',
  notificationToast: '.notifications-toasts .notification-toast',
};

async function quickInput(page, key, text) {
  await page.keyboard.press(key);
  const box = page.locator(sel.quickInputBox);
  await box.waitFor({ state: 'visible' });
  await box.fill(text);
  return box;
}

/** Command Palette (F1): runs the command whose label is `title` (exact, case-insensitive); `timeout` for finding it. */
export async function runCommand(page, title, { timeout = 15_000 } = {}) {
  await quickInput(page, 'F1', `>${title}`);
  const want = title.toLowerCase();
  const row = await waitUntil(async () => {
    const rows = page.locator(sel.quickRow);
    for (let i = 0; i < await rows.count(); i++) {
      const label = (await rows.nth(i).locator('.label-name').first().innerText().catch(() => '')).trim();
      if (label.toLowerCase() === want) return rows.nth(i);
    }
    return undefined;
  }, { timeout, what: `command '${title}' in the Command Palette` }).catch(async (e) => {
    await page.keyboard.press('Escape');
    throw e;
  });
  await row.click();
  // The palette is done when its widget hides, or when the command reuses the widget for a
  // quick input of its own (an input box, a quick pick): a wait for 'hidden' alone misses
  // that when the command answers fast, and times out with the command's input on screen.
  await waitUntil(() => page.evaluate(() => {
    const widget = document.querySelector('.quick-input-widget');
    return !widget || getComputedStyle(widget).display === 'none' || !widget.querySelector('input')?.value.startsWith('>');
  }), { timeout: 30_000, what: `the Command Palette to close after '${title}'` });
}

/**
 * Answers an input box an extension opened (`vscode.window.showInputBox`): it reuses the
 * Command Palette's widget and its one input, so wait for the widget to show `prompt`
 * (the palette's own hidden input matches the same selector), type `text`, press Enter.
 * The box closes when it loses the focus: if it did before the text was in, say where
 * the focus went rather than time out on a hidden input.
 */
export async function answerInputBox(page, prompt, text) {
  const widget = page.locator(sel.quickInput).filter({ has: page.locator('.quick-input-message', { hasText: prompt }) });
  await widget.waitFor({ state: 'visible', timeout: 15_000 })
    .catch(async () => { throw new Error(`no input box '${prompt}' (the focus is on ${await focusedElement(page)})`); });
  const box = widget.locator('input.input').first();
  await box.fill(text);
  if (!(await widget.isVisible()) || (await box.inputValue()) !== text) {
    throw new Error(`the input box '${prompt}' closed or lost the text before Enter (the focus is on ${await focusedElement(page)})`);
  }
  await page.keyboard.press('Enter');
  await page.locator(sel.quickInput).waitFor({ state: 'hidden' });
}

/** The focused element, described for an error message. */
export async function focusedElement(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    return e ? `${e.tagName.toLowerCase()} '${e.getAttribute('aria-label') ?? e.className}'` : 'nothing';
  });
}

/** Closes notification toasts so they cover nothing. */
export async function dismissNotifications(page) {
  if (await page.locator(sel.notificationToast).count()) {
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
    await page.locator(sel.notificationToast).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }
}

/** Quick Open (Ctrl+P) `relPath` and waits until it is the active tab. */
export async function openFile(page, relPath) {
  const name = relPath.split('/').pop();
  const folder = relPath.split('/').slice(0, -1).join('/');
  await quickInput(page, 'Control+P', relPath);
  // Enter opens the focused row: until the list follows the typed path, that is the
  // most recently opened file, so wait until the focused row is this one.
  await page.locator(`${sel.quickRow}.focused`, { hasText: name }).filter({ hasText: folder }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(sel.activeTab, { hasText: name }).waitFor();
  await page.locator(`${sel.editor} .view-lines`).waitFor();
}

/** Status bar 'Ln X, Col Y' of the active editor, as { line, col } (1-based). */
export async function cursorPosition(page) {
  const text = await page.locator(sel.cursorPosition).innerText();
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  if (!m) throw new Error(`cannot read the cursor position from the status bar: '${text}'`);
  return { line: Number(m[1]), col: Number(m[2]), text: text.trim() };
}

/** Go to Line (Ctrl+G) `line:col`, waits until the status bar shows it. */
export async function goTo(page, line, col = 1) {
  // The box opens with ':' (the Go to Line prefix); fill() replaces it, so keep it.
  await quickInput(page, 'Control+G', `:${line}:${col}`);
  await page.keyboard.press('Enter');
  await waitUntil(async () => {
    const p = await cursorPosition(page);
    return p.line === line && p.col === col;
  }, { timeout: 10_000, what: `cursor at Ln ${line}, Col ${col}` });
}

/** Opens the Problems panel (Ctrl+Shift+M) unless it is open. */
export async function openProblems(page) {
  if (!(await page.locator(sel.problemsPanel).isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.locator(sel.problemsPanel).waitFor({ state: 'visible' });
}

/**
 * Problems panel rows that are problems (not file rows), parsed:
 * { code, line, col, text }. Reads what is rendered (the list is virtual).
 */
export async function problemRows(page) {
  const rows = await page.locator(sel.problemsRow).evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
  return rows.map((text) => {
    const pos = /\[Ln (\d+), Col (\d+)\]/.exec(text);
    const code = /\b(DVR\d{3})\b/.exec(text);
    return pos ? { code: code?.[1], line: Number(pos[1]), col: Number(pos[2]), text } : undefined;
  }).filter(Boolean);
}

/** Total problems from the status bar item (errors + warnings + infos). */
export async function problemsTotal(page) {
  const text = await page.locator('[id="status.problems"]').innerText();
  return (text.match(/\d+/g) ?? []).reduce((a, n) => a + Number(n), 0);
}

/**
 * Problem rows of the given rule ids, read one id at a time through the
 * Problems filter: the list is virtual, so without a filter rows scrolled out
 * of the panel would be missed. Clears the filter afterwards.
 */
export async function problemRowsFor(page, codes) {
  const rows = [];
  for (const code of codes) {
    await filterProblems(page, code);
    rows.push(...(await problemRows(page)).filter((r) => r.code === code));
  }
  await filterProblems(page, '');
  return rows;
}

/** Sets the Problems panel's filter box (empty string clears it) and waits until the rows follow it. */
export async function filterProblems(page, text) {
  const box = page.locator('.part.panel .viewpane-filter input, .markers-panel-container .viewpane-filter input').first();
  // fill() focuses the box itself: a click at its middle can land on the 'Showing N of M'
  // badge, which covers a narrow box.
  await box.fill(text);
  const needle = text.toLowerCase();
  if (!needle) {
    // Cleared: the filter's 'Showing N of M' badge goes away.
    await waitUntil(async () => !/Showing \d+ of \d+/.test(await page.locator('.part.panel .viewpane-filter-container').first().innerText().catch(() => '')),
      { timeout: 5_000, what: 'the Problems filter to clear' }).catch(() => undefined);
    return;
  }
  await waitUntil(async () => {
    const rows = (await problemRows(page)).filter((r) => r.code);
    return rows.length > 0 && rows.every((r) => r.text.toLowerCase().includes(needle));
  }, { timeout: 5_000, what: `the Problems filter '${text}'` }).catch(() => undefined); // none match: nothing to wait for
}

/** The editor's squiggle decorations currently rendered, counted by kind. */
export async function squiggles(page) {
  const count = async (kind) => page.locator(`${sel.editor} .squiggly-${kind}`).count();
  return { error: await count('error'), warning: await count('warning'), info: await count('info') };
}

/**
 * Squiggle kinds ('error', 'warning', 'info', 'hint') the editor draws on `line`
 * (1-based); undefined when the line is not rendered. A line's decorations sit in
 * the overlay row at the same height as the margin row with its line number.
 */
export async function squigglesOnLine(page, line) {
  return page.locator(sel.editor).first().evaluate((editor, wanted) => {
    const margin = [...editor.querySelectorAll('.margin-view-overlays > div')]
      .find((row) => row.querySelector('.line-numbers')?.textContent.trim() === String(wanted));
    if (!margin) return undefined;
    const overlay = [...editor.querySelectorAll('.view-overlays > div')].find((row) => row.style.top === margin.style.top);
    return [...(overlay?.querySelectorAll('[class*="squiggly-"]') ?? [])]
      .map((e) => /\bsquiggly-(error|warning|info|hint)\b/.exec(e.className)?.[1]).filter(Boolean);
  }, line);
}

/** A status bar item contributed by an extension (`extensionId.itemId`): { text, label } (label: aria-label, which holds the tooltip). */
export async function statusBarItem(page, extensionId, itemId) {
  const item = page.locator(`[id="${extensionId}.${itemId}"]`);
  return { text: (await item.innerText()).replace(/\s+/g, ' ').trim(), label: (await item.getAttribute('aria-label')) ?? '' };
}

/** PIDs of processes whose command line contains every one of `parts`. */
export async function pidsWithCommandLine(...parts) {
  const fs = await import('node:fs');
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd;
    try { cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { continue; }
    if (parts.every((p) => cmd.includes(p))) pids.push(Number(entry));
  }
  return pids;
}
