import { testConfig } from '@config';
import { rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createOrganisation } from '../factories/organisation.factory';
import { clearLoginThrottle, createSession } from '../factories/session.factory';
import { createSheets, type SheetFixture } from '../factories/sheet.factory';
import { createUser } from '../factories/user.factory';
import { openTestDataSource, truncateAll } from '../support/database';

/**
 * The robustness fuzzer (issue 12): every operation of docs/openapi.json, called by several roles of authority A
 * with path ids of their own objects, of authority B's objects (and, for the unit officer, of the other unit of A),
 * ids that do not exist and ids that are not numbers, and with bodies built from the document's schemas — as
 * documented, with every property null, with out-of-range numbers and long strings, and empty.
 *
 * Must hold: no answer is a 5xx, and no answer to an id of an object out of the caller's scope is a 2xx (a leak).
 * The contract check is not installed here: most of these requests break the document on purpose.
 */

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
type IdKind = 'campaign' | 'sheet' | 'user' | 'unit' | 'criteriaSet' | 'other';
type IdChoice = 'own' | 'foreign' | 'missing' | 'garbage';

const DOCUMENT = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
/** Operations that would end the caller's own session (the rest of the run needs it). */
const SKIPPED = new Set(['POST /api/auth/logout']);
const MISSING_ID = '2147483000';
const GARBAGE = ['abc', '-1', '1e309', '0x10', '%00'];

function resolve(schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    current = DOCUMENT.components.schemas[current.$ref.split('/').pop()!] ?? {};
  }
  const all = current.allOf as Schema[] | undefined;
  return all ? Object.assign({}, ...all.map((s) => resolve(s))) : current;
}

type Variant = 'sample' | 'nulls' | 'extreme' | 'empty';

/** A value for `schema`; `ids` fills integer properties named like ids with real ids. */
function sample(schema: Schema | undefined, variant: Variant, ids: number[], name = '', depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 6) {
    return null;
  }
  if (variant === 'nulls' && depth > 0) {
    return null;
  }
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    return variant === 'extreme' ? 'không-có-giá-trị-này' : s.enum[0];
  }
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries((s.properties as Record<string, Schema>) ?? {})) {
        out[key] = sample(value, variant, ids, key, depth + 1);
      }
      return out;
    }
    case 'array':
      return [sample(s.items as Schema, variant, ids, name, depth + 1)];
    case 'integer':
    case 'number':
      if (variant === 'extreme') {
        return name.endsWith('Id') || name.endsWith('Ids') ? 2 ** 53 : 1e308;
      }
      return /Ids?$/.test(name) && ids.length > 0 ? ids[0] : typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return variant === 'extreme' ? 'true' : true;
    case 'string':
      if (variant === 'extreme') {
        return 'Ư'.repeat(10_000);
      }
      if (s.format === 'date-time') {
        return new Date(Date.now() + 86_400_000).toISOString();
      }
      if (s.format === 'date') {
        return '2024-04-30';
      }
      return name === 'code' || name.endsWith('Code') ? '1.1.1' : 'Giá trị thử nghiệm';
    default:
      return variant === 'extreme' ? { nested: [1, 2, 3] } : 'x';
  }
}

/** What an id path parameter names, from the parameter and the segment before it. */
function kindOf(path: string, param: string): IdKind {
  if (param === 'unitId') {
    return 'unit';
  }
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1];
  const kinds: Record<string, IdKind> = {
    campaigns: 'campaign',
    sheets: 'sheet',
    users: 'user',
    criteria: 'criteriaSet',
  };
  return kinds[before] ?? 'other';
}

