/**
 * The national-scale fixture (issue 19 item 1): 34 provinces with their departments and communes in a database
 * of their own, each with a campaign in the last day of self-assessment — most sheets largely filled in, with
 * signed PDF evidence — so `npm run load` can replay the deadline-day rush against realistic volumes.
 *
 * It goes through the product's own doors where one exists and the volume allows: migrations, the criteria-set
 * store, campaign setup (`CampaignSetupService.createIn`: the definition is checked, every sheet gets its started
 * machine and its audit rows), `campaign.opened` through the workflow runner, and the evidence pool uploaded through
 * the real api (PDF checks, content-addressed storage). The volume — organisations, units, accounts, 300k+ score
 * entries and the evidence rows that point at the pool — goes in as multi-row INSERTs: the same rows a secretariat's
 * import and the officers' saves would write, minus 400,000 round trips.
 */
import 'reflect-metadata';
import { loadConfig, processEnv, type AppConfig } from '@config';
import { definitionOfPlan, leafNode, parentNode, PHASES, type CriteriaSet, type Phase } from '@lib/criteria';
import { DATA_SOURCE, recreateDatabase, rows, write } from '@lib/database';
import type { DataSource, EntityManager } from 'typeorm';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { randomBytes } from 'node:crypto';
import { deleteQueueKeys } from '@lib/workflow';
import { createApiApp, CriteriaSetStore, hashPassword, SessionService } from '../../apps/api/src/app.factory';
import { createServiceContext } from '../../apps/api/src/bootstrap/bootstrap';
import { CampaignSetupService } from '../../apps/api/src/campaigns/campaign-setup.service';
import { readCampaignPlan } from '../../apps/api/src/campaigns/plan-files';
import { signPdf } from '../../test/fixtures/pdf/make-pdfs';

/** Every account of the fixture signs in with this (≥ 12 characters). Fixture data only. */
export const SCALE_PASSWORD = 'tải thử chỉ số cchc 2025';
const SYSTEM = { userId: null, label: 'system:seed-scale' };
const LEAVES_PER_FIELD = 10;
const FIELDS = 10;

export interface ScaleOptions {
  /** mysql://…/<db>: dropped and recreated. */
  databaseUrl: string;
  /** Evidence storage folder shared by the seed and the load's api processes. */
  uploadDir: string;
  /** Queue prefix of the processes that will run against the fixture. */
  queuePrefix: string;
  authorities: number;
  /** Communes/wards/special zones in all, spread over the authorities (38–168 each at national scale). */
  communes: number;
  /** Departments (sở, ban, ngành) in all. */
  departments: number;
  /** Leaves already self-scored on each sheet when the rush starts (of 100). */
  filledLeaves: number;
  /** Distinct small signed PDFs uploaded through the api and shared by the evidence rows. */
  evidencePool: number;
  /** Self-assessment closes this many hours after the seed. */
  hoursToDeadline: number;
  log?: (line: string) => void;
}

export interface ScaleSummary {
  databaseUrl: string;
  authorities: number;
  units: number;
  sheets: number;
  users: number;
  scoreEntries: number;
  evidence: number;
  evidenceLinks: number;
  evidenceFiles: number;
  selfAssessmentDueAt: string;
  seconds: number;
}

/** National figures of issue 19: 34 provinces, 3,321 communes/wards/special zones, about 700 departments. */
export const NATIONAL: Pick<ScaleOptions, 'authorities' | 'communes' | 'departments'> = {
  authorities: 34,
  communes: 3321,
  departments: 700,
};

/** A scale database name that carries TEST_NAMESPACE, like the bench databases. */
export function defaultScaleUrl(env: Record<string, string | undefined> = processEnv()): string {
  if (env.SCALE_DATABASE_URL) {
    return env.SCALE_DATABASE_URL;
  }
  const ns = env.TEST_NAMESPACE ?? '';
  return `mysql://root@127.0.0.1:3306/par_index_scale${ns ? `_${ns}` : ''}`;
}

/** The app configuration every process of the scale run uses (seed, api, worker, load checks). */
export function scaleConfig(o: Pick<ScaleOptions, 'databaseUrl' | 'uploadDir' | 'queuePrefix'>): AppConfig {
  return loadConfig({ ...scaleEnv(o), LOG_LEVEL: 'warn' });
}

