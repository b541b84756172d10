/**
 * The phase gate, through the product (real api + worker + MariaDB + Redis): every writer of every phase is
 * refused with 423 naming the instant its window closed — once after an early close (campaign A: the
 * secretariat closes self-assessment and appraisal early, the council approves, the results are published)
 * and once after a deadline (campaign B: the deadlines pass, by the database clock). The deadline views agree
 * with the gate. No lock row is written by hand: closes, deadlines and decisions go through the api.
 */
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DATA_SOURCE, type Role, rows } from '@lib/database';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { completeEntriesOf } from '../factories/scores.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createUser } from '../factories/user.factory';
import { makeSignedPdf } from '../fixtures/pdf/make-pdfs';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { setAsideDecisionBlockers } from '../support/decisions';
import { buildReportJobHere } from '../support/reports';
import { eventually } from '../support/engine';

const DAY = 24 * 3600_000;
const json = { 'content-type': 'application/json' };
/** A JSON body, or none for the operations that take none (submit, claim, close…): docs/openapi.json says which. */
const send = (s: TestSession, method: string, path: string, body?: unknown) =>
  s.fetch(path, body === undefined ? { method } : { method, headers: json, body: JSON.stringify(body) });

interface Deadline {
  phase: string;
  dueAt: string;
  closed: boolean;
  closedAt: string | null;
  closedBy: string | null;
  secondsLeft: number;
}
interface CampaignView {
  state: string;
  deadlines: Deadline[];
}

/** A writer: what it is called in a failure message, and the request it makes. */
type Writer = [name: string, call: () => Promise<Response>];

/** Every writer answers 423 PHASE_CLOSED naming this window's closing instant and how it closed, in both languages. */
async function expectAllClosed(
  writers: Writer[],
  closed: { phase: string; closedAt: string; closedBy: string },
): Promise<void> {
  for (const [name, call] of writers) {
    const res = await call();
    const body = (await res.json()) as {
      error?: { code: string; messageVi: string; message: string; details: Record<string, unknown> };
    };
    expect({ name, status: res.status, code: body.error?.code, details: body.error?.details }).toEqual({
      name,
      status: 423,
      code: 'PHASE_CLOSED',
      details: closed,
    });
    expect(body.error?.messageVi).toMatch(/đã kết thúc lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \(giờ Việt Nam\)/);
    expect(body.error?.message).toMatch(/phase closed at \d{4}-\d\d-\d\d \d\d:\d\d/);
  }
}

function evidenceForm(pdf: Buffer, codes: string[]): FormData {
  const f = new FormData();
  codes.forEach((c) => f.append('criterionCodes', c));
  f.append('documentType', 'BC');
  f.append('documentNumber', '12/BC-UBND');
  f.append('issuedOn', '15/01/2024');
  f.append('issuingBody', 'UBND thành phố');
  f.append('summary', 'Báo cáo kết quả thực hiện nhiệm vụ');
  f.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'bao-cao.pdf');
  return f;
}

