/**
 * Appraisal routing and the officers' inbox, end to end: real api + real worker (BullMQ) + MariaDB + Redis.
 * The expected number of tasks per appraising organisation is computed here straight from the YAML files
 * (plan routing table × distinct content areas of each catalog's leaves), not through the code under test.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { CampaignSeedService } from '../../apps/api/src/campaigns/campaign-seed.service';
import { RoutingService } from '../../apps/worker/src/worker.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { FIXTURE_SIGNER, makeSignedPdf } from '../fixtures/pdf/make-pdfs';
import { createUser } from '../factories/user.factory';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';

interface YamlNode {
  code: string;
  contentArea?: string;
  children?: YamlNode[];
}
interface YamlPlan {
  organisations: Array<{ code: string; unitGroup?: string }>;
  unitGroups: Array<{ key: string; catalog: string }>;
  contentAreas: Array<{ code: string; appraisers: string[] }>;
}

const DATA = join(__dirname, '../../config/data');
const plan = parse(readFileSync(join(DATA, 'campaigns/uong-bi-2023.yaml'), 'utf8')) as YamlPlan;

/** Distinct content areas of a catalog's leaves (a parent's contentArea is inherited). */
function areasOfCatalog(key: string): Set<string> {
  const set = parse(readFileSync(join(DATA, `catalogs/${key}.yaml`), 'utf8')) as { nodes: YamlNode[] };
  const out = new Set<string>();
  const walk = (n: YamlNode, inherited?: string) => {
    const area = n.contentArea ?? inherited;
    if (!n.children || n.children.length === 0) {
      out.add(area!);
    }
    n.children?.forEach((c) => walk(c, area));
  };
  set.nodes.forEach((n) => walk(n));
  return out;
}

function expectedTasksPerOrganisation(): { perOrg: Map<string, number>; total: number } {
  const routing = new Map(plan.contentAreas.map((a) => [a.code, a.appraisers]));
  const perOrg = new Map<string, number>();
  let total = 0;
  for (const unit of plan.organisations.filter((o) => o.unitGroup)) {
    const catalog = plan.unitGroups.find((g) => g.key === unit.unitGroup)!.catalog;
    for (const area of areasOfCatalog(catalog)) {
      total++;
      for (const org of routing.get(area) ?? []) {
        perOrg.set(org, (perOrg.get(org) ?? 0) + 1);
      }
    }
  }
  return { perOrg, total };
}

const json = { 'content-type': 'application/json' };
/** POST with a JSON body, or none for the operations that take none (claim, complete…). */
const post = (s: TestSession, path: string, body?: unknown) =>
  s.fetch(
    path,
    body === undefined ? { method: 'POST' } : { method: 'POST', headers: json, body: JSON.stringify(body) },
  );
const put = (s: TestSession, path: string, body: unknown) =>
  s.fetch(path, { method: 'PUT', headers: json, body: JSON.stringify(body) });

interface EvidenceSeen {
  id: number;
  verdict: string;
  signers: string[];
  signedAt: string | null;
  signatures: Array<{ signerName: string | null; signerOrganisation: string | null; signingTime: string | null }>;
  viewUrl: string;
}
interface LeafView {
  code: string;
  maxPoints: number;
  round1: number | null;
  round2: number | null;
  evidence: EvidenceSeen[];
}
interface TaskDetail {
  state: string;
  leaves: LeafView[];
  sheetId: number;
  clarifications: Array<{ id: number; status: string; answer: string | null; evidence: EvidenceSeen[] }>;
}

/** The multipart form of an evidence upload: the reference fields first, the file last (as browsers send it). */
function evidenceForm(pdf: Buffer, codes: string[]): FormData {
  const f = new FormData();
  codes.forEach((c) => f.append('criterionCodes', c));
  f.append('documentType', 'BC');
  f.append('documentNumber', '12/BC-UBND');
  f.append('issuedOn', '15/01/2024');
  f.append('issuingBody', 'UBND phường');
  f.append('summary', 'Báo cáo giải trình kết quả rà soát văn bản');
  f.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'giai-trinh.pdf');
  return f;
}
/**
 * A raw request whose multipart body stops in the middle of the file part (no closing boundary, Content-Length
 * matching what is sent): busboy's "Unexpected end of form". Resolves with the status and error code.
 */