describe('robustness fuzzer', () => {
  let app: NestExpressApplication;
  let url: string;
  let ds: DataSource;

  beforeAll(async () => {
    const config = testConfig();
    app = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    ds = await openTestDataSource(config);
    await truncateAll(ds);
    await clearLoginThrottle(config);
  });

  afterAll(async () => {
    await clearLoginThrottle(testConfig());
    await truncateAll(ds);
    await ds.destroy();
    await app.close();
  });

  it('should answer no 5xx and no 2xx across scopes to thousands of schema-driven requests', async () => {
    const runner = app.get(WorkflowRunner);
    const a: SheetFixture = await createSheets(ds, runner, { units: 2 });
    const b: SheetFixture = await createSheets(ds, runner, { units: 2 });
    const secretariatA = await createOrganisation(ds, { authorityId: a.authorityId, kind: 'secretariat' });
    const secretariatB = await createOrganisation(ds, { authorityId: b.authorityId, kind: 'secretariat' });
    const spareA = await createUser(ds, { roles: ['viewer'], organisationId: secretariatA.id });
    await createUser(ds, { roles: ['admin'], organisationId: secretariatB.id });

    const idsOf = async (sql: string, authorityId: number) =>
      (await rows<{ id: number }>(ds.manager, sql, [authorityId])).map((r) => r.id);
    const byAuthority = async (authorityId: number): Promise<Record<IdKind, number[]>> => ({
      campaign: await idsOf('SELECT id FROM campaigns WHERE authority_id = ?', authorityId),
      sheet: await idsOf(
        'SELECT s.id FROM score_sheets s JOIN campaigns c ON c.id = s.campaign_id WHERE c.authority_id = ?',
        authorityId,
      ),
      user: await idsOf(
        'SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.authority_id = ?',
        authorityId,
      ),
      unit: await idsOf('SELECT id FROM units WHERE authority_id = ?', authorityId),
      criteriaSet: await idsOf('SELECT id FROM criteria_sets WHERE authority_id = ?', authorityId),
      other: [],
    });
    const idsA = await byAuthority(a.authorityId);
    const idsB = await byAuthority(b.authorityId);

    const session = async (roles: string[], organisationId: number) =>
      createSession(ds, testConfig(), url, await createUser(ds, { roles: roles as never, organisationId }));
    const callers = [
      { name: 'unit officer A', session: await createSession(ds, testConfig(), url, a.sheets[0].officer) },
      { name: 'admin A', session: await session(['admin'], secretariatA.id) },
      { name: 'leader A', session: await session(['leader', 'viewer', 'council_member'], secretariatA.id) },
      { name: 'appraiser A', session: await session(['appraiser', 'supervisor'], secretariatA.id) },
      { name: 'anonymous', session: undefined },
    ];
    /** For each caller: the ids of its own scope to use, and the ids it must not reach. */
    const scopeOf = (name: string) => {
      if (name === 'unit officer A') {
        return {
          own: { ...idsA, sheet: [a.sheets[0].id], unit: [a.sheets[0].unitId], user: [spareA.id] },
          foreign: { ...idsB, sheet: [...idsB.sheet, a.sheets[1].id], unit: [...idsB.unit, a.sheets[1].unitId] },
        };
      }
      return { own: { ...idsA, user: [spareA.id] }, foreign: idsB };
    };

    let requests = 0;
    const errors: string[] = [];
    const leaks: string[] = [];
    const operations = Object.entries(DOCUMENT.paths).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((m) => item[m])
        .map((m) => ({ ...item[m], method: m.toUpperCase(), path })),
    );

    for (const caller of callers) {
      const scope = scopeOf(caller.name);
      for (const op of operations) {
        if (SKIPPED.has(`${op.method} ${op.path}`)) {
          continue;
        }
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
        const choices: IdChoice[] = pathParams.length > 0 ? ['own', 'foreign', 'missing', 'garbage'] : ['own'];
        const json = op.requestBody?.content?.['application/json']?.schema;
        const variants: Variant[] = json ? ['sample', 'nulls', 'extreme', 'empty'] : ['sample'];
        for (const choice of choices) {
          let crossScope = false;
          let skip = false;
          let path = op.path.replace(/^\/api/, '/api');
          for (const p of pathParams) {
            const kind = kindOf(op.path, p.name);
            let value: string;
            if (p.schema && resolve(p.schema).type !== 'integer') {
              // Not an id: a phase, a criterion code, a campaign code…
              const enumValues = resolve(p.schema).enum as string[] | undefined;
              value =
                choice === 'garbage' ? 'khong-co' : String(enumValues?.[0] ?? sample(p.schema, 'sample', [], p.name));
            } else if (choice === 'missing') {
              value = MISSING_ID;
            } else if (choice === 'garbage') {
              value = GARBAGE[requests % GARBAGE.length];
            } else {
              const pool = choice === 'own' ? scope.own[kind] : scope.foreign[kind];
              if (pool.length === 0) {
                skip = choice === 'foreign'; // no such object of another scope to try
                value = MISSING_ID;
              } else {
                value = String(pool[0]);
                crossScope ||= choice === 'foreign';
              }
            }
            path = path.replace(`{${p.name}}`, encodeURIComponent(value));
          }
          if (skip) {
            continue;
          }
          const query = (op.parameters ?? [])
            .filter((p) => p.in === 'query' && p.required)
            .map(
              (p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, 'sample', scope.own.campaign, p.name)))}`,
            )
            .join('&');
          for (const variant of variants) {
            const bodyIds = choice === 'foreign' ? scope.foreign.campaign : scope.own.campaign;
            const body =
              json === undefined
                ? undefined
                : variant === 'empty'
                  ? '{}'
                  : JSON.stringify(sample(json, variant, bodyIds));
            const headers: Record<string, string> = {};
            if (body !== undefined) {
              headers['content-type'] = 'application/json';
            }
            const target = `${url}${path}${query ? `?${query}` : ''}`;
            const res = caller.session
              ? await caller.session.fetch(target.slice(url.length), { method: op.method, headers, body })
              : await fetch(target, { method: op.method, headers, body });
            await res.arrayBuffer();
            requests++;
            const line = `${caller.name}: ${op.method} ${path} [${choice}/${variant}] → ${res.status}`;
            if (res.status >= 500) {
              errors.push(line);
            }
            if (crossScope && res.status < 300 && !op.path.startsWith('/api/public/')) {
              leaks.push(line);
            }
          }
        }
      }
    }

    console.log(
      `fuzzer: ${requests} requests, ${errors.length} 5xx, ${leaks.length} cross-scope 2xx\n` +
        [...errors, ...leaks].slice(0, 40).join('\n'),
    );
    expect(requests).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    expect(leaks).toEqual([]);
  }, 240_000); // thousands of requests over every route: about 40 s on a quiet 2-core machine, several times that when loaded
});
