// `npm run demo`: a copy of the Uông Bí 2023 campaign with every date shifted so that today falls inside
// self-assessment, a demo account for every unit and appraising organisation (passwords printed), and real work in
// it — sheets filled and submitted, appraisal tasks routed, claimed, scored, one clarification — all through the
// real api and worker (in this process, on an ephemeral port), so a newcomer sees every screen with data.
// Run it after `npm start` has prepared the database once (or on its own: it runs the same bootstrap first).
import 'reflect-metadata';
import { loadConfig, type AppConfig } from '@config';
import { DATA_SOURCE, User, type Role, rows } from '@lib/database';
import { preflight, reportStartupFailure } from '@lib/common';
import type { DataSource } from 'typeorm';
import { createApiApp, hashPassword } from '../apps/api/src/app.factory';
import { bootstrapDatabase, createServiceContext } from '../apps/api/src/bootstrap/bootstrap';
import { CampaignSeedService } from '../apps/api/src/campaigns/campaign-seed.service';
import { createWorkerApp } from '../apps/worker/src/worker.factory';
import { makeSignedPdf } from '../test/fixtures/pdf/make-pdfs';

const PLAN = 'uong-bi-2023';
const CODE = 'uong-bi-2023-demo';
/** One password for every demo account (≥ 12 characters, contains no username). Demo data only. */
const PASSWORD = 'demo chỉ số cchc 2024';
const system = { userId: null, label: 'system:demo' };

interface Account {
  username: string;
  fullName: string;
  roles: Role[];
  organisationCode: string;
}

/** A signed-in client of the api: the session cookie, and the CSRF header on unsafe methods. */
class Client {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}

  async login(username: string): Promise<this> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (!res.ok) {
      throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    }
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') {
      headers['x-csrf-token'] = this.csrf;
    }
    let payload: RequestInit['body'];
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

interface SheetNode {
  code: string;
  leaf: boolean;
  maxPoints: number;
  rule?: { kind: string; options?: Array<{ key: string; points: number }> };
  children?: SheetNode[];
}

function leavesOf(nodes: SheetNode[]): SheetNode[] {
  return nodes.flatMap((n) => (n.leaf ? [n] : leavesOf(n.children ?? [])));
}

/** A plausible self-assessment: the best level or every checklist item, full marks elsewhere, minus `gap` on a few. */
function entriesFor(leaves: SheetNode[], gap: number) {
  return leaves
    .filter((l) => l.rule?.kind !== 'survey')
    .map((l, i) => {
      const kind = l.rule?.kind;
      const options = [...(l.rule?.options ?? [])].sort((a, b) => b.points - a.points);
      const lower = gap > 0 && i % 5 === gap % 5 && options.length > 1;
      if (kind === 'levels') {
        const pick = lower ? options[1] : options[0];
        return {
          code: l.code,
          selfPoints: pick.points,
          inputs: { level: pick.key },
          explanation: 'Đã thực hiện theo kế hoạch.',
        };
      }
      if (kind === 'checklist') {
        const met = lower ? options.slice(1) : options;
        return {
          code: l.code,
          selfPoints: met.reduce((s, o) => s + o.points, 0),
          inputs: { met: met.map((o) => o.key) },
          explanation: 'Đủ các nội dung theo hướng dẫn.',
        };
      }
      return { code: l.code, selfPoints: l.maxPoints, explanation: 'Hoàn thành 100% chỉ tiêu.' };
    });
}

async function ensureAccounts(ds: DataSource, accounts: Account[]): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  const orgs = new Map(
    (await rows<{ id: number; code: string }>(ds.manager, 'SELECT id, code FROM organisations')).map((o) => [
      o.code,
      o.id,
    ]),
  );
  const repo = ds.getRepository(User);
  for (const a of accounts) {
    if (await repo.findOneBy({ username: a.username })) {
      continue;
    }
    await repo.save({
      username: a.username,
      fullName: a.fullName,
      email: `${a.username}@demo.par-index.local`,
      roles: a.roles,
      organisationId: orgs.get(a.organisationCode)!,
      active: true,
      mustChangePassword: false,
      passwordHash: hash,
    });
  }
}

