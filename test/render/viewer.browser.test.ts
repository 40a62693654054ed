/**
 * The viewer in a real browser: Debian's chromium driven by playwright-core. A short training run
 * with --render streams to the page; the scene must move and the charts must fill; the screenshot
 * in the README comes from here (TFGYM_UPDATE_SCREENSHOT=1 npm test). Without a
 * chromium outside CI the test reports itself skipped; under CI=true it must run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable, closeChromium, launchChromium, step } from './chromium.js';

describe('live viewer in Chromium', () => {
  it.skipIf(!chromiumAvailable)(`renders a training run (skipped when ${CHROMIUM} is missing)`, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tfgym-view-')), 'run');
    const bin = new URL('../../bin/tfgym.js', import.meta.url).pathname;
    const child: ChildProcess = spawn('node', [bin, 'train', '--preset', 'mountaincar', '--steps', '4000', '--render', '--linger', '60', '--no-progress', '--out', out], {
      env: { ...process.env, TFGYM_BACKEND: 'wasm' },
    });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    const browser = await launchChromium();
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /viewer: (http:\/\/\S+)/.exec(log);
          if (m) {
            clearInterval(t);
            resolve(m[1]!);
          }
        }, 100);
        setTimeout(() => reject(new Error(`no viewer URL in: ${log}`)), 60_000);
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      page.setDefaultTimeout(90_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await step('load the page', page.goto(url), 30_000, errors);
      await step('draw 5 frames', page.waitForFunction(() => ((window as unknown as { tfgymViewer?: { connected: boolean; framesDrawn(): number } }).tfgymViewer?.framesDrawn() ?? 0) > 5), 60_000, errors);
      const scene = page.locator('#scene canvas');
      const a = await scene.screenshot();
      await page.waitForTimeout(400);
      const b = await scene.screenshot();
      expect(Buffer.compare(a, b)).not.toBe(0); // the car moved
      await step('chart a return', page.waitForFunction(() => ((window as unknown as { tfgymViewer: { chartPoints(): Record<string, number> } }).tfgymViewer.chartPoints().ret ?? 0) > 0), 60_000, errors);
      const points = await page.evaluate(() => (window as unknown as { tfgymViewer: { chartPoints(): Record<string, number> } }).tfgymViewer.chartPoints());
      expect(points.ret).toBeGreaterThan(0);
      // TFGYM_UPDATE_SCREENSHOT=1 refreshes the README's screenshot; otherwise it goes to a temp file.
      const shot = process.env.TFGYM_UPDATE_SCREENSHOT ? new URL('../../docs/viewer.png', import.meta.url) : join(out, '..', 'viewer.png');
      writeFileSync(shot, await page.screenshot());
      expect(errors).toEqual([]);
    } finally {
      await closeChromium(browser);
      child.kill('SIGINT');
    }
  }, 300_000);
});
