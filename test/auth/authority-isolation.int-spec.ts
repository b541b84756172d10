import { leaves } from '@lib/criteria';
import { AUTHORITY_ROLES, DATA_SOURCE, write } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import { DiscoveryService, ModulesContainer, Reflector } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { REQUIRED_ROLES } from '../../apps/api/src/app.factory';
import { createOrganisation } from '../factories/organisation.factory';
import { createSession, type TestSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { makeUnsignedPdf } from '../fixtures/pdf/make-pdfs';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';

/**
 * Issue 15, "done when" bullet 2: an admin of one authority gets 404 on every object of another. The routes are
 * not a hand list: they are read at run time from the api's own OpenAPI document (every route with a path
 * parameter), and the roles each needs from the Nest controllers' metadata, so a route added tomorrow is called here
 * without anyone remembering to. Authority A's admin calls each with authority B's ids (the verb of the route, with
 * a minimal body the document calls valid) and must get 404 — never 2xx, never a 403 that says the object exists,
 * never 5xx — and B's rows must be as they were.
 */

type Schema = { [key: string]: unknown };
interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Everything authority B owns that a route can name, by the object kind its path says. */
interface Tenant {
  fixture: SheetFixture;
  admin: TestSession;
  /** A user of the secretariat holding every role an admin can grant. */
  everyRole: TestSession;
  adminUserId: number;
  organisationId: number;
  councilSessionId: number;
  taskId: number;
  clarificationId: number;
  evidenceId: number;
  viewId: number;
  outOfOfficeId: number;
  notificationId: number;
  mailId: number;
  reportJobId: number;
  recheckId: number;
  campaignCode: string;
  criterionCode: string;
  contentArea: string;
}

/** Routes an admin cannot reach with a foreign id at all, and why (printed in the table, not called blindly). */
const NOT_FOREIGN: Record<string, string> = {
  'GET /api/public/rankings/{campaignCode}':
    'public on purpose: published rankings of every authority are open to anyone (no session needed)',
};

/**
 * The value of a path parameter naming B's object: an id by the object kind (the path segment before it), a code of
 * B's for codes; a parameter the document restricts to a list (phase, kind) takes the list's first value.
 */
function foreignValue(b: Tenant, path: string, param: string, schema: Schema | undefined): string {
  if (Array.isArray(schema?.enum)) {
    return String(schema.enum[0]);
  }
  const before = path.split(`/{${param}}`)[0];
  const kind = before.split('/').pop();
  switch (param) {
    case 'unitId':
      return String(b.fixture.sheets[0].unitId);
    case 'sessionId':
      return String(b.councilSessionId);
    case 'phase':
      return 'selfAssessment';
    case 'code':
    case 'itemCode':
      return b.criterionCode;
    case 'revision':
      return '1';
    case 'campaignCode':
      return b.campaignCode;
  }
  const byKind: Record<string, number> = {
    users: b.adminUserId,
    authorities: b.fixture.authorityId,
    organisations: b.organisationId,
    campaigns: b.fixture.campaignId,
    'criteria-sets': b.fixture.criteriaSetId,
    sheets: b.fixture.sheets[0].id,
    evidence: b.evidenceId,
    clarifications: b.clarificationId,
    tasks: b.taskId,
    views: b.viewId,
    'out-of-office': b.outOfOfficeId,
    notifications: b.notificationId,
    mail: b.mailId,
    'report-jobs': b.reportJobId,
    'evidence-rechecks': b.recheckId,
  };
  if (kind === undefined || !(kind in byKind)) {
    throw new Error(`no object of authority B for {${param}} in ${path}: add its kind to foreignValue`);
  }
  return String(byKind[kind]);
}

/** A minimal instance of a schema that the document (and so the api's validation) accepts. */
function sample(doc: Document, schema: Schema | undefined): unknown {
  if (!schema) {
    return {};
  }
  if (typeof schema.$ref === 'string') {
    return sample(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(schema[key])) {
      return sample(doc, (schema[key] as Schema[])[0]);
    }
  }
  if (Array.isArray(schema.enum)) {
    return schema.enum[0];
  }
  if (schema.example !== undefined) {
    return schema.example;
  }
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sample(doc, props[k])]));
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample(doc, schema.items as Schema));
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date') {
        return '2030-01-15';
      }
      if (schema.format === 'date-time') {
        return '2030-01-15T03:00:00.000Z';
      }
      if (typeof schema.pattern === 'string' && /\\d\{4\}-/.test(schema.pattern)) {
        return '2030-01-15';
      }
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    default:
      return {};
  }
}