async function seed(config: AppConfig): Promise<void> {
  await preflight(config, { createDatabase: true });
  await bootstrapDatabase(config);

  // 1. The campaign, shifted so that self-assessment ends 10 days from today (end of day, Vietnam time).
  const context = await createServiceContext(config);
  const ds = context.get<DataSource>(DATA_SOURCE);
  let campaignId: number;
  let fresh = true;
  try {
    const [existing] = await rows<{ id: number }>(ds.manager, 'SELECT id FROM campaigns WHERE code = ?', [CODE]);
    if (existing) {
      campaignId = existing.id;
      fresh = false;
    } else {
      const day = new Date(Date.now() + 7 * 3600_000 + 10 * 86400_000).toISOString().slice(0, 10);
      const created = await context.get(CampaignSeedService).seedFromPlan({
        planKey: PLAN,
        code: CODE,
        name: 'Chỉ số CCHC năm 2023 (bản trình diễn)',
        selfAssessmentDueAt: new Date(`${day}T00:00:00+07:00`),
        actor: system,
      });
      campaignId = created.id;
    }

    // 2. Accounts: one officer per unit, one appraiser (also supervisor) per appraising organisation, and the secretariat.
    const units = await rows<{ code: string; name: string }>(
      ds.manager,
      `SELECT o.code, u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id JOIN organisations o ON o.id = u.organisation_id
        WHERE cu.campaign_id = ? ORDER BY cu.unit_group, o.code`,
      [campaignId],
    );
    const appraisers = await rows<{ code: string; name: string }>(
      ds.manager,
      `SELECT DISTINCT o.code, o.name FROM content_area_appraisers a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.campaign_id = ? ORDER BY o.code`,
      [campaignId],
    );
    const accounts: Account[] = [
      {
        username: 'demo.thuongtruc',
        fullName: 'Văn phòng thường trực (demo)',
        roles: ['admin'],
        organisationCode: 'nv',
      },
      { username: 'demo.lanhdao', fullName: 'Lãnh đạo UBND (demo)', roles: ['leader'], organisationCode: 'nv' },
      {
        username: 'demo.hoidong',
        fullName: 'Chủ tịch Hội đồng (demo)',
        roles: ['council_member'],
        organisationCode: 'nv',
      },
      { username: 'demo.xem', fullName: 'Người xem (demo)', roles: ['viewer'], organisationCode: 'nv' },
      ...units.map((u): Account => ({
        username: `${u.code}.canbo`,
        fullName: `Cán bộ ${u.name}`,
        roles: ['unit_officer'],
        organisationCode: u.code,
      })),
      ...appraisers.map((o): Account => ({
        username: `${o.code}.thamdinh`,
        fullName: `Thẩm định viên ${o.name}`,
        roles: ['appraiser', 'supervisor'],
        organisationCode: o.code,
      })),
    ];
    await ensureAccounts(ds, accounts);

    if (fresh) {
      await work(
        config,
        ds,
        campaignId,
        units.map((u) => u.code),
      );
    }

    console.log(`\nDemo campaign "${CODE}" (id ${campaignId}) is ready. Open ${config.http.publicUrl}/ and sign in.`);
    console.log(`Password of every demo account: ${PASSWORD}\n`);
    const width = Math.max(...accounts.map((a) => a.username.length));
    for (const a of accounts) {
      console.log(`  ${a.username.padEnd(width)}  ${a.roles.join(', ').padEnd(24)}  ${a.fullName}`);
    }
  } finally {
    await context.close();
  }
}

