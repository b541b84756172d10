import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { DataSource } from 'typeorm';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { reportFileVia } from '../support/reports';
import { setAsideDecisionBlockers } from '../support/decisions';

const send = (s: TestSession, method: string, path: string, body?: unknown) =>
  s.fetch(path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

interface Refusal {
  error: { code: string; messageVi: string };
}
interface SessionBody {
  id: number;
  votingMembers: number;
  rules: { quorum: string; threshold: string };
  votes: { votesFor: number; votesAgainst: number; votesAbstain: number } | null;
  members: Array<{ id: number; role: string }>;
  adjustments: Array<{ votes: unknown }>;
}

/**
 * Issue 17, "decisions with guardrails": the council records the vote of each adjustment and of the approval;
 * a vote that misses the campaign's quorum or threshold is refused in Vietnamese saying what is missing, and
 * writes nothing. The rules are the campaign's (majority by default) and freeze once the council approves (the phase gate).
 */
describe('council votes and quorum', () => {
  let api: TestApi;
  let ds: DataSource;
  let fx: SheetFixture;
  let admin: TestSession;
  let chair: TestSession;
  let chairId: number;
  let session: SessionBody;
  let base: string;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 2 });
    const org = await createOrganisation(ds, { authorityId: fx.authorityId, kind: 'secretariat' });
    const a = await createUser(ds, { organisationId: org.id, roles: ['admin'] });
    admin = await createSession(ds, api.config, api.url, a);
    const c = await createUser(ds, { organisationId: org.id, roles: ['council_member'] });
    chairId = c.id;
    chair = await createSession(ds, api.config, api.url, c);
    for (const phase of ['selfAssessment', 'appraisal']) {
      expect((await send(admin, 'POST', `/api/admin/campaigns/${fx.campaignId}/phases/${phase}/close`)).status).toBe(
        200,
      );
    }
    await setAsideDecisionBlockers(ds, fx.campaignId);
    base = `/api/campaigns/${fx.campaignId}/council`;
  }, 120_000);
  afterAll(() => api.close());

  const adjustmentCount = async () =>
    Number(
      (
        await rows<{ n: number }>(ds.manager, 'SELECT COUNT(*) AS n FROM council_adjustments WHERE campaign_id = ?', [
          fx.campaignId,
        ])
      )[0].n,
    );

  async function expectRefused(res: Response, code: string, sentence: string): Promise<void> {
    expect(res.status).toBe(422);
    const body = (await res.json()) as Refusal;
    expect(body.error.code).toBe(code);
    expect(body.error.messageVi).toContain(sentence);
  }

  it('should open a session under the campaign rules: majority by default, two thirds when the secretariat says so', async () => {
    const created = await send(admin, 'POST', `${base}/sessions`, {
      heldOn: '2024-03-28',
      members: [
        { fullName: 'Trần Thị Hương', role: 'chair', userId: chairId },
        { fullName: 'Lê Văn Đức', role: 'member' },
        { fullName: 'Phạm Minh Tâm', role: 'vice_chair' },
        { fullName: 'Ngô Thị Thư', role: 'secretary' },
      ],
    });
    expect(created.status).toBe(201);
    session = (await created.json()) as SessionBody;
    expect(session.rules).toEqual({ quorum: 'majority', threshold: 'majority' });
    // The secretary keeps the minutes and does not vote.
    expect(session.votingMembers).toBe(3);
    expect((await send(admin, 'PUT', `${base}/rules`, { quorum: 'majority', threshold: 'twoThirds' })).status).toBe(
      200,
    );
    expect((await send(admin, 'PUT', `${base}/rules`, { quorum: 'half', threshold: 'twoThirds' })).status).toBe(400);
    session = (await (await send(chair, 'GET', `${base}/sessions/${session.id}`)).json()) as SessionBody;
    expect(session.rules).toEqual({ quorum: 'majority', threshold: 'twoThirds' });
  });

  it('should refuse an adjustment without quorum or short of two thirds, writing nothing, and record one that carries', async () => {
    const memberId = session.members.find((m) => m.role === 'member')!.id;
    const adjustment = (votes: object) =>
      send(chair, 'POST', `${base}/sessions/${session.id}/adjustments`, {
        unitId: fx.sheets[0].unitId,
        criterionCode: '1.1.1',
        points: '0,5',
        reason: 'Kế hoạch ban hành chậm so với quy định',
        proposedByMemberId: memberId,
        ...votes,
      });
    await expectRefused(
      await adjustment({ votesFor: 1, votesAgainst: 0, votesAbstain: 0 }),
      'NO_QUORUM',
      'Chưa đủ túc số: 1/3 thành viên có mặt biểu quyết, cần quá nửa (ít nhất 2).',
    );
    await expectRefused(
      await adjustment({ votesFor: 1, votesAgainst: 1, votesAbstain: 0 }),
      'NOT_CARRIED',
      'Điều chỉnh chưa được thông qua: 1/2 phiếu tán thành, cần ít nhất hai phần ba số thành viên có mặt (ít nhất 2).',
    );
    expect(await adjustmentCount()).toBe(0);
    const carried = await adjustment({ votesFor: 2, votesAgainst: 0, votesAbstain: 1 });
    expect(carried.status).toBe(201);
    const body = (await carried.json()) as SessionBody;
    expect(body.adjustments.map((a) => a.votes)).toEqual([{ votesFor: 2, votesAgainst: 0, votesAbstain: 1 }]);
  });

  it('should refuse an approval that does not carry or counts more ballots than members, then approve with its vote', async () => {
    const approve = (votes: object) =>
      send(chair, 'POST', `${base}/sessions/${session.id}/approve`, { conclusions: 'Thống nhất.', ...votes });
    await expectRefused(
      await approve({ votesFor: 1, votesAgainst: 1, votesAbstain: 1 }),
      'NOT_CARRIED',
      'Kết quả chưa được thông qua: 1/3 phiếu tán thành',
    );
    await expectRefused(
      await approve({ votesFor: 4, votesAgainst: 0, votesAbstain: 0 }),
      'VOTES_EXCEED_MEMBERS',
      'Tổng số phiếu (4) nhiều hơn số thành viên biểu quyết của phiên họp (3)',
    );
    const [still] = await rows<{ status: string; state: string }>(
      ds.manager,
      'SELECT s.status, c.state FROM council_sessions s JOIN campaigns c ON c.id = s.campaign_id WHERE s.id = ?',
      [session.id],
    );
    expect(still.status).toBe('open');
    expect(still.state).toMatch(/councilReview/);

    const approved = await approve({ votesFor: 2, votesAgainst: 1, votesAbstain: 0 });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as SessionBody).votes).toEqual({ votesFor: 2, votesAgainst: 1, votesAbstain: 0 });
    // The rules the council approved under stand: the phase gate refuses a council write after the approval.
    const frozen = await send(admin, 'PUT', `${base}/rules`, { quorum: 'majority', threshold: 'majority' });
    expect(frozen.status).toBe(423);
    expect(((await frozen.json()) as Refusal).error.messageVi).toMatch(/Hội đồng/);
  });

  it('should write each refused vote in the .docx minutes, with its counts and why it did not carry', async () => {
    // The minutes carry the whole agenda: a report job (minutes-docx), built here with the reports process's handler.
    const { file: res } = await reportFileVia(api.app, chair, fx.campaignId, {
      kind: 'minutes-docx',
      subjectId: session.id,
    });
    expect(res.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'minutes-')), 'minutes.docx');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    // The document's text, one line per paragraph (a table cell is a paragraph).
    const text = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' })
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '');
    const [unit] = await rows<{ name: string }>(ds.manager, 'SELECT name FROM units WHERE id = ?', [
      fx.sheets[0].unitId,
    ]);
    const refused = text.slice(text.indexOf('Biểu quyết không được thông qua'), text.indexOf('IV. KẾT LUẬN'));
    // The four refusals of the tests above, in order: two adjustments (no quorum, short of two thirds), two approvals.
    expect(refused.split('\n').filter((l) => /^(Điều chỉnh tiêu chí|Thông qua kết quả)/.test(l))).toEqual([
      `Điều chỉnh tiêu chí 1.1.1 của ${unit.name}`,
      `Điều chỉnh tiêu chí 1.1.1 của ${unit.name}`,
      'Thông qua kết quả thẩm định',
      'Thông qua kết quả thẩm định',
    ]);
    expect(refused).toContain('Chưa đủ túc số: 1/3 thành viên có mặt biểu quyết, cần quá nửa (ít nhất 2).');
    expect(refused).toContain('Tổng số phiếu (4) nhiều hơn số thành viên biểu quyết của phiên họp (3)');
    // The adjustment that carried is in section III, once.
    expect(text.match(/Kế hoạch ban hành chậm so với quy định/g)).toHaveLength(1);
  });
});