/** A minimal multipart form: every required field, a small file for binary ones (read only after the lookup). */
function sampleForm(doc: Document, schema: Schema | undefined): FormData {
  const form = new FormData();
  const props = (schema?.properties ?? {}) as Record<string, Schema>;
  for (const key of (schema?.required ?? []) as string[]) {
    if (props[key]?.format === 'binary') {
      form.append(key, new Blob(['%PDF-1.4\n']), `${key}.pdf`);
    } else {
      form.append(key, String(sample(doc, props[key])));
    }
  }
  return form;
}

/** A body for a second request (a FormData or a string can be sent again; copied to be safe). */
function cloneBody(body: RequestInit['body']): RequestInit['body'] {
  if (body instanceof FormData) {
    const copy = new FormData();
    body.forEach((v, k) => copy.append(k, v));
    return copy;
  }
  return body;
}

const errorCode = (text: string): string => {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    return '';
  }
};

/** Roles per operation id (`Controller_method`, as @nestjs/swagger names them), from the route metadata. */
function rolesByOperation(api: TestApi): Map<string, string[] | undefined> {
  const discovery = new DiscoveryService(api.app.get(ModulesContainer));
  const reflector = api.app.get(Reflector);
  const roles = new Map<string, string[] | undefined>();
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!type) {
      continue;
    }
    for (const name of Object.getOwnPropertyNames(type.prototype)) {
      const handler = (type.prototype as Record<string, unknown>)[name];
      if (name !== 'constructor' && typeof handler === 'function') {
        roles.set(
          `${type.name}_${name}`,
          reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [handler, type]),
        );
      }
    }
  }
  return roles;
}