export function scaleEnv(
  o: Pick<ScaleOptions, 'databaseUrl' | 'uploadDir' | 'queuePrefix'>,
): Record<string, string | undefined> {
  return {
    ...processEnv(),
    DATABASE_URL: o.databaseUrl,
    UPLOAD_DIR: o.uploadDir,
    QUEUE_PREFIX: o.queuePrefix,
    EVIDENCE_STORAGE: 'local',
    // The fixture's signer chains to a test CA with no reachable OCSP/CRL: an online check would only wait.
    REVOCATION_CHECK: 'offline',
  };
}

/** `total` spread over `n` buckets between `min` and `max` each, deterministically uneven (like real provinces). */
export function spread(total: number, n: number, min: number, max: number): number[] {
  const weights = Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 23));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.min(max, Math.max(min, Math.round((total * w) / sum))));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % n) {
    const step = diff > 0 ? 1 : -1;
    const next = counts[i] + step;
    if (next >= min && (step < 0 || next <= Math.max(max, Math.ceil(total / n)))) {
      counts[i] = next;
      diff -= step;
    }
  }
  return counts;
}

/** 10 fields × 10 manual leaves (1 point each), field f routed to content area f. Labelled a sample. */
export function scaleCriteriaSet(group: 'agency' | 'commune', areas: string[]): CriteriaSet {
  const nodes = Array.from({ length: FIELDS }, (_, f) =>
    parentNode(
      String(f + 1),
      Array.from({ length: LEAVES_PER_FIELD }, (_, l) =>
        leafNode(`${f + 1}.${l + 1}`, 1000, { kind: 'manual' }, areas[f % areas.length]),
      ),
    ),
  );
  return {
    key: `scale-${group}`,
    title: `Bộ tiêu chí thử tải — ${group === 'agency' ? 'sở, ban, ngành' : 'xã, phường, đặc khu'} (MẪU)`,
    sample: true,
    totalPoints: nodes.reduce((a, n) => a + n.maxPoints, 0),
    nodes,
  };
}

export function leafCodes(): string[] {
  return Array.from({ length: FIELDS * LEAVES_PER_FIELD }, (_, i) => `${Math.floor(i / 10) + 1}.${(i % 10) + 1}`);
}

/** Which leaves a sheet has already scored: a deterministic per-sheet choice of `filled` of the 100. */
export function filledLeafIndexes(sheetId: number, filled: number): number[] {
  const all = Array.from({ length: FIELDS * LEAVES_PER_FIELD }, (_, i) => i);
  // A per-sheet rotation and stride keep the unscored leaves spread over the fields, different on every sheet.
  const start = (sheetId * 37) % all.length;
  return all.map((_, k) => (start + k * 13) % all.length).slice(0, filled);
}

async function insertMany(em: EntityManager, head: string, values: unknown[][], chunk = 2000): Promise<number> {
  let first = 0;
  for (let i = 0; i < values.length; i += chunk) {
    const part = values.slice(i, i + chunk);
    const marks = part.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ');
    const result = await write(em, `${head} VALUES ${marks}`, part.flat());
    if (i === 0) {
      first = result.insertId;
    }
  }
  return first;
}

