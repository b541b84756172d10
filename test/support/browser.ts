/**
 * Chromium for the web e2e suites: Debian's chromium-headless-shell driven by playwright-core, a 1366×768 page per
 * person, console errors and uncaught exceptions collected (a test asserts there are none), screenshots saved to
 * test/artifacts/ (gitignored).
 *
 * `ensureWebBuild()` builds apps/web with Vite when the build is missing or older than its sources, under a lock
 * directory so parallel jest workers build once. Limits: no video, no tracing; one browser per test file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const WEB = join(ROOT, 'apps', 'web');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(WEB, 'dist', 'index.html');
  if (!existsSync(index)) {
    return false;
  }
  const sources = Math.max(
    newestMtime(join(WEB, 'src')),
    newestMtime(join(ROOT, 'libs', 'web-routes', 'src')),
    statSync(join(WEB, 'index.html')).mtimeMs,
  );
  return statSync(index).mtimeMs >= sources;
}

/** Build apps/web/dist unless it is up to date (the api serves it at / when it exists). */
export async function ensureWebBuild(): Promise<void> {
  const lock = join(WEB, '.build-lock');
  for (let waited = 0; ; waited += 500) {
    if (isFresh()) {
      return;
    }
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) {
        rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!isFresh()) {
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', WEB, '--logLevel', 'warn'],
        {
          cwd: ROOT,
          stdio: 'inherit',
          // Jest sets NODE_ENV=test, and Vite would then build React and Ant Design in development mode.
          env: { ...process.env, NODE_ENV: 'production' }, // eslint-disable-line no-restricted-properties
        },
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The tallest screenshot `shot` saves, in screens (viewport heights). */
const SHOT_MAX_SCREENS = 2;

/**
 * Did the test running now fail (its body or a hook)? Set by test/setup/e2e-environment.js; an afterEach reads it to
 * save where each person's page stands only when that explains a failure.
 */
export function currentTestFailed(): boolean {
  return (globalThis as { __e2eTestFailed?: boolean }).__e2eTestFailed === true;
}

/**
 * Debian's chromium-headless-shell: the same engine without the desktop browser around it (the build Playwright
 * itself uses for headless runs). The full `chromium` in headless mode also started a WebUI renderer per person and
 * rasterised through an emulated GPU (Debian's default flags); the suite is CPU-bound on two cores.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium-headless-shell',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface PersonPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far on this page. */
  errors: string[];
  /** Save a screenshot of the page from its top (at most two screens) as test/artifacts/<name>.png. */
  shot(name: string): Promise<void>;
}

/**
 * A fresh browser context (own cookies) at 1366×768 in Vietnamese and Asia/Ho_Chi_Minh. `allow` filters console
 * errors a test expects (e.g. the 401 of /auth/me before signing in, which Chromium logs as a failed resource).
 */
export async function openPerson(browser: Browser, baseURL: string, allow: RegExp[] = []): Promise<PersonPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    // The app honours the system's "reduce motion" (no zoom/slide animations): the tests then wait for no animation
    // to end, and the 1366/1024/390 width checks never catch a dialog mid-zoom.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  const allowed = [/Failed to load resource: the server responded with a status of 401/, ...allow];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !allowed.some((re) => re.test(msg.text()))) {
      errors.push(msg.text());
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    errors,
    shot: async (name) => {
      // What is on the screen, and when the page is taller, down to two screens of it: a whole 80-criterion sheet
      // was a PNG of over 10,000 px that took 3–8 CPU-seconds to encode, and a full-page capture (the page laid out
      // and painted again at its full height) costs about twice a capture of the screen as it is.
      const viewport = page.viewportSize() ?? { width: 1366, height: 768 };
      const height = await page.evaluate<number>('document.documentElement.scrollHeight');
      const path = join(ARTIFACTS, `${name}.png`);
      await (height <= viewport.height
        ? page.screenshot({ path, timeout: 45_000 })
        : page.screenshot({
            path,
            fullPage: true,
            clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, SHOT_MAX_SCREENS * viewport.height) },
            timeout: 45_000,
          }));
    },
  };
}

/** Sign in through the login form and wait for the signed-in layout. */
export async function signInAs(person: PersonPage, username: string, password: string): Promise<void> {
  const { page } = person;
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('account-menu').waitFor();
}

/**
 * The page's full width once its layout has followed the viewport. After `setViewportSize` the charts (recharts'
 * ResponsiveContainer) keep their old width until their ResizeObserver fires, so a width read at once can be the
 * previous screen's. Waits up to 5 s for the page to fit `width`, then reads it: a page that really overflows still
 * returns its real width and fails the caller's assertion.
 */
export async function pageWidth(page: Page, width: number): Promise<number> {
  await page
    .waitForFunction(`document.documentElement.scrollWidth <= ${width}`, undefined, { timeout: 5_000 })
    .catch(() => undefined);
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

/** What a person did on a page: real (trusted) pointer presses and key presses, and fields typed into. */
export interface ActionTally {
  clicks: number;
  keys: number;
  /** Fields typed into (a `fill` is one field, however long the text; its characters are not key presses). */
  fields: number;
}

const tallies = new WeakMap<Page, ActionTally>();

/**
 * Count the person's actions on this page from the browser's own input events, so the count cannot drift from
 * what the test really does: a pointerdown is a click, a keydown (not auto-repeat) a key press, a run of typed
 * input into one field a field (keys typed into it count as key presses as well). Survives reloads (the listener is an init script, the tally lives here).
 * `take()` returns the tally since the last take and starts a new one; `print(job)` also logs it for the note.
 */
export async function tallyActions(page: Page): Promise<{ take(): ActionTally; print(job: string): ActionTally }> {
  if (!tallies.has(page)) {
    tallies.set(page, { clicks: 0, keys: 0, fields: 0 });
    await page.exposeBinding('__parTally', (_source, kind: keyof ActionTally) => {
      tallies.get(page)![kind]++;
    });
    const install = () => {
      const w = globalThis as unknown as {
        __parTallied?: boolean;
        __parTally(kind: string): void;
        addEventListener(
          type: string,
          fn: (e: Event & { repeat?: boolean; inputType?: string }) => void,
          capture: boolean,
        ): void;
      };
      if (w.__parTallied) {
        return;
      }
      w.__parTallied = true;
      let lastField: EventTarget | null = null;
      w.addEventListener('pointerdown', (e) => e.isTrusted && w.__parTally('clicks'), true);
      w.addEventListener(
        'keydown',
        (e) => {
          if (e.isTrusted && !e.repeat) {
            w.__parTally('keys');
          }
        },
        true,
      );
      w.addEventListener(
        'input',
        (e) => {
          if (e.isTrusted && e.target !== lastField) {
            lastField = e.target;
            w.__parTally('fields');
          }
        },
        true,
      );
    };
    await page.addInitScript(install);
    await page.evaluate(install);
  }
  const take = () => {
    const t = tallies.get(page)!;
    const out = { ...t };
    t.clicks = t.keys = t.fields = 0;
    return out;
  };
  return {
    take,
    print: (job) => {
      const t = take();
      // The closing note of issue 17 quotes these lines (grep "actions:" in the jest output).
      console.log(
        `actions: ${job}: ${t.clicks} clicks + ${t.keys} key presses = ${t.clicks + t.keys}; ${t.fields} fields typed`,
      );
      return t;
    },
  };
}
