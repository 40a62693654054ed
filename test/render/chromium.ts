/**
 * Debian's chromium for the browser tests: one launch recipe, and steps that are each bounded and
 * named, so a stall fails within its own limit and says which step stalled (a test-level timeout
 * only says "timed out"). The page's console errors are kept for the failure message.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
if (process.env.CI && !chromiumAvailable) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run must install Debian's chromium`);

const ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'];

/** Runs one step of a browser test, failing after `ms` with the step's name and what the page logged. */
export async function step<T>(name: string, work: Promise<T> | (() => Promise<T>), ms = 30_000, log: string[] = []): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`browser test step "${name}" did not finish in ${ms} ms${log.length ? `; the page logged:\n${log.slice(-20).join('\n')}` : ''}`)), ms);
  });
  try {
    return await Promise.race([typeof work === 'function' ? work() : work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Launches chromium (bounded: a first start on a cold, loaded machine is the slowest step). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return step('launch chromium', chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 90_000 }), 95_000);
}

/** A new page whose errors and console errors are collected into `log`. */
export async function openPage(browser: Browser, log: string[]): Promise<Page> {
  const page = await step('open a page', browser.newPage(), 30_000, log);
  page.setDefaultTimeout(60_000); // longer than a step, so the step's named error is the one seen
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') log.push(`console.${m.type()}: ${m.text()}`); });
  return page;
}

/** Closes the browser; a close that stalls is reported on stderr but does not hold the test. */
export async function closeChromium(browser: Browser): Promise<void> {
  await step('close chromium', browser.close(), 15_000).catch((e: Error) => process.stderr.write(`${e.message}\n`));
}