/** A small one-page PDF, different for every `n`, signed by the test PKI (as the libs/pdf tests sign theirs). */
export async function smallSignedPdf(n: number, paddingBytes = 0): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Tai lieu kiem chung ${n}`);
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(`PAR Index scale fixture - document ${n}`, { x: 50, y: 780, size: 14, font });
  doc.catalog.set(PDFName.of('PARIndexScale'), PDFString.of(`${n}-${randomBytes(8).toString('hex')}`));
  if (paddingBytes > 0) {
    const blob = doc.context.register(doc.context.stream(randomBytes(paddingBytes), { Length: paddingBytes }));
    doc.catalog.set(PDFName.of('PARIndexPadding'), blob);
  }
  return signPdf(Buffer.from(await doc.save({ useObjectStreams: false })));
}

interface OrgSpec {
  code: string;
  name: string;
  group?: 'agency' | 'commune';
}

/** Departments named like a province's (the first ones appraise), then the non-assessed appraisers, then communes. */
function organisationsOf(a: number, departments: number, communes: number): OrgSpec[] {
  const named: Array<[string, string]> = [
    ['nv', 'Sở Nội vụ'],
    ['tp', 'Sở Tư pháp'],
    ['vp', 'Văn phòng UBND tỉnh'],
    ['tckh', 'Sở Tài chính'],
    ['vhtt', 'Sở Văn hóa, Thể thao và Du lịch'],
    ['ttr', 'Thanh tra tỉnh'],
    ['ldtbxh', 'Sở Y tế'],
    ['kt', 'Sở Công Thương'],
    ['tnmt', 'Sở Nông nghiệp và Môi trường'],
    ['qldt', 'Sở Xây dựng'],
    ['yt', 'Sở Khoa học và Công nghệ'],
    ['gddt', 'Sở Giáo dục và Đào tạo'],
  ];
  const out: OrgSpec[] = [];
  for (let d = 0; d < Math.max(departments, named.length); d++) {
    const [code, name] = named[d] ?? [`so-${d + 1}`, `Sở, ngành số ${d + 1} (tỉnh ${a})`];
    out.push({ code, name, ...(d < departments ? { group: 'agency' as const } : {}) });
  }
  out.push({ code: 'tthcc', name: 'Trung tâm Phục vụ hành chính công tỉnh' });
  out.push({ code: 'btcd', name: 'Ban Tiếp công dân tỉnh' });
  for (let c = 0; c < communes; c++) {
    const kind = c % 5 === 0 ? 'Phường' : c === communes - 1 && c > 10 ? 'Đặc khu' : 'Xã';
    out.push({ code: `x-${String(c + 1).padStart(3, '0')}`, name: `${kind} số ${c + 1}`, group: 'commune' });
  }
  return out;
}

/**
 * Drop and recreate the scale database, migrate it, and fill it. Idempotent in the only way a fixture of this
 * size can be quickly: it starts from empty every time.
 */
export async function seedScale(o: ScaleOptions): Promise<ScaleSummary> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const config = scaleConfig(o);
  const dbName = new URL(o.databaseUrl).pathname.slice(1);
  await recreateDatabase(config, dbName);
  // Empty the queues of the recreated database (job ids restart with its row ids).
  await deleteQueueKeys(config);
  const context = await createServiceContext(config);
  const ds = context.get<DataSource>(DATA_SOURCE);
  try {
    await ds.runMigrations({ transaction: 'each' });
    const plan = readCampaignPlan('uong-bi-2023');
    const areas = plan.contentAreas.map((c) => c.code);
    const sets = { agency: scaleCriteriaSet('agency', areas), commune: scaleCriteriaSet('commune', areas) };
    const perAuthority = (total: number) => total / Math.max(1, o.authorities);
    // Provinces differ in communes (38–168 each) far more than in departments (about 20 each).
    const communes = spread(o.communes, o.authorities, Math.min(38, Math.floor(perAuthority(o.communes))), 168);
    const departments = spread(
      o.departments,
      o.authorities,
      Math.min(20, Math.floor(perAuthority(o.departments))),
      Math.max(21, Math.ceil(perAuthority(o.departments))),
    );
    const hash = await hashPassword(SCALE_PASSWORD);
    const due = new Date(Date.now() + o.hoursToDeadline * 3600_000);
    const day = 86400_000;
    const deadlines: Record<Phase, Date> = {
      selfAssessment: due,
      appraisal: new Date(due.getTime() + 15 * day),
      councilReview: new Date(due.getTime() + 30 * day),
      approval: new Date(due.getTime() + 60 * day),
    };
    const setup = context.get(CampaignSetupService);
    const store = context.get(CriteriaSetStore);
    const codes = leafCodes();
    let users = 0;
    for (let a = 0; a < o.authorities; a++) {
      const code = `tinh-${String(a + 1).padStart(2, '0')}`;
      const orgs = organisationsOf(a + 1, departments[a], communes[a]);
      const created = await ds.transaction(async (em) => {
        const ins = await write(em, 'INSERT INTO authorities (code, name, timezone) VALUES (?, ?, ?)', [
          code,
          `Ủy ban nhân dân tỉnh số ${a + 1}`,
          'Asia/Ho_Chi_Minh',
        ]);
        const authorityId = ins.insertId;
        await insertMany(
          em,
          'INSERT INTO organisations (authority_id, code, name, kind)',
          orgs.map((g) => [authorityId, g.code, g.name, g.code === 'nv' ? 'secretariat' : (g.group ?? 'appraiser')]),
        );
        const orgIds = new Map(
          (
            await rows<{ id: number; code: string }>(em, 'SELECT id, code FROM organisations WHERE authority_id = ?', [
              authorityId,
            ])
          ).map((r) => [r.code, r.id]),
        );
        await insertMany(
          em,
          'INSERT INTO units (authority_id, organisation_id, code, name, unit_group)',
          orgs.filter((g) => g.group).map((g) => [authorityId, orgIds.get(g.code), g.code, g.name, g.group]),
        );
        const setIds = new Map<string, number>();
        for (const group of ['agency', 'commune'] as const) {
          setIds.set(group, (await store.store(em, authorityId, group, sets[group])).id);
        }
        const base = definitionOfPlan(plan, setIds);
        const definition = {
          ...base,
          code: 'cchc-2025',
          year: 2025,
          name: `Chỉ số CCHC năm 2025 — tỉnh số ${a + 1} (thử tải)`,
          // Every unit of each group (no list): what a province does with 100+ communes.
          groups: base.groups.map((g) => ({
            key: g.key,
            name: g.name,
            criteriaSetId: g.criteriaSetId,
            table: g.table,
          })),
          deadlines: Object.fromEntries(PHASES.map((p) => [p, deadlines[p].toISOString()])) as Record<Phase, string>,
          // The morning's reminders went out before the rush; the load measures the rush itself.
          reminders: { enabled: false, daysBefore: [1], sendTime: '08:00', workingDaysOnly: true },
        };
        const campaign = await setup.createIn(em, definition, SYSTEM, authorityId);
        // Accounts: the secretariat, a leader, one officer per unit, two appraisers per appraising organisation.
        const appraising = [...new Set(plan.contentAreas.flatMap((c) => c.appraisers))];
        const accounts: unknown[][] = [
          [orgIds.get('nv'), `${code}.thuongtruc`, 'Thường trực (thử tải)', JSON.stringify(['admin'])],
          [orgIds.get('nv'), `${code}.lanhdao`, 'Lãnh đạo tỉnh (thử tải)', JSON.stringify(['leader'])],
          ...orgs
            .filter((g) => g.group)
            .map((g) => [
              orgIds.get(g.code),
              `${code}.${g.code}`,
              `Cán bộ ${g.name}`,
              JSON.stringify(['unit_officer']),
            ]),
          ...appraising.flatMap((org) =>
            [1, 2].map((k) => [
              orgIds.get(org),
              `${code}.${org}.td${k}`,
              `Thẩm định viên ${k} ${org}`,
              JSON.stringify(['appraiser', 'supervisor']),
            ]),
          ),
        ];
        await insertMany(
          em,
          'INSERT INTO users (organisation_id, username, full_name, roles, password_hash, active, must_change_password)',
          accounts.map((r) => [...r, hash, 1, 0]),
        );
        users += accounts.length;
        return campaign;
      });
      await setup.afterCreate(created.id, SYSTEM, true);
      log(`  ${code}: ${departments[a]} departments, ${communes[a]} communes, campaign ${created.id}`);
    }

    // The rush starts from sheets mostly filled in: `filledLeaves` self scores each, with an explanation.
    const sheets = await rows<{ id: number; unit_id: number; name: string; officer: number }>(
      ds.manager,
      `SELECT s.id, s.unit_id, un.name, us.id AS officer
         FROM score_sheets s JOIN units un ON un.id = s.unit_id
         JOIN authorities a ON a.id = un.authority_id
         JOIN users us ON us.username = CONCAT(a.code, '.', un.code)
        ORDER BY s.id`,
    );
    const entries: unknown[][] = [];
    for (const s of sheets) {
      for (const i of filledLeafIndexes(s.id, o.filledLeaves)) {
        entries.push([s.id, codes[i], 1000 - ((s.id + i) % 4) * 250, 'Đã thực hiện theo kế hoạch (thử tải).']);
      }
    }
    await insertMany(
      ds.manager,
      'INSERT INTO score_entries (sheet_id, criterion_code, self_milli, explanation)',
      entries,
      5000,
    );
    log(`  ${entries.length} score entries on ${sheets.length} sheets`);

    const evidence = await seedEvidence(config, ds, sheets, o, codes);
    const [files] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM evidence_files');
    return {
      databaseUrl: o.databaseUrl,
      authorities: o.authorities,
      units: sheets.length,
      sheets: sheets.length,
      users,
      scoreEntries: entries.length,
      evidence: evidence.documents,
      evidenceLinks: evidence.links,
      evidenceFiles: Number(files.n),
      selfAssessmentDueAt: due.toISOString(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await context.close();
  }
}

/**
 * The evidence: `evidencePool` distinct signed PDFs go through the real upload (checks, signature verdict,
 * content-addressed storage) on the first sheet; every other sheet's documents are rows pointing at those
 * stored files (a sheet holds a file once), each leaf already scored supported by 1–3 of them.
 */
async function seedEvidence(
  config: AppConfig,
  ds: DataSource,
  sheets: Array<{ id: number; name: string; officer: number }>,
  o: ScaleOptions,
  codes: string[],
): Promise<{ documents: number; links: number }> {
  const api = await createApiApp({ ...config, log: { ...config.log, level: 'error' } });
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const first = sheets[0];
  const fileIds: number[] = [];
  try {
    const session = await new SessionService(ds, config).create(first.officer, { ip: '127.0.0.1', userAgent: 'seed' });
    for (let n = 0; n < o.evidencePool; n++) {
      const form = new FormData();
      form.append('criterionCodes', codes[n % codes.length]);
      form.append('documentType', 'KH');
      form.append('documentNumber', `${n + 1}/KH-UBND`);
      form.append('issuedOn', '15/01/2025');
      form.append('issuingBody', first.name);
      form.append('summary', `Tài liệu kiểm chứng số ${n + 1}`);
      form.append(
        'file',
        new Blob([new Uint8Array(await smallSignedPdf(n))], { type: 'application/pdf' }),
        `tl-${n}.pdf`,
      );
      const res = await fetch(`${base}/api/sheets/${first.id}/evidence`, {
        method: 'POST',
        headers: { cookie: `par_session=${session.token}`, 'x-csrf-token': session.csrfToken },
        body: form,
      });
      if (res.status !== 201) {
        throw new Error(`evidence pool upload ${n} answered ${res.status}: ${await res.text()}`);
      }
    }
  } finally {
    await api.close();
  }
  for (const r of await rows<{ id: number }>(ds.manager, 'SELECT id FROM evidence_files ORDER BY id')) {
    fileIds.push(r.id);
  }
  const perSheet = Math.min(fileIds.length, 48);
  let documents = o.evidencePool;
  let links = o.evidencePool;
  const batch = 100;
  for (let i = 1; i < sheets.length; i += batch) {
    const part = sheets.slice(i, i + batch);
    const docs: unknown[][] = [];
    for (const s of part) {
      for (let d = 0; d < perSheet; d++) {
        docs.push([
          s.id,
          fileIds[(s.id + d) % fileIds.length],
          `tai-lieu-${d + 1}.pdf`,
          d % 3 === 0 ? 'BC' : 'KH',
          `${d + 1}/${d % 3 === 0 ? 'BC' : 'KH'}-UBND`,
          '2025-01-15',
          s.name,
          `Tài liệu kiểm chứng số ${d + 1}`,
          s.officer,
        ]);
      }
    }
    const firstId = await insertMany(
      ds.manager,
      'INSERT INTO evidence (sheet_id, file_id, original_filename, document_type, document_number, issued_on, issuing_body, summary, uploaded_by)',
      docs,
      docs.length,
    );
    // One multi-row INSERT: InnoDB hands out consecutive ids, so document d of sheet k is firstId + k·perSheet + d.
    const linkRows: unknown[][] = [];
    part.forEach((s, k) => {
      for (const leaf of filledLeafIndexes(s.id, o.filledLeaves)) {
        const count = 1 + ((s.id + leaf) % 3 === 0 ? 1 : 0) + ((s.id * 7 + leaf) % 11 === 0 ? 1 : 0);
        const picked = new Set<number>();
        for (let j = 0; picked.size < Math.min(count, perSheet); j++) {
          picked.add((leaf + j * 17) % perSheet);
        }
        for (const d of picked) {
          linkRows.push([firstId + k * perSheet + d, s.id, codes[leaf], s.officer]);
        }
      }
    });
    await insertMany(
      ds.manager,
      'INSERT INTO evidence_links (evidence_id, sheet_id, criterion_code, created_by)',
      linkRows,
      5000,
    );
    documents += docs.length;
    links += linkRows.length;
  }
  return { documents, links };
}
