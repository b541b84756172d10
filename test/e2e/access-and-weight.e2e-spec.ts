/**
 * Issue 17, "Access and weight": the web app's JavaScript arrives compressed and is cached for good once hashed;
 * the sign-in + inbox route on a throttled 1.6 Mbit/s link (the figure is reported in test/artifacts/first-load.json,
 * not asserted as a timing — the machine is shared); and axe-core on the main page of every role finds no critical
 * or serious violation (the full list of what it found is kept in test/artifacts/axe-<role>.json).
 * Real api, MariaDB, Redis, Chromium.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DATA_SOURCE, rows, type Role } from '@lib/database';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { createUser, type CreatedUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { ARTIFACTS, ensureWebBuild, launchBrowser, openPerson, signInAs } from '../support/browser';
import { truncateAll } from '../support/database';

jest.setTimeout(180_000);

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * axe-core's own source evaluated in the page (through the debugging protocol: the app's Content-Security-Policy
 * refuses inline scripts, rightly), run over the whole document with the WCAG 2 A/AA rules.
 */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run;
    const result = (await run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })),
    }));
  });
}

/** Until no request has been in flight for a moment and no Ant Design animation runs. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
        '.ant-spin-spinning, .ant-skeleton-active, .ant-zoom-leave, .ant-move-up-leave',
      ),
  );
}

describe('access and weight (Chromium)', () => {
  let api: TestApi;
  let ds: DataSource;
  let browser: Browser;
  const users = new Map<string, CreatedUser>();

  beforeAll(async () => {
    await ensureWebBuild();
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 10 * 24 * 3600_000),
      actor: { userId: null, label: 'system:test' },
    });
    const org = async (code: string) =>
      (await rows<{ id: number }>(ds.manager, 'SELECT id FROM organisations WHERE code = ?', [code]))[0].id;
    const people: [string, Role[], string][] = [
      ['unit_officer', ['unit_officer'], 'tp'],
      ['appraiser', ['appraiser', 'supervisor'], 'tckh'],
      ['admin', ['admin'], 'nv'],
      ['leader', ['leader'], 'nv'],
      ['council_member', ['council_member'], 'nv'],
    ];
    for (const [key, roles, code] of people) {
      users.set(key, await createUser(ds, { roles, organisationId: await org(code) }));
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('should serve the hashed JavaScript compressed and cached for a year, and the page itself revalidated', async () => {
    const index = await fetch(`${api.url}/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const raw = await fetch(`${api.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    const rawBytes = (await raw.arrayBuffer()).byteLength;
    for (const encoding of ['br', 'gzip']) {
      // fetch() would decode the body: read the encoded length from a HEAD-less GET through node's http instead.
      const encoded = await encodedLength(`${api.url}${script}`, encoding);
      expect(encoded.encoding).toBe(encoding);
      expect(encoded.cacheControl).toMatch(/max-age=31536000/);
      expect(encoded.cacheControl).toMatch(/immutable/);
      expect(encoded.bytes).toBeLessThan(rawBytes / 2);
    }
  });

  it('should reach the inbox after signing in on a throttled 1.6 Mbit/s link, and report how long it took', async () => {
    const appraiser = users.get('appraiser')!;
    const person = await openPerson(browser, api.url);
    const cdp = await person.context.newCDPSession(person.page);
    await cdp.send('Network.enable');
    // 1.6 Mbit/s down, 0.75 up, 150 ms round trip: a commune office's link as the review measured it.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: 1_600_000 / 8,
      uploadThroughput: 750_000 / 8,
    });
    let transferred = 0;
    const urls = new Map<string, string>();
    const sizes: [string, number][] = [];
    // Each request after "Đăng nhập" with when it started and ended (ms after the press): the waterfall to the inbox.
    const began = new Map<string, number>();
    const afterSubmit: [string, number, number][] = [];
    let submitted = 0;
    const inFlight = new Set<string>();
    // "The network has been quiet for 500 ms", from the requests' own events: armed when the last request settles,
    // disarmed when another starts.
    let onQuiet: (() => void) | undefined;
    let quietTimer: NodeJS.Timeout | undefined;
    const armQuiet = () => {
      clearTimeout(quietTimer);
      if (inFlight.size === 0 && onQuiet) {
        quietTimer = setTimeout(onQuiet, 500);
      }
    };
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
      const url = new URL(e.request.url);
      urls.set(e.requestId, url.pathname + url.search);
      began.set(e.requestId, Date.now());
      inFlight.add(e.requestId);
      clearTimeout(quietTimer);
    });
    const done = (e: { requestId: string }) => {
      inFlight.delete(e.requestId);
      armQuiet();
    };
    cdp.on('Network.loadingFailed', done);
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      done(e);
      transferred += e.encodedDataLength;
      sizes.push([urls.get(e.requestId) ?? '?', e.encodedDataLength]);
      if (submitted && began.get(e.requestId)! >= submitted) {
        afterSubmit.push([urls.get(e.requestId) ?? '?', began.get(e.requestId)! - submitted, Date.now() - submitted]);
      }
    });
    const { page } = person;
    page.setDefaultTimeout(60_000);
    // Listened for from the start: the prefetch begins 0.3 s after the form shows, and on a busy machine its answer
    // could come before a listener set up after the form was found (the wait then ran out at 60 s).
    const signedInChunk = page.waitForResponse((r) => /\/assets\/signed-in-[^/]+\.js$/.test(r.url()));
    const started = Date.now();
    await page.goto('/login');
    await page.getByLabel('Tên đăng nhập').waitFor();
    const loginShown = Date.now() - started;
    const loginBytes = transferred;
    // The seconds a person takes to type a user name and a password: the signed-in frame, the inbox and the sheet
    // prefetch meanwhile (from 0.3 s after the form shows). Waited for here — the page's one-time "networkidle" had
    // passed before the prefetch began, so the figure counted the prefetch as part of signing in.
    await signedInChunk;
    await new Promise<void>((resolve) => {
      onQuiet = resolve;
      armQuiet();
    });
    onQuiet = undefined;
    await page.getByLabel('Tên đăng nhập').fill(appraiser.username);
    await page.getByLabel('Mật khẩu').fill(appraiser.password);
    submitted = Date.now();
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hộp việc thẩm định' }).waitFor();
    // Interactive = the list has answered: its rows (or "no task") drawn, nothing spinning. A table still loading
    // draws its empty state under a spinner, and the figure once stopped there, before the list's request was sent.
    await page.waitForFunction(
      () => {
        const d = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
        return (
          !!d.querySelector('.ant-table-row, .ant-empty') && !d.querySelector('.ant-spin-spinning, .ant-btn-loading')
        );
      },
      undefined,
      { polling: 'raf' },
    );
    const inboxShown = Date.now() - submitted;
    const figure = {
      link: '1.6 Mbit/s down, 0.75 Mbit/s up, 150 ms latency (Chromium network emulation)',
      loginInteractiveMs: loginShown,
      signInToInboxMs: inboxShown,
      totalMs: loginShown + inboxShown,
      loginBytes,
      transferredBytes: transferred,
      largest: sizes.sort((a, b) => b[1] - a[1]).slice(0, 8),
      afterSubmit,
      // How busy the machine was (2 cores shared): the figure is only comparable at a similar load.
      loadAverage: loadavg().map((n) => Math.round(n * 10) / 10),
    };
    writeFileSync(join(ARTIFACTS, 'first-load.json'), `${JSON.stringify(figure, null, 2)}\n`);
    process.stdout.write(`first load on 1.6 Mbit/s: ${JSON.stringify(figure)}\n`);
    // What the compression is for: the whole route's transfer fits the link's 3 s budget (600 KB at 200 KB/s).
    expect(transferred).toBeLessThan(600_000);
    // The sign-in page alone: React and the form, drawn without Ant Design (371 KB with the app's frame, menu and
    // toasts; about 225 KB with Ant Design's core and form; about 105 KB since). Ant Design arriving before the form
    // again fails here.
    expect(loginBytes).toBeLessThan(130_000);
    // What signing in starts early (home.ts, landingRequests) is what the frame and the inbox then ask for: each
    // request went out once, none a second time beside its early twin.
    const paths = afterSubmit.map(([path]) => path);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
    expect(paths.slice(1, 4).sort()).toEqual(['/api/campaigns', '/api/inbox/views', '/api/notifications']);
    expect(person.errors).toEqual([]);
    await person.context.close();
  });

  it('should keep the header readable at 1024 px: the phase tag is not under the bell, nothing wider than the screen', async () => {
    const appraiser = users.get('appraiser')!;
    const person = await openPerson(browser, api.url);
    await person.page.setViewportSize({ width: 1024, height: 768 });
    await signInAs(person, appraiser.username, appraiser.password);
    const header = person.page.locator('.ant-layout-header');
    const tag = header.locator('.ant-tag').first();
    const bell = header.getByRole('button', { name: /^Thông báo/ });
    await tag.waitFor();
    const [a, b] = [await tag.boundingBox(), await bell.boundingBox()];
    if (!a || !b) {
      throw new Error('the phase tag or the bell has no box');
    }
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    expect(
      await person.page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      ),
    ).toBeLessThanOrEqual(1024);
    await person.shot('header-1024');
    await person.context.close();
  });

  it.each([
    ['unit_officer', 'Biểu tự chấm điểm'],
    ['appraiser', 'Hộp việc thẩm định'],
    ['admin', 'Đợt đánh giá'],
    ['leader', 'Tổng quan'],
    ['council_member', 'Hội đồng thẩm định'],
  ])('should find no critical or serious axe-core violation on the main page of %s', async (role, heading) => {
    const user = users.get(role)!;
    const person = await openPerson(browser, api.url);
    await signInAs(person, user.username, user.password);
    await person.page
      .getByRole('heading', { name: new RegExp(heading) })
      .first()
      .waitFor();
    await settled(person.page);
    const violations = await runAxe(person.page);
    writeFileSync(join(ARTIFACTS, `axe-${role}.json`), `${JSON.stringify(violations, null, 2)}\n`);
    await person.shot(`axe-${role}`);
    const blocking = violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
    // Every page has one top-level heading.
    expect(await person.page.locator('h1').count()).toBe(1);
    await person.context.close();
  });
});

/** GET with one Accept-Encoding, counting the bytes on the wire (not decoded). */
async function encodedLength(
  url: string,
  encoding: string,
): Promise<{ encoding: string | undefined; cacheControl: string | undefined; bytes: number }> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () =>
          resolve({
            encoding: res.headers['content-encoding'],
            cacheControl: res.headers['cache-control'],
            bytes,
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