async function xlsxForm(header: string[], rowsOfCells: string[][] = []): Promise<FormData> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  rowsOfCells.forEach((r) => ws.addRow(r));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  const f = new FormData();
  f.append(
    'file',
    new Blob([new Uint8Array(buffer)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    'file.xlsx',
  );
  return f;
}

describe('the phase gate, for every writer (api + worker)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  const orgIds = new Map<string, number>();
  let admin: TestSession;
  let appraiser: TestSession;
  let colleagueId: number;
  let chair: TestSession;
  let chairUserId: number;
  let leader: TestSession;
  let pdf: Buffer;

  const session = async (organisation: string, roles: Role[]) => {
    const user = await createUser(ds, { organisationId: orgIds.get(organisation), roles });
    return { user, session: await createSession(ds, api.config, api.url, user) };
  };

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    worker = await startTestWorker();
    pdf = await makeSignedPdf();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  /** A campaign from the plan, through the product's campaign setup; returns its id and the sheets of two agencies. */
  async function campaign(code: string, selfAssessmentDueAt: Date) {
    const created = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      code,
      selfAssessmentDueAt,
      actor: { userId: null, label: 'system:test' },
    });
    if (orgIds.size === 0) {
      for (const o of await rows<{ id: number; code: string }>(ds.manager, 'SELECT id, code FROM organisations')) {
        orgIds.set(o.code, o.id);
      }
      admin = (await session('nv', ['admin'])).session;
      appraiser = (await session('nv', ['appraiser', 'supervisor'])).session;
      colleagueId = (await session('nv', ['appraiser'])).user.id;
      const c = await session('nv', ['council_member']);
      chair = c.session;
      chairUserId = c.user.id;
      leader = (await session('nv', ['leader'])).session;
    }
    const sheets = await rows<{ id: number; unit_id: number; code: string }>(
      ds.manager,
      `SELECT s.id, s.unit_id, u.code FROM score_sheets s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = ? AND u.code IN ('tp', 'vhtt')`,
      [created.id],
    );
    const sheet = (unit: string) => sheets.find((s) => s.code === unit)!;
    return {
      id: created.id,
      submitter: { ...sheet('tp'), officer: (await session('tp', ['unit_officer'])).session },
      laggard: { ...sheet('vhtt'), officer: (await session('vhtt', ['unit_officer'])).session },
    };
  }

  const view = async (id: number): Promise<CampaignView> =>
    (await (await admin.fetch(`/api/campaigns/${id}`)).json()) as CampaignView;
  const deadlineOf = async (id: number, phase: string): Promise<Deadline> =>
    (await view(id)).deadlines.find((d) => d.phase === phase)!;

  /** Save, submit and wait for routing: the submitter's tasks, one per content area. */
  async function submitAndRoute(submitter: { id: number; officer: TestSession }) {
    const entries = await completeEntriesOf(ds, submitter.id);
    expect((await send(submitter.officer, 'PUT', `/api/sheets/${submitter.id}/entries`, { entries })).status).toBe(200);
    expect((await send(submitter.officer, 'POST', `/api/sheets/${submitter.id}/submit`)).status).toBe(200);
    const routed = await eventually(async () => {
      const tasks = await rows<{ id: number; content_area: string; conflict_of_interest: number }>(
        ds.manager,
        'SELECT id, content_area, conflict_of_interest FROM appraisal_tasks WHERE sheet_id = ? ORDER BY id',
        [submitter.id],
      );
      return tasks.length > 0 ? tasks : undefined;
    });
    return routed!;
  }

  /** Claim a task of the secretariat (nv), and ask the unit for a clarification on it. */
  async function startAppraisal(tasks: Array<{ id: number; content_area: string }>) {
    const mine = tasks.filter((t) =>
      ['chi-dao-dieu-hanh', 'to-chuc-bo-may', 'che-do-cong-vu'].includes(t.content_area),
    );
    const [claimed, open] = mine;
    expect((await send(appraiser, 'POST', `/api/inbox/tasks/${claimed.id}/claim`)).status).toBe(200);
    const detail = (await (await appraiser.fetch(`/api/appraisal/tasks/${claimed.id}`)).json()) as {
      leaves: Array<{ code: string }>;
    };
    const scores = [{ code: detail.leaves[0].code, points: 0 }];
    expect((await send(appraiser, 'PUT', `/api/appraisal/tasks/${claimed.id}/scores`, { scores })).status).toBe(200);
    const asked = await send(appraiser, 'POST', `/api/appraisal/tasks/${claimed.id}/clarifications`, {
      criterionCodes: [detail.leaves[0].code],
      request: 'Đề nghị bổ sung văn bản có chữ ký số.',
      dueAt: new Date(Date.now() + 5 * DAY).toISOString(),
    });
    expect(asked.status).toBe(201);
    const clarification = (await asked.json()) as { id: number };
    return { claimed: claimed.id, open: open.id, leaf: detail.leaves[0].code, clarification: clarification.id };
  }

  const sheetWriters = (sheet: { id: number; officer: TestSession }, evidenceId: number): Writer[] => [
    [
      'save entries',
      () =>
        send(sheet.officer, 'PUT', `/api/sheets/${sheet.id}/entries`, {
          entries: [{ code: '1.2.1', selfPoints: 1, explanation: 'muộn' }],
        }),
    ],
    [
      'import the sheet (.xlsx)',
      async () =>
        sheet.officer.fetch(`/api/sheets/${sheet.id}/import`, { method: 'POST', body: await xlsxForm(['Mã']) }),
    ],
    [
      'upload evidence',
      () =>
        sheet.officer.fetch(`/api/sheets/${sheet.id}/evidence`, {
          method: 'POST',
          body: evidenceForm(pdf, ['1.2.1']),
        }),
    ],
    ['unlink evidence', () => sheet.officer.fetch(`/api/evidence/${evidenceId}/links/1.2.1`, { method: 'DELETE' })],
    ['submit', () => send(sheet.officer, 'POST', `/api/sheets/${sheet.id}/submit`)],
  ];

  const appraisalWriters = (
    a: { claimed: number; open: number; leaf: string; clarification: number },
    conflictTask: number,
    unit: { id: number; officer: TestSession },
  ): Writer[] => [
    ['claim', () => send(appraiser, 'POST', `/api/inbox/tasks/${a.open}/claim`)],
    ['unclaim', () => send(appraiser, 'POST', `/api/inbox/tasks/${a.claimed}/unclaim`)],
    ['assign', () => send(appraiser, 'POST', `/api/inbox/tasks/${a.open}/assign`, { userId: colleagueId })],
    [
      'change dates',
      () =>
        send(appraiser, 'PATCH', `/api/inbox/tasks/${a.claimed}/dates`, {
          dueAt: new Date(Date.now() + 9 * DAY).toISOString(),
        }),
    ],
    [
      'save appraised scores',
      () =>
        send(appraiser, 'PUT', `/api/appraisal/tasks/${a.claimed}/scores`, { scores: [{ code: a.leaf, points: 0 }] }),
    ],
    [
      'request a clarification',
      () =>
        send(appraiser, 'POST', `/api/appraisal/tasks/${a.claimed}/clarifications`, {
          criterionCodes: [a.leaf],
          request: 'Bổ sung',
          dueAt: new Date(Date.now() + 9 * DAY).toISOString(),
        }),
    ],
    ['complete', () => send(appraiser, 'POST', `/api/appraisal/tasks/${a.claimed}/complete`)],
    ['confirm a conflict of interest', () => send(admin, 'POST', `/api/appraisal/tasks/${conflictTask}/confirm`, {})],
    [
      'answer the clarification (unit)',
      () =>
        send(unit.officer, 'POST', `/api/appraisal/clarifications/${a.clarification}/answer`, {
          answer: 'Đơn vị gửi bổ sung',
        }),
    ],
    [
      'clarification evidence (unit)',
      () =>
        unit.officer.fetch(`/api/appraisal/clarifications/${a.clarification}/evidence`, {
          method: 'POST',
          body: evidenceForm(pdf, [a.leaf]),
        }),
    ],
  ];

  const councilWriters = (campaignId: number, s: { sessionId: number; memberId: number; unitId: number }): Writer[] => [
    [
      'bonus/penalty entry',
      () =>
        send(admin, 'PUT', `/api/campaigns/${campaignId}/units/${s.unitId}/adjustments/bonus/T.1`, { occurrences: 1 }),
    ],
    [
      'survey import',
      async () =>
        admin.fetch(`/api/campaigns/${campaignId}/survey-results`, {
          method: 'POST',
          body: await xlsxForm(['Mã đơn vị', 'Mã tiêu chí', 'Kết quả (%)'], [['tp', '9.1', '95']]),
        }),
    ],
    [
      'open a council session',
      () =>
        send(admin, 'POST', `/api/campaigns/${campaignId}/council/sessions`, {
          heldOn: '2024-03-29',
          members: [{ fullName: 'Trần Thị Hương', role: 'chair', userId: chairUserId }],
        }),
    ],
    [
      'council adjustment',
      () =>
        send(chair, 'POST', `/api/campaigns/${campaignId}/council/sessions/${s.sessionId}/adjustments`, {
          unitId: s.unitId,
          criterionCode: '1.2.1',
          points: '0,5',
          reason: 'Kế hoạch ban hành chậm',
          proposedByMemberId: s.memberId,
          ...BOTH_FOR,
        }),
    ],
    [
      'council approval',
      () => send(chair, 'POST', `/api/campaigns/${campaignId}/council/sessions/${s.sessionId}/approve`, BOTH_FOR),
    ],
  ];

  const decision = { decisionNumber: '99/QĐ-UBND', decisionDate: '2024-04-20', signerName: 'Nguyễn Văn Bình' };
  const approvalWriters = (campaignId: number): Writer[] => [
    ['leadership approval', () => send(leader, 'POST', `/api/campaigns/${campaignId}/leadership-approval`)],
    ['publication', () => send(admin, 'POST', `/api/campaigns/${campaignId}/publications`, decision)],
  ];

  /** The sessions here have two voting members (the chair and one member): both vote for. */
  const BOTH_FOR = { votesFor: 2, votesAgainst: 0, votesAbstain: 0 };

  async function openCouncil(campaignId: number, unitId: number) {
    const created = await send(admin, 'POST', `/api/campaigns/${campaignId}/council/sessions`, {
      heldOn: '2024-03-28',
      members: [
        { fullName: 'Trần Thị Hương', role: 'chair', userId: chairUserId },
        { fullName: 'Lê Văn Đức', role: 'member' },
      ],
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; members: Array<{ id: number; role: string }> };
    return { sessionId: body.id, memberId: body.members.find((m) => m.role === 'member')!.id, unitId };
  }

  it('after an early close (and after the decision that ends a phase), refuses every writer naming the instant', async () => {
    const a = await campaign('gate-early', new Date(Date.now() + 10 * DAY));
    const evidence = await a.laggard.officer.fetch(`/api/sheets/${a.laggard.id}/evidence`, {
      method: 'POST',
      body: evidenceForm(pdf, ['1.2.1']),
    });
    expect(evidence.status).toBe(201);
    const evidenceId = ((await evidence.json()) as { id: number }).id;
    const tasks = await submitAndRoute(a.submitter);
    const appraisal = await startAppraisal(tasks);
    const conflict = tasks.find((t) => Number(t.conflict_of_interest) === 1)!;

    // Self-assessment closed early by the secretariat: the laggard's draft is refused at once.
    const before = Date.now();
    const closed = await send(admin, 'POST', `/api/admin/campaigns/${a.id}/phases/selfAssessment/close`);
    expect(closed.status).toBe(200);
    const self = ((await closed.json()) as CampaignView).deadlines.find((d) => d.phase === 'selfAssessment')!;
    expect(self).toMatchObject({ closed: true, closedBy: 'closedEarly', secondsLeft: 0 });
    expect(Date.parse(self.closedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(self.closedAt!)).toBeLessThan(Date.parse(self.dueAt));
    const early = { phase: 'selfAssessment', closedAt: self.closedAt!, closedBy: 'closedEarly' };
    await expectAllClosed(
      [
        ...sheetWriters(a.laggard, evidenceId),
        [
          'change the self-assessment deadline',
          () =>
            send(admin, 'PUT', `/api/admin/campaigns/${a.id}/deadlines/selfAssessment`, {
              dueAt: new Date(Date.now() + 20 * DAY).toISOString(),
              reason: 'Gia hạn theo công văn',
            }),
        ],
        [
          'close self-assessment again',
          () => send(admin, 'POST', `/api/admin/campaigns/${a.id}/phases/selfAssessment/close`),
        ],
      ],
      early,
    );
    // Every view of the laggard's deadline says the same, and its sheet follows into `locked` (the lock job).
    const sheet = await eventually(async () => {
      const s = (await (await a.laggard.officer.fetch(`/api/sheets/${a.laggard.id}`)).json()) as {
        status: string;
        editable: boolean;
        deadline: Deadline;
      };
      return s.status === 'locked' ? s : undefined;
    });
    expect(sheet).toMatchObject({
      editable: false,
      deadline: { closed: true, closedAt: self.closedAt, closedBy: 'closedEarly' },
    });
    const units = (await (await admin.fetch(`/api/campaigns/${a.id}/units`)).json()) as Array<{
      sheetId: number;
      deadline: Deadline;
    }>;
    expect(units.find((u) => u.sheetId === a.laggard.id)!.deadline).toMatchObject({
      closed: true,
      closedAt: self.closedAt,
      closedBy: 'closedEarly',
    });

    // An extension granted after the close reopens that one unit.
    const extended = await send(admin, 'POST', `/api/admin/sheets/${a.laggard.id}/extension`, {
      dueAt: new Date(Date.now() + 2 * DAY).toISOString(),
      reason: 'Đơn vị gặp sự cố mạng',
    });
    expect(extended.status).toBe(200);
    expect(await extended.json()).toMatchObject({ closed: false, closedBy: null, extended: true });
    const reopened = await send(a.laggard.officer, 'PUT', `/api/sheets/${a.laggard.id}/entries`, {
      entries: [{ code: '1.2.1', selfPoints: 1, explanation: 'Sau gia hạn' }],
    });
    expect(reopened.status).toBe(200);

    // Appraisal closed early: every task writer, the unit's clarification writers and extensions are refused.
    const closedAppraisal = await send(admin, 'POST', `/api/admin/campaigns/${a.id}/phases/appraisal/close`);
    expect(closedAppraisal.status).toBe(200);
    const appr = ((await closedAppraisal.json()) as CampaignView).deadlines.find((d) => d.phase === 'appraisal')!;
    expect(appr).toMatchObject({ closed: true, closedBy: 'closedEarly' });
    const appraisalClosed = { phase: 'appraisal', closedAt: appr.closedAt!, closedBy: 'closedEarly' };
    await expectAllClosed(
      [
        ...appraisalWriters(appraisal, conflict.id, a.submitter),
        [
          'per-unit extension',
          () =>
            send(admin, 'POST', `/api/admin/sheets/${a.laggard.id}/extension`, {
              dueAt: new Date(Date.now() + 3 * DAY).toISOString(),
              reason: 'Gia hạn lần hai',
            }),
        ],
        // The late unit's extension ends with the appraisal phase.
        ['save entries after the extension', () => sheetWriters(a.laggard, evidenceId)[0][1]()],
      ],
      appraisalClosed,
    );

    // Council review ends with the council's approval; approval ends with the publication.
    const council = await openCouncil(a.id, a.submitter.unit_id);
    expect(
      (
        await send(admin, 'PUT', `/api/campaigns/${a.id}/units/${a.submitter.unit_id}/adjustments/bonus/T.1`, {
          occurrences: 1,
        })
      ).status,
    ).toBe(200);
    await setAsideDecisionBlockers(ds, a.id);
    const approved = await send(
      chair,
      'POST',
      `/api/campaigns/${a.id}/council/sessions/${council.sessionId}/approve`,
      BOTH_FOR,
    );
    expect(approved.status).toBe(200);
    const councilEnd = await deadlineOf(a.id, 'councilReview');
    expect(councilEnd).toMatchObject({ closed: true, closedBy: 'completed' });
    await expectAllClosed(councilWriters(a.id, council), {
      phase: 'councilReview',
      closedAt: councilEnd.closedAt!,
      closedBy: 'completed',
    });
    expect((await send(leader, 'POST', `/api/campaigns/${a.id}/leadership-approval`)).status).toBe(200);
    // Publication is a job (issue 19): 202 with it; asking again while it waits is the same job, not a second one.
    const accepted = await send(admin, 'POST', `/api/campaigns/${a.id}/publications`, decision);
    expect(accepted.status).toBe(202);
    const { job, created } = (await accepted.json()) as {
      job: { id: number; kind: string; state: string; revision: number; downloadUrl: string | null };
      created: boolean;
    };
    expect({ kind: job.kind, state: job.state, revision: job.revision, created }).toEqual({
      kind: 'publication',
      state: 'queued',
      revision: 1,
      created: true,
    });
    const again = await send(admin, 'POST', `/api/campaigns/${a.id}/publications`, decision);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ job: { id: job.id }, created: false });
    // Nothing is written until the job runs: the campaign is still in approval.
    expect((await view(a.id)).state).not.toBe('published');
    await buildReportJobHere(api.app, job.id);
    const done = (await (await send(admin, 'GET', `/api/report-jobs/${job.id}`)).json()) as {
      doneCount: number;
      totalCount: number;
    };
    expect(done).toMatchObject({ state: 'done', progress: 100, revision: 1, downloadUrl: null });
    // Its progress counted the campaign's units (what the page's bar shows).
    expect(done.totalCount).toBeGreaterThan(0);
    expect(done.doneCount).toBe(done.totalCount);
    // A redelivery (the row reset to running, as if the worker died after the commit) makes no second revision.
    await rows(ds.manager, "UPDATE report_jobs SET state = 'running' WHERE id = ?", [job.id]);
    await buildReportJobHere(api.app, job.id);
    await buildReportJobHere(api.app, job.id);
    const revisions = await rows<{ revision: number }>(
      ds.manager,
      'SELECT revision FROM publications WHERE campaign_id = ?',
      [a.id],
    );
    expect(revisions).toEqual([{ revision: 1 }]);
    expect(await (await send(admin, 'GET', `/api/report-jobs/${job.id}`)).json()).toMatchObject({ state: 'done' });
    // Once published, a second publication is refused in the request itself (the phase is over): no job to follow.
    const twice = await send(admin, 'POST', `/api/campaigns/${a.id}/publications`, decision);
    expect(twice.status).toBe(423);
    const [{ n }] = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM report_jobs WHERE campaign_id = ? AND kind = 'publication'",
      [a.id],
    );
    expect(Number(n)).toBe(1);
    const approvalEnd = await deadlineOf(a.id, 'approval');
    expect(approvalEnd).toMatchObject({ closed: true, closedBy: 'completed' });
    await expectAllClosed(approvalWriters(a.id), {
      phase: 'approval',
      closedAt: approvalEnd.closedAt!,
      closedBy: 'completed',
    });
    // A correction is the one write left after publication.
    const correction = await send(admin, 'POST', `/api/campaigns/${a.id}/publications/corrections`, {
      ...decision,
      decisionNumber: '100/QĐ-UBND',
      reason: 'Đính chính lỗi đánh máy',
    });
    expect(correction.status).toBe(202);
    const corrJob = ((await correction.json()) as { job: { id: number; revision: number } }).job;
    expect(corrJob.revision).toBe(2);
    // The same correction again follows its job; a different one sent meanwhile is refused, not merged into it.
    const sameAgain = await send(admin, 'POST', `/api/campaigns/${a.id}/publications/corrections`, {
      ...decision,
      decisionNumber: '100/QĐ-UBND',
      reason: 'Đính chính lỗi đánh máy',
    });
    expect(await sameAgain.json()).toMatchObject({ job: { id: corrJob.id }, created: false });
    const other = await send(admin, 'POST', `/api/campaigns/${a.id}/publications/corrections`, {
      ...decision,
      decisionNumber: '101/QĐ-UBND',
      reason: 'Đính chính tên đơn vị',
    });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { messageVi: string } }).error.messageVi).toContain(
      'Một đính chính khác (Quyết định số 100/QĐ-UBND) đang được ban hành',
    );
    await buildReportJobHere(api.app, corrJob.id);
    expect(await (await send(admin, 'GET', `/api/campaigns/${a.id}/publications/2`)).json()).toMatchObject({
      revision: 2,
      decisionNumber: '100/QĐ-UBND',
    });
  });

  it('after each deadline (by the database clock), refuses every writer naming the deadline', async () => {
    // Self-assessment already over for everyone but the two units extended below.
    const b = await campaign('gate-deadline', new Date(Date.now() - 60_000));
    // The worker fires the overdue deadlines: the campaign moves to appraisal and every draft locks.
    await eventually(async () => {
      const [open] = await rows<{ n: number }>(
        ds.manager,
        "SELECT COUNT(*) AS n FROM score_sheets WHERE campaign_id = ? AND state <> 'locked'",
        [b.id],
      );
      return (await view(b.id)).state === 'appraisal' && Number(open.n) === 0;
    }, 30_000);
    const extend = (sheetId: number, dueAt: Date) =>
      send(admin, 'POST', `/api/admin/sheets/${sheetId}/extension`, { dueAt: dueAt.toISOString(), reason: 'Gia hạn' });
    const laggardDue = new Date(Date.now() + 12_000);
    expect((await extend(b.laggard.id, laggardDue)).status).toBe(200);
    expect((await extend(b.submitter.id, new Date(Date.now() + 2 * DAY))).status).toBe(200);
    const evidence = await b.laggard.officer.fetch(`/api/sheets/${b.laggard.id}/evidence`, {
      method: 'POST',
      body: evidenceForm(pdf, ['1.2.1']),
    });
    expect(evidence.status).toBe(201);
    const evidenceId = ((await evidence.json()) as { id: number }).id;
    const tasks = await submitAndRoute(b.submitter);
    const appraisal = await startAppraisal(tasks);
    const conflict = tasks.find((t) => Number(t.conflict_of_interest) === 1)!;

    // The laggard's own deadline passes (the database clock is the judge; the lock job need not have run).
    await eventually(async () => (await deadlineOfSheet(b.laggard)).closed, 30_000);
    const laggard = await deadlineOfSheet(b.laggard);
    expect(laggard).toMatchObject({ closedAt: laggardDue.toISOString(), closedBy: 'deadline' });
    await expectAllClosed(sheetWriters(b.laggard, evidenceId), {
      phase: 'selfAssessment',
      closedAt: laggardDue.toISOString(),
      closedBy: 'deadline',
    });
    expect(await deadlineOf(b.id, 'selfAssessment')).toMatchObject({ closed: true, closedBy: 'deadline' });

    // The appraisal deadline is brought forward to a few seconds from now, then passes.
    const appraisalDue = await moveDeadline(b.id, 'appraisal', 3_000);
    await expectAllClosed(
      [
        ...appraisalWriters(appraisal, conflict.id, b.submitter),
        ['per-unit extension', () => extend(b.laggard.id, new Date(Date.now() + 3 * DAY))],
        ['close appraisal early', () => send(admin, 'POST', `/api/admin/campaigns/${b.id}/phases/appraisal/close`)],
      ],
      { phase: 'appraisal', closedAt: appraisalDue, closedBy: 'deadline' },
    );

    // Council review: the worker moves the campaign on at the appraisal deadline; its own deadline then passes.
    await eventually(async () => (await view(b.id)).state === 'councilReview');
    const council = await openCouncil(b.id, b.submitter.unit_id);
    const councilDue = await moveDeadline(b.id, 'councilReview', 3_000);
    await expectAllClosed(councilWriters(b.id, council), {
      phase: 'councilReview',
      closedAt: councilDue,
      closedBy: 'deadline',
    });
    // An extension of the phase in progress reopens it (gia hạn).
    await moveDeadline(b.id, 'councilReview', 5 * DAY, false);
    await setAsideDecisionBlockers(ds, b.id);
    expect(
      (await send(chair, 'POST', `/api/campaigns/${b.id}/council/sessions/${council.sessionId}/approve`, BOTH_FOR))
        .status,
    ).toBe(200);

    const approvalDue = await moveDeadline(b.id, 'approval', 3_000);
    await expectAllClosed(approvalWriters(b.id), { phase: 'approval', closedAt: approvalDue, closedBy: 'deadline' });
  });

  async function deadlineOfSheet(sheet: { id: number; officer: TestSession }): Promise<Deadline> {
    return ((await (await sheet.officer.fetch(`/api/sheets/${sheet.id}`)).json()) as { deadline: Deadline }).deadline;
  }

  /**
   * Change a phase deadline through the api to `inMs` from now; unless `wait` is false, wait until the campaign
   * view (the gate's own judgement) shows the phase closed. Returns the new instant (ISO).
   */
  async function moveDeadline(campaignId: number, phase: string, inMs: number, wait = true): Promise<string> {
    const dueAt = new Date(Date.now() + inMs).toISOString();
    const res = await send(admin, 'PUT', `/api/admin/campaigns/${campaignId}/deadlines/${phase}`, {
      dueAt,
      reason: 'Điều chỉnh thời hạn theo kế hoạch',
    });
    expect(res.status).toBe(200);
    if (wait) {
      await eventually(async () => (await deadlineOf(campaignId, phase)).closed, 30_000);
      expect(await deadlineOf(campaignId, phase)).toMatchObject({ closedAt: dueAt, closedBy: 'deadline' });
    }
    return dueAt;
  }
});
