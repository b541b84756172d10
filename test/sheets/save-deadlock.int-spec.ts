/**
 * A batch of self scores chosen as a deadlock's victim is run again, not lost: the officer gets 200 and the batch is
 * stored once, with one audit row. The deadlock is made on purpose: a transaction that already wrote many rows (so
 * InnoDB rolls back the save, the cheaper one) holds the campaign row, which the save's phase gate reads in share
 * mode after locking the sheet, then asks for the sheet. Real api, MariaDB.
 */
import { DATA_SOURCE, rows } from '@lib/database';
import { WorkflowRunner } from '@lib/workflow';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createSession } from '../factories/session.factory';
import { createSheets } from '../factories/sheet.factory';
import { startTestApi, type TestApi } from '../support/apps';
import { truncateAll } from '../support/database';
import { eventually } from '../support/engine';

describe('self scores under a deadlock', () => {
  let api: TestApi;
  let ds: DataSource;
  let other: Connection;

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get<DataSource>(DATA_SOURCE);
    await truncateAll(ds);
    other = await createConnection({ uri: api.config.database.url });
    await other.query('CREATE TABLE IF NOT EXISTS deadlock_ballast (id INT PRIMARY KEY)');
  });

  afterAll(async () => {
    await other?.query('DROP TABLE IF EXISTS deadlock_ballast').catch(() => undefined);
    await other?.end();
    await api?.close();
  });

  it("should save the batch once when InnoDB picks the save as a deadlock's victim", async () => {
    const fx = await createSheets(ds, api.app.get(WorkflowRunner), { units: 1 });
    const sheetId = fx.sheets[0].id;
    const s = await createSession(ds, api.config, api.url, fx.sheets[0].officer);

    await other.query('SET autocommit = 0');
    await other.query('DELETE FROM deadlock_ballast');
    // Heavier than any save: 3,000 rows of undo. Then the campaign row, which the save reads after the sheet.
    await other.query('INSERT INTO deadlock_ballast SELECT seq FROM seq_1_to_3000');
    await other.query('SELECT id FROM campaigns WHERE id = ? FOR UPDATE', [fx.campaignId]);

    const saving = s.fetch(`/api/sheets/${sheetId}/entries`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [{ code: '1.2.1', selfPoints: 1, explanation: 'Đủ 4 báo cáo, đúng hạn' }] }),
    });
    // The save holds the sheet row and waits for the campaign row.
    await eventually(async () => {
      const [waits] = await other.query(
        `SELECT 1 FROM information_schema.INNODB_LOCK_WAITS w
           JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
          WHERE r.trx_query LIKE '%FROM campaigns WHERE id = % LOCK IN SHARE MODE'`,
      );
      return (waits as unknown[]).length > 0;
    });
    // Now the other transaction asks for the sheet: a cycle. InnoDB rolls the save back; this read then gets the row.
    await other.query('SELECT id FROM score_sheets WHERE id = ? FOR UPDATE', [sheetId]);
    await other.query('DELETE FROM deadlock_ballast');
    await other.query('COMMIT');

    const answer = await saving;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ saved: 1 });
    const stored = await rows<{ self_milli: number; explanation: string }>(
      ds.manager,
      'SELECT self_milli, explanation FROM score_entries WHERE sheet_id = ?',
      [sheetId],
    );
    expect(stored).toEqual([{ self_milli: 1000, explanation: 'Đủ 4 báo cáo, đúng hạn' }]);
    const audited = await rows<{ n: number }>(
      ds.manager,
      "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'scoreSheet' AND entity_id = ? AND action = 'sheet.entriesSaved'",
      [sheetId],
    );
    expect(Number(audited[0].n)).toBe(1);
    const [deadlocks] = await other.query("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
    expect(Number((deadlocks as Array<{ Value: string }>)[0].Value)).toBeGreaterThan(0);
  });
});