function truncatedUpload(baseUrl: string, path: string, s: TestSession): Promise<{ status: number; code: string }> {
  const { hostname, port } = new URL(baseUrl);
  const boundary = 'parindex-truncated';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="criterionCodes"\r\n\r\n1.1.1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7`,
  );
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, json] = received.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        code: (JSON.parse(json) as { error: { code: string } }).error.code,
      });
    });
    socket.write(
      Buffer.concat([
        Buffer.from(
          `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nCookie: ${s.cookie}\r\nX-CSRF-Token: ${s.csrfToken}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        ),
        body,
      ]),
    );
  });
}

const uploadFor = (s: TestSession, clarificationId: number, form: FormData) =>
  s.fetch(`/api/appraisal/clarifications/${clarificationId}/evidence`, { method: 'POST', body: form });

describe('appraisal routing and inbox (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let campaignId: number;
  const orgIds = new Map<string, number>();
  const officers = new Map<string, TestSession>();
  const officerIds = new Map<string, number>();

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    worker = await startTestWorker();
    const created = await api.app.get(CampaignSeedService).seedFromPlan({
      planKey: 'uong-bi-2023',
      selfAssessmentDueAt: new Date(Date.now() + 10 * 24 * 3600_000),
      actor: { userId: null, label: 'system:test' },
    });
    campaignId = created.id;
    for (const o of await rows<{ id: number; code: string }>(ds.manager, 'SELECT id, code FROM organisations')) {
      orgIds.set(o.code, o.id);
    }
    for (const code of new Set(plan.contentAreas.flatMap((a) => a.appraisers))) {
      const user = await createUser(ds, { organisationId: orgIds.get(code), roles: ['appraiser', 'supervisor'] });
      officerIds.set(code, user.id);
      officers.set(code, await createSession(ds, api.config, api.url, user));
    }
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('should route 22 submitted sheets into exactly the expected inboxes, once each even when routing runs twice', async () => {
    const runner = api.app.get(WorkflowRunner);
    const sheets = await rows<{ id: number }>(ds.manager, 'SELECT id FROM score_sheets WHERE campaign_id = ?', [
      campaignId,
    ]);
    expect(sheets).toHaveLength(22);
    for (const s of sheets) {
      await runner.transition({
        machineId: 'scoreSheet',
        id: s.id,
        event: ({ now }) => ({ type: 'sheet.submitted', at: now.toISOString() }),
        actor: { userId: null, label: 'system:test' },
      });
    }
    const { perOrg, total } = expectedTasksPerOrganisation();
    await eventually(async () => {
      const [n] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM appraisal_tasks');
      const [u] = await rows<{ n: number }>(
        ds.manager,
        "SELECT COUNT(*) AS n FROM score_sheets WHERE state = 'underAppraisal'",
      );
      return Number(n.n) === total && Number(u.n) === 22;
    }, 30_000);

    // The routing job again, for every sheet (a duplicate delivery): nothing new.
    const routing = worker.get(RoutingService);
    for (const s of sheets) {
      expect(await routing.routeSheet(s.id)).toMatchObject({ created: 0, started: false });
    }
    const [again] = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM appraisal_tasks');
    expect(Number(again.n)).toBe(total);

    for (const [org, expected] of perOrg) {
      const res = await officers.get(org)!.fetch(`/api/inbox/counts?campaignId=${campaignId}`);
      expect(res.status).toBe(200);
      const counts = (await res.json()) as { unclaimed: number; all: number };
      expect([org, counts.unclaimed]).toEqual([org, expected]);
      // Keyset pages of 7 walk the whole view in (due, id) order, each task once.
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await officers
          .get(org)!
          .fetch(
            `/api/inbox/tasks?view=unclaimed&campaignId=${campaignId}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
          );
        const body = (await page.json()) as { items: Array<{ id: number }>; nextCursor: string | null };
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(expected);
      expect(seen).toHaveLength(expected);
    }

    // Conflict of interest: Tư pháp's own institutional-reform task is flagged, Nội vụ confirms it.
    const [own] = await rows<{ conflict_of_interest: number; confirmer_organisation_id: number | null }>(
      ds.manager,
      `SELECT t.conflict_of_interest, t.confirmer_organisation_id FROM appraisal_tasks t JOIN units u ON u.id = t.unit_id
        WHERE u.code = 'tp' AND t.content_area = 'cai-cach-the-che'`,
    );
    expect(Number(own.conflict_of_interest)).toBe(1);
    expect(own.confirmer_organisation_id).toBe(orgIds.get('nv'));
  });

  it("should answer 404 to Tư pháp's officers for Tài chính – Kế hoạch's tasks", async () => {
    const [task] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM appraisal_tasks WHERE content_area = 'tai-chinh-cong' ORDER BY id LIMIT 1",
    );
    const tp = officers.get('tp')!;
    expect((await tp.fetch(`/api/appraisal/tasks/${task.id}`)).status).toBe(404);
    expect((await post(tp, `/api/inbox/tasks/${task.id}/claim`)).status).toBe(404);
    expect((await tp.fetch(`/api/inbox/tasks/${task.id}/history`)).status).toBe(404);
    const list = (await (await tp.fetch(`/api/inbox/tasks?contentArea=tai-chinh-cong`)).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
    expect((await officers.get('tckh')!.fetch(`/api/appraisal/tasks/${task.id}`)).status).toBe(200);
  });

  it('should let exactly one of 50 concurrent claims win; the rest get 409 naming the assignee', async () => {
    const [task] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM appraisal_tasks WHERE content_area = 'tai-chinh-cong' AND state = 'open' ORDER BY id DESC LIMIT 1",
    );
    const sessions: TestSession[] = [];
    for (let i = 0; i < 50; i++) {
      const u = await createUser(ds, { organisationId: orgIds.get('tckh'), roles: ['appraiser'] });
      sessions.push(await createSession(ds, api.config, api.url, u));
    }
    const answers = await Promise.all(
      sessions.map(async (s) => {
        const res = await post(s, `/api/inbox/tasks/${task.id}/claim`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    const winner = (won[0].body.assignee as { username: string }).username;
    for (const l of lost) {
      const error = l.body.error as { code: string; details: { assignee: { username: string } }; message: string };
      expect(error.code).toBe('ALREADY_CLAIMED');
      expect(error.details.assignee.username).toBe(winner);
      expect(error.message).toContain(winner);
    }
  });

  it('should run a clarification round trip into history, and refuse bad input without changing anything', async () => {
    const tp = officers.get('tp')!;
    const [task] = await rows<{ id: number; sheet_id: number; unit_org: number }>(
      ds.manager,
      `SELECT t.id, t.sheet_id, u.organisation_id AS unit_org FROM appraisal_tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.content_area = 'cai-cach-the-che' AND t.conflict_of_interest = 0 ORDER BY t.id LIMIT 1`,
    );
    const base = `/api/appraisal/tasks/${task.id}`;
    // Wrong state: scoring and completing before claiming.
    expect((await put(tp, `${base}/scores`, { scores: [{ code: '1', points: 1 }] })).status).toBe(409);
    expect((await post(tp, `${base}/complete`)).status).toBe(403);
    expect((await post(tp, `/api/inbox/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await post(tp, `${base}/complete`)).status).toBe(409);
    const detail = (await (await tp.fetch(base)).json()) as TaskDetail;
    const [first, ...rest] = detail.leaves;
    expect(first).toBeDefined();

    const bad = async (scores: unknown[], code: string) => {
      const res = await put(tp, `${base}/scores`, { scores });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; messageVi: string; details: unknown } };
      expect(JSON.stringify(body.error)).toContain(code);
      expect(body.error.messageVi.length).toBeGreaterThan(0);
    };
    await bad([{ code: first.code, points: first.maxPoints + 1 }], 'SCORE_OUT_OF_RANGE');
    await bad([{ code: first.code, points: -1 }], 'SCORE_OUT_OF_RANGE');
    await bad([{ code: first.code, points: 'mười' }], 'SCORE_NOT_A_NUMBER');
    await bad([{ code: '9.9.9', points: 1 }], 'UNKNOWN_LEAF');
    // A batch with no valid entry changes nothing (the task stays claimed).
    const unchanged = (await (await tp.fetch(base)).json()) as TaskDetail;
    expect(unchanged.leaves.every((l) => l.round1 === null)).toBe(true);
    expect(unchanged.state).toBe('claimed');
    // One bad entry among good ones: the good ones are saved, the bad one is named with its reason.
    const partly = await put(tp, `${base}/scores`, {
      scores: [...rest.map((l) => ({ code: l.code, points: l.maxPoints })), { code: first.code, points: 999 }],
    });
    expect(partly.status).toBe(200);
    const partial = (await partly.json()) as TaskDetail & {
      refused: Array<{ criterionCode: string; code: string; messageVi: string }>;
    };
    expect(partial.refused.map((r) => [r.criterionCode, r.code])).toEqual([[first.code, 'SCORE_OUT_OF_RANGE']]);
    expect(partial.refused[0].messageVi).toContain(`Điểm thẩm định của tiêu chí ${first.code} phải từ 0 đến`);
    expect(partial.leaves.map((l) => l.round1)).toEqual([null, ...rest.map((l) => l.maxPoints)]);
    expect(partial.state).toBe('inReview');

    const ok = await put(tp, `${base}/scores`, {
      scores: detail.leaves.map((l) => ({ code: l.code, points: l.maxPoints, comment: 'Đạt' })),
    });
    expect(ok.status).toBe(200);
    const saved = (await ok.json()) as TaskDetail & { refused: unknown[] };
    expect([saved.state, saved.refused]).toEqual(['inReview', []]);
    expect((await post(tp, `/api/inbox/tasks/${task.id}/unclaim`)).status).toBe(409);
    expect((await post(tp, `/api/inbox/tasks/${task.id}/comments`, { body: 'Cần làm rõ tiêu chí đầu.' })).status).toBe(
      201,
    );

    const due = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const asked = await post(tp, `${base}/clarifications`, {
      criterionCodes: [first.code],
      request: 'Đề nghị bổ sung văn bản có ký số.',
      dueAt: due,
    });
    expect(asked.status).toBe(201);
    const clarification = (await asked.json()) as { id: number; round: number };
    expect(clarification.round).toBe(1);
    const [sheet] = await rows<{ state: string }>(ds.manager, 'SELECT state FROM score_sheets WHERE id = ?', [
      task.sheet_id,
    ]);
    expect(sheet.state).toBe('clarificationRequested');
    // In the wrong state: complete while waiting for the unit.
    expect((await post(tp, `${base}/complete`)).status).toBe(409);

    const unitUser = await createUser(ds, { organisationId: task.unit_org, roles: ['unit_officer'] });
    const unit = await createSession(ds, api.config, api.url, unitUser);
    const mine = (await (await unit.fetch('/api/appraisal/clarifications')).json()) as Array<{ id: number }>;
    expect(mine.map((m) => m.id)).toContain(clarification.id);
    // Another unit cannot see or answer it.
    const stranger = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: orgIds.get('p-bac-son'), roles: ['unit_officer'] }),
    );
    expect(
      (await post(stranger, `/api/appraisal/clarifications/${clarification.id}/answer`, { answer: 'x' })).status,
    ).toBe(404);
    // The sheet is submitted: the self-assessment upload stays shut; the clarification's own upload is open.
    const pdf = await makeSignedPdf();
    const selfUpload = await unit.fetch(`/api/sheets/${task.sheet_id}/evidence`, {
      method: 'POST',
      body: evidenceForm(pdf, [first.code]),
    });
    expect(selfUpload.status).toBe(409);
    expect((await uploadFor(stranger, clarification.id, evidenceForm(pdf, [first.code]))).status).toBe(404);
    expect((await uploadFor(tp, clarification.id, evidenceForm(pdf, [first.code]))).status).toBe(403);
    // Only the leaves under clarification: the task has others, and a document for one of them is refused.
    expect(rest.length).toBeGreaterThan(0);
    const other = await uploadFor(unit, clarification.id, evidenceForm(pdf, [rest[0].code]));
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('EVIDENCE_FIELDS_INVALID');
    // A body that ends in the middle of the file part ends that request only (it once stopped the api).
    expect(await truncatedUpload(api.url, `/api/appraisal/clarifications/${clarification.id}/evidence`, unit)).toEqual({
      status: 400,
      code: 'UPLOAD_INTERRUPTED',
    });
    const uploaded = await uploadFor(unit, clarification.id, evidenceForm(pdf, [first.code]));
    expect(uploaded.status).toBe(201);
    const evidence = (await uploaded.json()) as { id: number; verdict: string; codes: string[] };
    // No trust anchors in the test config: the sound signature is indeterminate (trust not established).
    expect(evidence.verdict).toBe('indeterminate');
    expect(evidence.codes).toEqual([first.code]);
    // Someone else's document, or one not linked to a clarified leaf, cannot back the answer.
    const badRef = await post(unit, `/api/appraisal/clarifications/${clarification.id}/answer`, {
      answer: 'x',
      evidenceIds: [evidence.id + 100_000],
    });
    expect(badRef.status).toBe(400);
    expect(((await badRef.json()) as { error: { code: string } }).error.code).toBe('EVIDENCE_NOT_UNDER_CLARIFICATION');

    const answered = await post(unit, `/api/appraisal/clarifications/${clarification.id}/answer`, {
      answer: 'Đã bổ sung Báo cáo số 12/BC-UBND (ký số).',
      evidenceIds: [evidence.id],
    });
    expect(answered.status).toBe(200);
    const answerView = (await answered.json()) as { evidenceIds: number[]; evidence: EvidenceSeen[] };
    expect(answerView.evidenceIds).toEqual([evidence.id]);
    expect(answerView.evidence.map((e) => e.verdict)).toEqual(['indeterminate']);
    // Answered: the clarification's upload closes with it.
    expect((await uploadFor(unit, clarification.id, evidenceForm(pdf, [first.code]))).status).toBe(409);

    // The appraiser sees the answer, its evidence with the verdict and signer, and opens the PDF inline.
    const review = (await (await tp.fetch(base)).json()) as TaskDetail;
    const seenLeaf = review.leaves.find((l) => l.code === first.code)!;
    const seen = seenLeaf.evidence.find((e) => e.id === evidence.id)!;
    expect(seen.verdict).toBe('indeterminate');
    expect(seen.signers).toContain(FIXTURE_SIGNER.name);
    expect(seen.signatures[0]).toMatchObject({
      signerName: FIXTURE_SIGNER.name,
      signerOrganisation: FIXTURE_SIGNER.organisation,
      signingTime: FIXTURE_SIGNER.signingTime.toISOString(),
    });
    expect(seen.signedAt).toBe(FIXTURE_SIGNER.signingTime.toISOString());
    expect(seen.viewUrl).toBe(`/api/evidence/${evidence.id}/view`);
    const answeredK = review.clarifications.find((c) => c.id === clarification.id)!;
    expect(answeredK).toMatchObject({ status: 'answered', answer: 'Đã bổ sung Báo cáo số 12/BC-UBND (ký số).' });
    expect(answeredK.evidence.map((e) => [e.id, e.verdict])).toEqual([[evidence.id, 'indeterminate']]);
    const inline = await tp.fetch(seen.viewUrl);
    expect(inline.status).toBe(200);
    expect(inline.headers.get('content-type')).toContain('application/pdf');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await inline.arrayBuffer()).equals(pdf)).toBe(true);
    expect(
      (await post(unit, `/api/appraisal/clarifications/${clarification.id}/answer`, { answer: 'lần hai' })).status,
    ).toBe(409);

    // Round 1 alone no longer completes the clarified leaf.
    const missing = await post(tp, `${base}/complete`);
    expect(missing.status).toBe(409);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('SCORES_MISSING');
    expect(
      (await put(tp, `${base}/scores`, { scores: [{ code: first.code, points: first.maxPoints, comment: 'Vòng 2' }] }))
        .status,
    ).toBe(200);
    const done = await post(tp, `${base}/complete`);
    expect(done.status).toBe(200);
    expect(((await done.json()) as TaskDetail).state).toBe('completed');

    const history = (await (await tp.fetch(`/api/inbox/tasks/${task.id}/history`)).json()) as Array<{
      action: string;
      data: Record<string, unknown>;
    }>;
    expect(history.map((h) => h.action)).toEqual([
      'instance.started',
      'task.claimed',
      'review.started',
      'scores.appraised', // the partly valid batch: only its valid entries
      'scores.appraised',
      'comment.added',
      'clarification.requested',
      'clarification.answered',
      'scores.appraised',
      'task.completed',
    ]);
    expect(history.find((h) => h.action === 'clarification.answered')!.data).toMatchObject({
      clarificationId: clarification.id,
      evidenceIds: [evidence.id],
    });
    // Completed tasks cannot be scored.
    expect((await put(tp, `${base}/scores`, { scores: [{ code: first.code, points: 0 }] })).status).toBe(409);
  });

  it("should refuse a clarification upload after the clarification's due date with 423, by the database clock", async () => {
    const tp = officers.get('tp')!;
    const [task] = await rows<{ id: number; unit_org: number }>(
      ds.manager,
      `SELECT t.id, u.organisation_id AS unit_org FROM appraisal_tasks t JOIN units u ON u.id = t.unit_id
        WHERE t.content_area = 'cai-cach-the-che' AND t.conflict_of_interest = 0 AND t.state = 'open' ORDER BY t.id LIMIT 1`,
    );
    const base = `/api/appraisal/tasks/${task.id}`;
    expect((await post(tp, `/api/inbox/tasks/${task.id}/claim`)).status).toBe(200);
    const detail = (await (await tp.fetch(base)).json()) as TaskDetail;
    const scored = await put(tp, `${base}/scores`, {
      scores: detail.leaves.map((l) => ({ code: l.code, points: l.maxPoints })),
    });
    expect(scored.status).toBe(200);
    const dueAt = new Date(Date.now() + 2_000);
    const asked = await post(tp, `${base}/clarifications`, {
      criterionCodes: [detail.leaves[0].code],
      request: 'Đề nghị bổ sung văn bản có ký số.',
      dueAt: dueAt.toISOString(),
    });
    expect(asked.status).toBe(201);
    const clarification = (await asked.json()) as { id: number };
    const unit = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: task.unit_org, roles: ['unit_officer'] }),
    );
    // Past the due date by the database clock (whether or not the deadline job has run yet).
    await eventually(async () => {
      const [k] = await rows<{ past: number }>(
        ds.manager,
        'SELECT due_at <= UTC_TIMESTAMP(6) AS past FROM appraisal_clarifications WHERE id = ?',
        [clarification.id],
      );
      return Number(k.past) === 1;
    }, 10_000);
    const before = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM evidence');
    const late = await uploadFor(unit, clarification.id, evidenceForm(await makeSignedPdf(), [detail.leaves[0].code]));
    expect(late.status).toBe(423);
    const body = (await late.json()) as { error: { code: string; details: { phase: string; closedAt: string } } };
    expect(body.error.code).toBe('PHASE_CLOSED');
    expect(body.error.details.phase).toBe('clarification');
    expect(Date.parse(body.error.details.closedAt)).toBe(dueAt.getTime());
    const after = await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM evidence');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
    // The answer is refused the same way.
    const answer = await post(unit, `/api/appraisal/clarifications/${clarification.id}/answer`, { answer: 'muộn' });
    expect(answer.status).toBe(423);
  });

  it('should move a sheet to appraised when its last task completes', async () => {
    const [sheet] = await rows<{ id: number }>(
      ds.manager,
      `SELECT s.id FROM score_sheets s JOIN units u ON u.id = s.unit_id WHERE u.code = 'p-nam-khe'`,
    );
    const tasks = await rows<{ id: number; org: string }>(
      ds.manager,
      `SELECT t.id, MIN(o.code) AS org FROM appraisal_tasks t
         JOIN appraisal_task_candidates c ON c.task_id = t.id JOIN organisations o ON o.id = c.organisation_id
        WHERE t.sheet_id = ? GROUP BY t.id`,
      [sheet.id],
    );
    for (const t of tasks) {
      const s = officers.get(t.org)!;
      expect((await post(s, `/api/inbox/tasks/${t.id}/claim`)).status).toBe(200);
      const d = (await (await s.fetch(`/api/appraisal/tasks/${t.id}`)).json()) as TaskDetail;
      expect(
        (
          await put(s, `/api/appraisal/tasks/${t.id}/scores`, {
            scores: d.leaves.map((l) => ({ code: l.code, points: l.maxPoints })),
          })
        ).status,
      ).toBe(200);
      expect((await post(s, `/api/appraisal/tasks/${t.id}/complete`)).status).toBe(200);
    }
    const [after] = await rows<{ state: string }>(ds.manager, 'SELECT state FROM score_sheets WHERE id = ?', [
      sheet.id,
    ]);
    expect(after.state).toBe('appraised');
  });

  it('should assign to an out-of-office substitute, keep the original, answer 304 while unchanged, and refuse writes once the phase is locked', async () => {
    const vhtt = officers.get('vhtt')!;
    const away = await createUser(ds, { organisationId: orgIds.get('vhtt'), roles: ['appraiser'] });
    const substitute = await createUser(ds, { organisationId: orgIds.get('vhtt'), roles: ['appraiser'] });
    const awaySession = await createSession(ds, api.config, api.url, away);
    expect(
      (
        await post(awaySession, '/api/inbox/out-of-office', {
          substituteUserId: substitute.id,
          startsAt: new Date(Date.now() - 3600_000).toISOString(),
          endsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        })
      ).status,
    ).toBe(201);
    const [task] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM appraisal_tasks WHERE content_area = 'chinh-quyen-so' AND state = 'open' ORDER BY id LIMIT 1",
    );
    const listPath = `/api/inbox/tasks?view=unclaimed&campaignId=${campaignId}`;
    const first = await vhtt.fetch(listPath);
    const tag = first.headers.get('etag')!;
    expect((await vhtt.fetch(listPath, { headers: { 'if-none-match': tag } })).status).toBe(304);

    const assigned = await post(vhtt, `/api/inbox/tasks/${task.id}/assign`, { userId: away.id });
    expect(assigned.status).toBe(200);
    const body = (await assigned.json()) as { assignee: { id: number }; originalAssigneeUserId: number };
    expect(body.assignee.id).toBe(substitute.id);
    expect(body.originalAssigneeUserId).toBe(away.id);
    expect((await vhtt.fetch(listPath, { headers: { 'if-none-match': tag } })).status).toBe(200);

    // Saved views: shared within the organisation, invisible elsewhere.
    const saved = await post(vhtt, '/api/inbox/views', {
      name: 'Phường – chính quyền số',
      filters: { view: 'unclaimed', unitGroup: 'commune', contentArea: 'chinh-quyen-so' },
      shared: true,
    });
    expect(saved.status).toBe(201);
    const view = (await saved.json()) as { id: number };
    const colleague = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: orgIds.get('vhtt'), roles: ['appraiser'] }),
    );
    const viaView = (await (await colleague.fetch(`/api/inbox/tasks?savedViewId=${view.id}`)).json()) as {
      items: Array<{ unitGroup: string; contentArea: string }>;
    };
    expect(viaView.items.length).toBeGreaterThan(0);
    expect(viaView.items.every((i) => i.unitGroup === 'commune' && i.contentArea === 'chinh-quyen-so')).toBe(true);
    expect((await officers.get('tp')!.fetch(`/api/inbox/tasks?savedViewId=${view.id}`)).status).toBe(404);

    // The secretariat closes self-assessment and then appraisal early, through the product.
    const secretariat = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: orgIds.get('nv'), roles: ['admin'] }),
    );
    for (const phase of ['selfAssessment', 'appraisal']) {
      expect((await post(secretariat, `/api/admin/campaigns/${campaignId}/phases/${phase}/close`)).status).toBe(200);
    }
    const [open] = await rows<{ id: number }>(
      ds.manager,
      "SELECT id FROM appraisal_tasks WHERE content_area = 'chinh-quyen-so' AND state = 'open' ORDER BY id LIMIT 1",
    );
    const locked = await post(vhtt, `/api/inbox/tasks/${open.id}/claim`);
    expect(locked.status).toBe(423);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('PHASE_CLOSED');
  });
});
