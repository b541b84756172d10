/**
 * consolidation: consolidate and rank 3,321 units × 100 leaves read from MySQL (the whole application path:
 * campaign, units, criteria set, every score entry, bonus/penalty, flags, exact scoring, "đồng hạng"
 * ranking) against one `GROUP BY` over the same `score_entries` — what a bare SQL total costs. Seeds a
 * scratch database (par_index_bench_consolidation) with multi-row INSERTs outside the timing.
 */
import { syntheticSet } from '@lib/criteria';
import { WorkflowRunner } from '@lib/workflow';
import { write } from '@lib/database';
import { ConsolidationEngine } from '../apps/api/src/app.factory';
import { alternatingOps, row, type Benchmark } from './harness';
import { benchDatabase } from './support';

const UNITS = 3321;
const FIELDS = 10;
const LEAVES_PER_FIELD = 10;
/** A B A B …: machine noise hits the application and the baseline alike (medians kept). */
const ROUNDS = 5;

async function insertMany(ds: import('typeorm').DataSource, head: string, rowsOf: unknown[][], chunk = 2000) {
  for (let i = 0; i < rowsOf.length; i += chunk) {
    const part = rowsOf.slice(i, i + chunk);
    const marks = part.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ');
    await write(ds.manager, `${head} VALUES ${marks}`, part.flat());
  }
}

const bench: Benchmark = {
  name: 'consolidation',
  async run() {
    const { ds } = await benchDatabase('par_index_bench_consolidation');
    try {
      const set = syntheticSet(FIELDS, LEAVES_PER_FIELD, 1000);
      const codes = set.nodes.flatMap((f) => f.children.map((c) => c.code));
      const a = await write(
        ds.manager,
        "INSERT INTO authorities (code, name, timezone) VALUES ('bench', 'Tỉnh thử', 'Asia/Ho_Chi_Minh')",
      );
      const o = await write(
        ds.manager,
        "INSERT INTO organisations (authority_id, code, name, kind) VALUES (?, 'snv', 'Sở Nội vụ', 'secretariat')",
        [a.insertId],
      );
      const cs = await write(
        ds.manager,
        "INSERT INTO criteria_sets (authority_id, code, version, title, unit_group, max_milli, definition) VALUES (?, 'bench', 1, 'Bench', 'commune', ?, ?)",
        [a.insertId, set.totalPoints, JSON.stringify(set)],
      );
      const cols = WorkflowRunner.newInstanceColumns('campaign');
      const c = await write(
        ds.manager,
        `INSERT INTO campaigns (authority_id, code, name, year, timezone, plan_code, plan, machine_id, machine_version, state, snapshot, version)
         VALUES (?, 'bench', 'Chỉ số CCHC cấp xã', 2025, 'Asia/Ho_Chi_Minh', 'bench', '{}', ?, ?, 'appraisal', '{}', 1)`,
        [a.insertId, cols.machine_id, cols.machine_version],
      );
      const unitRows = Array.from({ length: UNITS }, (_, u) => [
        a.insertId,
        o.insertId,
        `x${u}`,
        `Xã ${String(u).padStart(4, '0')}`,
        'commune',
      ]);
      await insertMany(ds, 'INSERT INTO units (authority_id, organisation_id, code, name, unit_group)', unitRows);
      await write(
        ds.manager,
        "INSERT INTO campaign_units (campaign_id, unit_id, unit_group, criteria_set_id) SELECT ?, id, 'commune', ? FROM units WHERE authority_id = ?",
        [c.insertId, cs.insertId, a.insertId],
      );
      await write(
        ds.manager,
        `INSERT INTO score_sheets (campaign_id, unit_id, criteria_set_id, machine_id, machine_version, state, snapshot, version)
         SELECT ?, id, ?, 'scoreSheet', 1, 'appraised', '{}', 1 FROM units WHERE authority_id = ?`,
        [c.insertId, cs.insertId, a.insertId],
      );
      const sheets = await ds.query<Array<{ id: number }>>('SELECT id FROM score_sheets ORDER BY id');
      let seed = 2023;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const entries: unknown[][] = [];
      for (const s of sheets) {
        for (const code of codes) {
          entries.push([s.id, code, 1000, Math.floor(rnd() * 5) * 250]);
        }
      }
      await insertMany(
        ds,
        'INSERT INTO score_entries (sheet_id, criterion_code, self_milli, appraised_r1_milli)',
        entries,
        5000,
      );

      const campaignId = c.insertId;
      let sink = 0;
      const app = async () => {
        const result = await new ConsolidationEngine(ds.manager).consolidate(campaignId);
        sink += result.tables[0].units[0].indexHundredths;
      };
      const baseline = async () => {
        const r = await ds.query<unknown[]>(
          `SELECT s.unit_id, SUM(COALESCE(e.council_milli, e.appraised_r2_milli, e.appraised_r1_milli)) AS total
             FROM score_entries e JOIN score_sheets s ON s.id = e.sheet_id WHERE s.campaign_id = ? GROUP BY s.unit_id`,
          [campaignId],
        );
        sink += r.length;
      };
      const ops = await alternatingOps(app, baseline, {
        rounds: ROUNDS,
        appMs: 3000,
        baselineMs: 2000,
        warmupMs: 1500,
      });
      return [
        row(
          `consolidation: load + score + rank ${UNITS.toLocaleString('en')} units × ${codes.length} leaves from MySQL`,
          ops.app,
          ops.baseline,
          'ops/s',
          true,
          `median of ${ROUNDS} alternating rounds (app ${ops.apps.map((x) => x.toFixed(2)).join('/')}, baseline ` +
            `${ops.baselines.map((x) => x.toFixed(2)).join('/')}); baseline: one GROUP BY over the same ` +
            `${entries.length.toLocaleString('en')} score_entries (sink ${sink > 0 ? 'ok' : '0'})`,
          0.67,
        ),
      ];
    } finally {
      await ds.destroy();
    }
  },
};

export default bench;