/** Real work through the api and the worker: sheets filled (with a signed PDF) and submitted, tasks routed and partly appraised. */
async function work(config: AppConfig, ds: DataSource, campaignId: number, unitCodes: string[]): Promise<void> {
  const api = await createApiApp({ ...config, log: { ...config.log, level: 'warn' } });
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const worker = await createWorkerApp({ ...config, log: { ...config.log, level: 'error' } });
  try {
    const pdf = await makeSignedPdf();
    // Seven units fill their sheets; five of them submit, two stay in draft.
    for (const [i, code] of unitCodes.slice(0, 7).entries()) {
      const officer = await new Client(base).login(`${code}.canbo`);
      const [sheet] = await officer.call<Array<{ id: number }>>('GET', `/api/sheets?campaignId=${campaignId}`);
      const detail = await officer.call<{ nodes: SheetNode[] }>('GET', `/api/sheets/${sheet.id}`);
      const leaves = leavesOf(detail.nodes);
      await officer.call('PUT', `/api/sheets/${sheet.id}/entries`, { entries: entriesFor(leaves, i) });
      const form = new FormData();
      for (const c of leaves.slice(0, 2).map((l) => l.code)) {
        form.append('criterionCodes', c);
      }
      form.append('documentType', 'KH');
      form.append('documentNumber', `${10 + i}/KH-${code.toUpperCase()}`);
      form.append('issuedOn', '15/01/2023');
      form.append('issuingBody', 'Đơn vị');
      form.append('summary', 'Kế hoạch cải cách hành chính năm 2023');
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'ke-hoach-cchc-2023.pdf');
      await officer.call('POST', `/api/sheets/${sheet.id}/evidence`, form);
      if (i < 5) {
        await officer.call('POST', `/api/sheets/${sheet.id}/submit`);
      }
      console.log(`  ${code}: sheet ${sheet.id} filled${i < 5 ? ' and submitted' : ''}`);
    }
    // The worker routes each submitted sheet into the appraisers' inboxes.
    const until = Date.now() + 60_000;
    for (;;) {
      const [n] = await rows<{ n: number }>(
        ds.manager,
        'SELECT COUNT(DISTINCT t.sheet_id) AS n FROM appraisal_tasks t JOIN score_sheets s ON s.id = t.sheet_id WHERE s.campaign_id = ?',
        [campaignId],
      );
      if (Number(n.n) >= 5 || Date.now() > until) {
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    // Tài chính – Kế hoạch appraises public finance: claims three tasks, completes two, asks one unit to clarify.
    const tckh = await new Client(base).login('tckh.thamdinh');
    const page = await tckh.call<{ items: Array<{ id: number }> }>(
      'GET',
      `/api/inbox/tasks?view=unclaimed&campaignId=${campaignId}&contentArea=tai-chinh-cong`,
    );
    for (const [i, task] of page.items.slice(0, 3).entries()) {
      await tckh.call('POST', `/api/inbox/tasks/${task.id}/claim`);
      const detail = await tckh.call<{ leaves: Array<{ code: string; selfPoints: number | null }> }>(
        'GET',
        `/api/appraisal/tasks/${task.id}`,
      );
      await tckh.call('PUT', `/api/appraisal/tasks/${task.id}/scores`, {
        scores: detail.leaves.map((l) => ({
          code: l.code,
          points: l.selfPoints ?? 0,
          comment: 'Phù hợp tài liệu kiểm chứng.',
        })),
      });
      if (i < 2) {
        await tckh.call('POST', `/api/appraisal/tasks/${task.id}/complete`);
      } else {
        await tckh.call('POST', `/api/appraisal/tasks/${task.id}/clarifications`, {
          criterionCodes: [detail.leaves[0].code],
          request: 'Đề nghị bổ sung báo cáo quyết toán năm 2023.',
          dueAt: new Date(Date.now() + 5 * 86400_000).toISOString(),
        });
      }
    }
    console.log(
      `  tckh.thamdinh: ${Math.min(3, page.items.length)} tasks claimed and scored, one clarification requested`,
    );
  } finally {
    await worker.close();
    await api.close();
  }
}

seed(loadConfig()).then(
  () => process.exit(0),
  (error: unknown) => reportStartupFailure(error),
);