/** A fingerprint of every table a request could change (logs and sessions aside): B's rows unchanged ⇔ equal. */
async function fingerprint(ds: DataSource): Promise<string> {
  const tables: Array<{ name: string }> = await ds.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
       AND table_name NOT IN ('migrations', 'audit_log', 'audit_streams', 'sessions')`,
  );
  const sums: Array<{ Table: string; Checksum: number }> = await ds.query(
    `CHECKSUM TABLE ${tables.map((t) => `\`${t.name}\``).join(', ')}`,
  );
  return sums.map((s) => `${s.Table.split('.').pop()}=${s.Checksum}`).join(' ');
}

describe('authority isolation over every admin route', () => {
  let api: TestApi;
  let ds: DataSource;
  const tenants: Tenant[] = [];

  /** One authority with one of each object: campaign, criteria set, sheet, task, clarification, document, session… */
  async function tenant(runner: WorkflowRunner, n: number): Promise<Tenant> {
    const fixture = await createSheets(ds, runner, { units: 1 });
    const { authorityId, campaignId } = fixture;
    const secretariat = await createOrganisation(ds, { authorityId, kind: 'secretariat' });
    const adminUser = await createUser(ds, { organisationId: secretariat.id, roles: ['admin'] });
    const admin = await createSession(ds, api.config, api.url, adminUser);
    const everyRole = await createSession(
      ds,
      api.config,
      api.url,
      await createUser(ds, { organisationId: secretariat.id, roles: [...AUTHORITY_ROLES] }),
    );
    const appraising = await createOrganisation(ds, { authorityId, kind: 'appraiser' });
    const appraiser = await createUser(ds, { organisationId: appraising.id, roles: ['appraiser', 'supervisor'] });
    const sheet = fixture.sheets[0];
    const leaf = leaves(fixture.set).find((l) => l.contentArea && l.rule?.kind !== 'survey')!;

    const officer = await createSession(ds, api.config, api.url, sheet.officer);
    const form = new FormData();
    form.append('criterionCodes', leaf.code);
    for (const [k, v] of Object.entries({
      documentType: 'KH',
      documentNumber: `${n}/KH-UBND`,
      issuedOn: '15/01/2023',
      issuingBody: 'UBND thử nghiệm',
      summary: 'Kế hoạch cải cách hành chính',
    })) {
      form.append(k, v);
    }
    form.append('file', new Blob([await makeUnsignedPdf()], { type: 'application/pdf' }), `${n}.pdf`);
    const uploaded = await officer.fetch(`/api/sheets/${sheet.id}/evidence`, { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const evidenceId = ((await uploaded.json()) as { id: number }).id;

    const due = new Date(Date.now() + 86_400_000);
    const columns = WorkflowRunner.newInstanceColumns('appraisalTask');
    const taskId = (
      await write(
        ds.manager,
        `INSERT INTO appraisal_tasks (campaign_id, sheet_id, unit_id, content_area, assignee_user_id, due_at, machine_id, machine_version, state, snapshot, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'inReview', '{}', 1)`,
        [
          campaignId,
          sheet.id,
          sheet.unitId,
          leaf.contentArea,
          appraiser.id,
          due,
          columns.machine_id,
          columns.machine_version,
        ],
      )
    ).insertId;
    await write(ds.manager, 'INSERT INTO appraisal_task_candidates (task_id, organisation_id) VALUES (?, ?)', [
      taskId,
      appraising.id,
    ]);
    const clarificationId = (
      await write(
        ds.manager,
        `INSERT INTO appraisal_clarifications (task_id, sheet_id, round, criterion_codes, request, due_at, requested_by)
         VALUES (?, ?, 1, ?, 'Bổ sung tài liệu', ?, ?)`,
        [taskId, sheet.id, JSON.stringify([leaf.code]), due, appraiser.id],
      )
    ).insertId;
    const councilSessionId = (
      await write(
        ds.manager,
        'INSERT INTO council_sessions (campaign_id, sequence, held_on, location, created_by) VALUES (?, 1, ?, ?, ?)',
        [campaignId, '2030-01-15', 'Phòng họp', adminUser.id],
      )
    ).insertId;
    const viewId = (
      await write(
        ds.manager,
        'INSERT INTO inbox_saved_views (organisation_id, owner_user_id, name, filters, shared) VALUES (?, ?, ?, ?, 1)',
        [secretariat.id, adminUser.id, 'Việc của tôi', '{}'],
      )
    ).insertId;
    const outOfOfficeId = (
      await write(
        ds.manager,
        'INSERT INTO out_of_office (user_id, substitute_user_id, starts_at, ends_at) VALUES (?, ?, ?, ?)',
        [appraiser.id, adminUser.id, new Date(), due],
      )
    ).insertId;
    const notificationId = (
      await write(
        ds.manager,
        'INSERT INTO notifications (user_id, campaign_id, dedupe_key, kind, title, body) VALUES (?, ?, ?, ?, ?, ?)',
        [adminUser.id, campaignId, `iso-${n}`, 'reminder', 'Nhắc việc', 'Hạn tự chấm'],
      )
    ).insertId;
    const mailId = (
      await write(
        ds.manager,
        `INSERT INTO mail_messages (campaign_id, recipient_user_id, digest_key, message_id, to_address, subject, text_body, html_body, status, attempts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'failed', 3)`,
        [campaignId, adminUser.id, `iso-${n}`, `<iso-${n}@par-index>`, 'a@example.vn', 'Nhắc việc', 'x', '<p>x</p>'],
      )
    ).insertId;
    // A finished export of B's consolidated table (issue 19): its job and its file are B's alone.
    const reportJobId = (
      await write(
        ds.manager,
        `INSERT INTO report_jobs (authority_id, campaign_id, kind, requested_by, state, progress, message_vi, result_key, file_name, content_type, size_bytes)
         VALUES (?, ?, 'consolidation-xlsx', ?, 'done', 100, 'Tệp đã sẵn sàng để tải về.', ?, 'tong-hop.xlsx', 'application/pdf', 1)`,
        [authorityId, campaignId, adminUser.id, `reports/${authorityId}/iso-${n}.xlsx`],
      )
    ).insertId;
    // A signature re-check B's secretariat asked for (issue 18): its progress is B's alone.
    const recheckId = (
      await write(
        ds.manager,
        `INSERT INTO evidence_recheck_runs (authority_id, cause, trust_fingerprint, verifier_version, requested_by, state, total, done, message_vi)
         VALUES (?, 'requested', ?, 'test', ?, 'done', 0, 0, 'Đã kiểm tra lại 0 tài liệu.')`,
        [authorityId, '0'.repeat(64), adminUser.id],
      )
    ).insertId;
    const [{ code: campaignCode }] = await ds.query('SELECT code FROM campaigns WHERE id = ?', [campaignId]);
    return {
      fixture,
      admin,
      everyRole,
      adminUserId: adminUser.id,
      organisationId: appraising.id,
      councilSessionId,
      taskId,
      clarificationId,
      evidenceId,
      viewId,
      outOfOfficeId,
      notificationId,
      mailId,
      reportJobId,
      recheckId,
      campaignCode,
      criterionCode: leaf.code,
      contentArea: leaf.contentArea!,
    };
  }

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    const runner = api.app.get(WorkflowRunner);
    tenants.push(await tenant(runner, 1), await tenant(runner, 2));
  });
  afterAll(async () => {
    await truncateAll(ds);
    await api.close();
  });

  it("should answer 404 to A's admin on every route with an id of B's, and change nothing of B's", async () => {
    const [a, b] = tenants;
    const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as Document;
    const roles = rolesByOperation(api);
    const table: Array<{ route: string; status: string; verdict: string }> = [];
    const leaks: string[] = [];

    for (const [template, operations] of Object.entries(doc.paths)) {
      if (!template.includes('{')) {
        continue;
      }
      for (const [method, op] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${template}`;
        const required = roles.get(op.operationId);
        if (!roles.has(op.operationId)) {
          throw new Error(`${route}: no controller method named ${op.operationId}`);
        }
        if (NOT_FOREIGN[route]) {
          table.push({ route, status: '—', verdict: NOT_FOREIGN[route] });
          continue;
        }
        if (required && !required.some((r) => (AUTHORITY_ROLES as readonly string[]).includes(r))) {
          table.push({ route, status: '—', verdict: `not an authority's route (roles: ${required.join(', ')})` });
          continue;
        }
        // Routes of other roles (a unit officer's, an appraiser's…) are called by A's user holding every role an
        // admin can grant: an admin who is also a supervisor must not reach B's tasks either.
        const caller = !required || required.includes('admin') ? a.admin : a.everyRole;
        const who = caller === a.admin ? 'admin' : 'every role';
        const schemaOf = (p: string) => op.parameters?.find((x) => x.in === 'path' && x.name === p)?.schema;
        const values = new Map<string, string>();
        const path = template.replace(/\{(\w+)\}/g, (_m, p: string) => {
          values.set(p, foreignValue(b, template, p, schemaOf(p)));
          return encodeURIComponent(values.get(p)!);
        });
        // The same route with ids nobody has: B's objects must be indistinguishable from missing ones.
        const missingPath = template.replace(/\{(\w+)\}/g, (_m, p: string) =>
          /^\d+$/.test(values.get(p)!) ? '987654' : encodeURIComponent(values.get(p)!),
        );
        const init: RequestInit = { method: method.toUpperCase() };
        const content = op.requestBody?.content ?? {};
        if (content['application/json']) {
          init.headers = { 'content-type': 'application/json' };
          init.body = JSON.stringify(sample(doc, content['application/json'].schema));
        } else if (content['multipart/form-data']) {
          init.body = sampleForm(doc, content['multipart/form-data'].schema);
        }
        const before = await fingerprint(ds);
        const res = await caller.fetch(path, { ...init, body: cloneBody(init.body) });
        const text = await res.text();
        const missing = await caller.fetch(missingPath, { ...init, body: cloneBody(init.body) });
        const missingText = await missing.text();
        const after = await fingerprint(ds);
        const changed =
          before === after
            ? ''
            : ` changed ${after
                .split(' ')
                .filter((s) => !before.split(' ').includes(s))
                .map((s) => s.split('=')[0])
                .join(',')}`;
        const same = missing.status === res.status && errorCode(missingText) === errorCode(text);
        const ok = res.status === 404 && !changed && same;
        const differs = same ? '' : ` (a missing id: ${missing.status} ${errorCode(missingText)})`;
        table.push({
          route,
          status: String(res.status),
          verdict: ok ? `404 ok, as missing (${who})` : `LEAK${changed}${differs} ${text.slice(0, 120)}`,
        });
        if (!ok) {
          leaks.push(`${route} (${path}) → ${res.status}${changed}${differs} ${text.slice(0, 200)}`);
        }
      }
    }

    const width = Math.max(...table.map((r) => r.route.length));
    process.stdout.write(
      `\nAuthority isolation: ${table.length} routes with an id, A's admin with B's ids\n` +
        table.map((r) => `${r.route.padEnd(width)}  ${r.status.padEnd(3)}  ${r.verdict}`).join('\n') +
        '\n',
    );
    expect(table.filter((r) => r.verdict.startsWith('404 ok')).length).toBeGreaterThan(40);
    expect(leaks).toEqual([]);
  });

  it("should answer a filter naming B's objects in the query exactly as it answers a missing id", async () => {
    const [a, b] = tenants;
    const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as Document;
    const roles = rolesByOperation(api);
    // Query parameters that name an object, and B's object for each.
    const byName: Record<string, number> = {
      campaignId: b.fixture.campaignId,
      unitId: b.fixture.sheets[0].unitId,
      assigneeUserId: b.adminUserId,
      userId: b.adminUserId,
      savedViewId: b.viewId,
    };
    const table: string[] = [];
    const leaks: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const named = (op.parameters ?? []).filter((x) => x.in === 'query' && x.name in byName);
        if (template.includes('{') || named.length === 0) {
          continue;
        }
        const route = `${method.toUpperCase()} ${template}`;
        const required = roles.get(op.operationId);
        const caller = !required || required.includes('admin') ? a.admin : a.everyRole;
        for (const param of named) {
          const init: RequestInit = { method: method.toUpperCase() };
          const content = op.requestBody?.content ?? {};
          if (content['multipart/form-data']) {
            init.body = sampleForm(doc, content['multipart/form-data'].schema);
          }
          const before = await fingerprint(ds);
          const theirs = await caller.fetch(`${template}?${param.name}=${byName[param.name]}`, {
            ...init,
            body: cloneBody(init.body),
          });
          const theirsText = await theirs.text();
          const changed = before !== (await fingerprint(ds));
          const missing = await caller.fetch(`${template}?${param.name}=987654`, {
            ...init,
            body: cloneBody(init.body),
          });
          const missingText = await missing.text();
          // Request ids and the server's clock differ between two answers; everything else must be the same.
          const strip = (t: string) => t.replace(/"(requestId|serverTime)":"[^"]*"/g, '');
          const same =
            theirs.status === missing.status &&
            errorCode(theirsText) === errorCode(missingText) &&
            (theirs.status !== 200 || strip(theirsText) === strip(missingText));
          const ok = same && !changed && theirs.status < 500;
          table.push(`${`${route}?${param.name}`.padEnd(60)}  ${theirs.status}  ${ok ? 'as missing' : 'LEAK'}`);
          if (!ok) {
            leaks.push(
              `${route}?${param.name}=B → ${theirs.status}${changed ? ' changed rows' : ''}: ${theirsText.slice(0, 200)}`,
            );
          }
        }
      }
    }
    process.stdout.write(`\nQuery filters naming B's objects (A's callers)\n${table.join('\n')}\n`);
    expect(table.length).toBeGreaterThan(4);
    expect(leaks).toEqual([]);
  });

  it("should answer a request body naming B's objects exactly as it answers missing ones, changing nothing", async () => {
    // Routes with no id in the path that take ids or codes in the body: the path-parameter sweep above cannot reach
    // them. A's admin (or A's user with every role) names B's object, then one nobody has; same answer, no change.
    const [a, b] = tenants;
    const [{ code: bOrganisation }] = await ds.query('SELECT code FROM organisations WHERE id = ?', [b.organisationId]);
    const cases: Array<{ route: string; caller: TestSession; body: (foreign: boolean) => unknown }> = [
      {
        route: 'POST /api/admin/campaigns/routing-suggestion',
        caller: a.admin,
        body: (f) => ({ criteriaSetIds: [f ? b.fixture.criteriaSetId : 987654] }),
      },
      {
        route: 'POST /api/admin/users',
        caller: a.admin,
        body: (f) => ({
          username: `iso.${f ? 'b' : 'missing'}`,
          fullName: 'Người ngoài',
          organisationCode: f ? bOrganisation : 'khong-co-ma-nay',
          roles: ['unit_officer'],
        }),
      },
      {
        route: 'POST /api/inbox/tasks/bulk/claim',
        caller: a.everyRole,
        body: (f) => ({ taskIds: [f ? b.taskId : 987654] }),
      },
      {
        route: 'POST /api/inbox/tasks/bulk/assign',
        caller: a.admin,
        body: (f) => ({ taskIds: [f ? b.taskId : 987654], userId: f ? b.adminUserId : 987654 }),
      },
    ];
    const leaks: string[] = [];
    for (const c of cases) {
      const [method, path] = c.route.split(' ');
      const send = (foreign: boolean) =>
        c.caller.fetch(path, {
          method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(c.body(foreign)),
        });
      const before = await fingerprint(ds);
      const theirs = await send(true);
      const theirsText = await theirs.text();
      const changed = before !== (await fingerprint(ds));
      const missing = await send(false);
      const missingText = await missing.text();
      // A bulk route answers 200 item by item: the ids named differ, everything else must not.
      const strip = (t: string) => t.replace(/"(id|requestId)":("[^"]*"|\d+)/g, '');
      const same =
        theirs.status === missing.status &&
        errorCode(theirsText) === errorCode(missingText) &&
        (theirs.status !== 200 || strip(theirsText) === strip(missingText));
      if (!same || changed || theirs.status >= 500) {
        leaks.push(
          `${c.route} → ${theirs.status}${changed ? ' changed rows' : ''} (missing: ${missing.status} ${missingText.slice(0, 200)}) ${theirsText.slice(0, 200)}`,
        );
      }
    }
    expect(leaks).toEqual([]);
  });

  it("should still let B's admin reach B's objects (the ids used above are real)", async () => {
    const b = tenants[1];
    for (const path of [
      `/api/campaigns/${b.fixture.campaignId}`,
      `/api/admin/criteria-sets/${b.fixture.criteriaSetId}`,
      `/api/admin/organisations/${b.organisationId}`,
      '/api/admin/users',
      `/api/sheets/${b.fixture.sheets[0].id}`,
      `/api/campaigns/${b.fixture.campaignId}/council/sessions/${b.councilSessionId}`,
      `/api/admin/mail/${b.mailId}`,
      `/api/report-jobs/${b.reportJobId}`,
    ]) {
      const res = await b.admin.fetch(path);
      expect([path, res.status]).toEqual([path, 200]);
      await res.arrayBuffer();
    }
  });
});
