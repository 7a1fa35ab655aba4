import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { serveControl } from '../../src/control/index.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const skip = CHROMIUM
  ? false
  : 'chromium is not installed (run test/conformance/install-chromium.sh)';
// docs/control-page.png is refreshed on request (OVERSEER_SCREENSHOT=1 npm run screenshot),
// so a plain test run leaves the tree clean.
const SCREENSHOT = process.env.OVERSEER_SCREENSHOT
  ? fileURLToPath(new URL('../../docs/control-page.png', import.meta.url))
  : join(tmpdir(), `overseer-control-page-${process.pid}.png`);

/** A fresh profile each time, removed afterwards; credentials for the basic auth. */
async function launch(): Promise<BrowserContext & AsyncDisposable> {
  const profile = mkdtempSync(join(tmpdir(), 'overseer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    httpCredentials: { username: 'ops', password: 'secret' },
    viewport: { width: 1280, height: 640 },
  });
  return Object.assign(context, {
    async [Symbol.asyncDispose]() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

describe('the status page in headless Chromium', { skip }, () => {
  it('shows a row per program, reflects a stop clicked in the page live, follows a log', async () => {
    await using sup = testSupervisor({ sampleIntervalMs: 200 });
    sup.add({ name: 'web', command: nodeFixture('print-forever.js', 100), startSecs: 0 });
    sup.add({ name: 'api', command: nodeFixture('allocate-memory.js', 40), startSecs: 0 });
    sup.addPool({
      name: 'worker',
      numprocs: 3,
      processName: '%(program_name)s_%(process_num)02d',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 0,
    });
    sup.add({ name: 'nightly', command: nodeFixture('sleep-forever.js'), autostart: false });
    sup.add({ name: 'broken', command: ['/no/such/<b>binary</b>'], startRetries: 0 });
    await sup.start();
    const server = await serveControl(sup, { port: 0, username: 'ops', password: 'secret' });
    try {
      await using context = await launch();
      const page = await context.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(server.url)) external.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.waitForSelector('#conn.live');
      const ids = await page.$$eval('tr.program', (rows) =>
        rows.map((r) => r.getAttribute('data-id')),
      );
      assert.deepEqual(ids, [
        'api:api',
        'broken:broken',
        'nightly:nightly',
        'web:web',
        'worker:worker_00',
        'worker:worker_01',
        'worker:worker_02',
      ]);
      const state = (id: string) =>
        page.textContent(`tr[data-id="${id}"] .state`).then((t) => t?.trim());
      assert.equal(await state('web:web'), 'RUNNING');
      assert.equal(await state('broken:broken'), 'FATAL');
      assert.equal(
        await page.textContent('tr[data-id="broken:broken"] .desc'),
        sup.get('broken')?.info().description as string,
        'the spawn error shows as text, not markup',
      );
      assert.equal(await page.$('tr[data-id="broken:broken"] .desc b'), null);

      await page.click('tr[data-id="web:web"] button[data-action="stop"]');
      await page.waitForSelector('tr[data-id="web:web"] .state:text-is("STOPPED")');
      assert.equal(sup.get('web')?.state, 'STOPPED');
      await page.click('tr[data-id="web:web"] button[data-action="start"]');
      await page.waitForSelector('tr[data-id="web:web"] .state:text-is("RUNNING")');

      await page.click('tr[data-id="web:web"] button[data-tail]');
      await page.waitForSelector('#log-lines:has-text("tick")');
      // a few samples, so the history has a line
      await page.waitForSelector('tr[data-id="api:api"] .mem:has-text("MB")');
      await new Promise((r) => setTimeout(r, 1200));
      const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      if (!process.env.OVERSEER_SCREENSHOT) rmSync(SCREENSHOT, { force: true });
      assert.deepEqual(external, [], 'nothing fetched from elsewhere');
      assert.deepEqual(errors, []);
    } finally {
      await server.close();
    }
  });
});
