import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE, isDuplicateKey, dbNow, rows, write } from '@lib/database';
import { JobQueue, jobId } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import { leaves, type CriteriaSet } from '@lib/criteria';
import { webLink } from '@lib/web-routes';
import { renderClarificationNotice } from './clarification-notice';
import { clarificationForNotice, insertMail, insertNotification, unitOfficers } from './clarification-notice.queries';
import { renderDigest } from './digest-template';
import {
  DEFAULT_REMINDER_POLICY,
  latestSlot,
  nextSendingSlot,
  parsePolicy,
  slotAt,
  type ReminderPolicy,
  type Slot,
} from './policy';
import { planSlot, type PlannedReminder } from './reminder-planner';

interface CampaignRow {
  id: number;
  name: string;
  timezone: string;
  enabled: number | null;
  offsets_seconds: string | null;
  send_time: string;
  period_seconds: number;
  working_days_only: number;
  holidays: string;
  escalate_after_seconds: number | null;
}

/** Campaign states in which nobody owes anything any more (or nothing has started). */
const QUIET_STATES = ['new', 'draft', 'published', 'archived'];
const CHUNK = 500;

/** `<digest.12-345-2024-03-09@cchc.example.gov.vn>`: the same digest always carries the same Message-ID. */
export function digestMessageId(digestKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'par-index.local';
  return `<digest.${digestKey.replace(/[^A-Za-z0-9.-]/g, '')}@${domain}>`;
}

export interface ComputeOutcome {
  status: 'built' | 'alreadyBuilt' | 'skipped' | 'noCampaign';
  runId?: number;
  reminders: number;
  digests: number;
  messageIds: number[];
}

/**
 * Reminder slots: the scheduler's tick enqueues `reminders.compute` for each campaign's latest slot; compute
 * builds that slot's digests in ONE transaction that first inserts `reminder_runs (campaign, slot)` — a second
 * job for the slot (duplicate add, second replica, restart) waits on that row's lock and then finds it.
 * Reminders, digests (`mail_messages`, status pending) and notifications commit before any mail is sent.
 */
@Injectable()
export class ReminderService {
  private readonly logger = new Logger('Reminders');

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  private async campaigns(em: EntityManager, campaignId?: number): Promise<CampaignRow[]> {
    return rows<CampaignRow>(
      em,
      `SELECT c.id, c.name, c.timezone, p.enabled, p.offsets_seconds, p.send_time, p.period_seconds,
              p.working_days_only, p.holidays, p.escalate_after_seconds
         FROM campaigns c LEFT JOIN reminder_policies p ON p.campaign_id = c.id
        WHERE ${campaignId === undefined ? `c.state NOT IN (${QUIET_STATES.map(() => '?').join(', ')})` : 'c.id = ?'}`,
      campaignId === undefined ? QUIET_STATES : [campaignId],
    );
  }

  static policyOf(row: CampaignRow): ReminderPolicy {
    return row.offsets_seconds === null
      ? DEFAULT_REMINDER_POLICY
      : parsePolicy({ ...row, enabled: row.enabled ?? 1, offsets_seconds: row.offsets_seconds });
  }

  /** The scheduled tick: enqueue the latest slot of every active campaign whose slot has not been built. */
  async tick(): Promise<number> {
    const now = await dbNow(this.ds.manager);
    let enqueued = 0;
    for (const campaign of await this.campaigns(this.ds.manager)) {
      const policy = ReminderService.policyOf(campaign);
      if (!policy.enabled) {
        continue;
      }
      const slot = latestSlot(policy, campaign.timezone, now);
      const [done] = await rows<{ id: number }>(
        this.ds.manager,
        'SELECT id FROM reminder_runs WHERE campaign_id = ? AND slot_at = ?',
        [campaign.id, slot.at],
      );
      if (!done) {
        await this.jobs.add(
          'reminders.compute',
          { campaignId: campaign.id, slotAt: slot.at.toISOString() },
          { jobId: jobId('rem', campaign.id, slot.at.getTime()) },
        );
        enqueued++;
      }
    }
    return enqueued;
  }

  /** Build one slot's digests (idempotent), then hand each digest to the `mail` queue. */
  async compute(campaignId: number, slotAtIso: string): Promise<ComputeOutcome> {
    const outcome = await this.ds.transaction((em) => this.buildSlot(em, campaignId, new Date(slotAtIso)));
    await this.enqueueMail(outcome.messageIds.map((id) => ({ id, attempts: 0 })));
    if (outcome.status === 'built') {
      this.logger.log(
        `campaign ${campaignId} slot ${slotAtIso}: ${outcome.reminders} reminders in ${outcome.digests} digests`,
      );
    }
    return outcome;
  }

  /**
   * `clarification.requested`: every unit officer of the unit gets an in-app notification and (with an e-mail
   * address) a mail whose link opens the request. Idempotent: keyed by clarification and user, so a re-relayed
   * effect adds nothing and re-enqueues only mail not yet sent.
   */
  async notifyClarification(taskId: number, round: number): Promise<{ notified: number; mailed: number }> {
    const outcome = await this.ds.transaction(async (em) => {
      const k = await clarificationForNotice(em, taskId, round);
      if (!k) {
        return { notified: 0, mail: [] as { id: number; attempts: number }[] };
      }
      const set = JSON.parse(k.definition) as CriteriaSet;
      const titles = new Map(leaves(set).map((l) => [l.code, l.title]));
      const codes = JSON.parse(k.criterion_codes) as string[];
      const link = webLink(
        this.config.http.publicUrl,
        'clarifications',
        {},
        { campaign: k.campaign_id, request: k.id },
      );
      const officers = await unitOfficers(em, k.unit_organisation_id);
      const mail: { id: number; attempts: number }[] = [];
      for (const officer of officers) {
        const rendered = renderClarificationNotice(
          { fullName: officer.full_name },
          {
            unitName: k.unit_name,
            campaignName: k.campaign_name,
            appraiser: k.appraiser_organisation,
            criteria: codes.map((code) => ({ code, title: titles.get(code) ?? '' })),
            request: k.request,
            dueAt: k.due_at,
            timeZone: k.timezone,
            link,
          },
        );
        const key = `clarification-${k.id}-${officer.id}`;
        await insertNotification(em, {
          userId: officer.id,
          campaignId: k.campaign_id,
          dedupeKey: key,
          title: rendered.title,
          body: rendered.body,
          link,
        });
        if (officer.email) {
          const row = await insertMail(em, {
            campaignId: k.campaign_id,
            userId: officer.id,
            key,
            messageId: digestMessageId(key, this.config.mail.from),
            to: officer.email,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
          });
          if (row.status === 'pending') {
            mail.push(row);
          }
        }
      }
      return { notified: officers.length, mail };
    });
    await this.enqueueMail(outcome.mail);
    return { notified: outcome.notified, mailed: outcome.mail.length };
  }

  /** Add `mail.send` jobs; the id names the row and its attempt count, so a duplicate add is a no-op. */
  async enqueueMail(messages: Array<{ id: number; attempts: number; tag?: string }>): Promise<void> {
    if (messages.length === 0) {
      return;
    }
    await this.jobs.queue('mail').addBulk(
      messages.map((m) => ({
        name: 'mail.send',
        data: { messageId: m.id },
        opts: this.jobs.options('mail.send', { jobId: jobId('mail', m.id, `${m.tag ?? 'a'}${m.attempts}`) }),
      })),
    );
  }

  private async buildSlot(em: EntityManager, campaignId: number, at: Date): Promise<ComputeOutcome> {
    const [campaign] = await this.campaigns(em, campaignId);
    if (!campaign) {
      return { status: 'noCampaign', reminders: 0, digests: 0, messageIds: [] };
    }
    const policy = ReminderService.policyOf(campaign);
    const slot = slotAt(policy, campaign.timezone, at);
    // The slot's key, first: a concurrent compute of the same slot blocks here until we commit, then fails
    // with a duplicate key (→ alreadyBuilt). Nothing below runs twice for one slot.
    let run: { insertId: number };
    try {
      run = await write(
        em,
        'INSERT INTO reminder_runs (campaign_id, slot_at, local_day, skipped) VALUES (?, ?, ?, ?)',
        [campaignId, slot.at, slot.localDay, slot.skipped],
      );
    } catch (error) {
      if (isDuplicateKey(error)) {
        return { status: 'alreadyBuilt', reminders: 0, digests: 0, messageIds: [] };
      }
      throw error;
    }
    if (slot.skipped) {
      return { status: 'skipped', runId: run.insertId, reminders: 0, digests: 0, messageIds: [] };
    }
    const planned = await planSlot(em, {
      campaignId,
      timeZone: campaign.timezone,
      policy,
      slot,
      publicUrl: this.config.http.publicUrl,
    });
    // One digest per recipient per day: people already sent today's digest (an earlier slot of the same
    // day, after a policy change) are left for tomorrow.
    const already = new Set(
      (
        await rows<{ recipient_user_id: number }>(
          em,
          'SELECT DISTINCT recipient_user_id FROM reminders WHERE campaign_id = ? AND local_day = ?',
          [campaignId, slot.localDay],
        )
      ).map((r) => Number(r.recipient_user_id)),
    );
    const byUser = new Map<number, PlannedReminder[]>();
    for (const item of planned) {
      if (!already.has(item.userId)) {
        byUser.set(item.userId, [...(byUser.get(item.userId) ?? []), item]);
      }
    }
    const runId = run.insertId;
    const digests = [...byUser.entries()].map(([userId, items]) => {
      const digestKey = `${campaignId}-${userId}-${slot.localDay}`;
      return {
        userId,
        items,
        digestKey,
        rendered: renderDigest({ fullName: items[0].fullName }, items, slot, campaign.name, campaign.timezone),
      };
    });
    const mailed = digests.filter((d) => d.items[0].email);
    for (let i = 0; i < mailed.length; i += CHUNK) {
      const chunk = mailed.slice(i, i + CHUNK);
      await write(
        em,
        `INSERT INTO mail_messages (campaign_id, run_id, recipient_user_id, digest_key, message_id, to_address, subject,
                                    text_body, html_body, ics, status, attempts)
         VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)").join(', ')}`,
        chunk.flatMap((d) => [
          campaignId,
          runId,
          d.userId,
          d.digestKey,
          digestMessageId(d.digestKey, this.config.mail.from),
          d.items[0].email,
          d.rendered.subject,
          d.rendered.text,
          d.rendered.html,
          d.rendered.ics,
        ]),
      );
    }
    const messageIds = new Map(
      (
        await rows<{ id: number; recipient_user_id: number }>(
          em,
          'SELECT id, recipient_user_id FROM mail_messages WHERE run_id = ?',
          [runId],
        )
      ).map((r) => [Number(r.recipient_user_id), Number(r.id)]),
    );
    const reminderRows = digests.flatMap((d) =>
      d.items.map((item) => ({ item, messageId: messageIds.get(d.userId) ?? null })),
    );
    for (let i = 0; i < reminderRows.length; i += CHUNK) {
      const chunk = reminderRows.slice(i, i + CHUNK);
      await write(
        em,
        `INSERT INTO reminders (campaign_id, run_id, recipient_user_id, deadline_key, kind, local_day, subject_type,
                                subject_id, due_at, reason, mail_message_id)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap(({ item, messageId }) => [
          campaignId,
          runId,
          item.userId,
          item.deadlineKey,
          item.kind,
          slot.localDay,
          item.subjectType,
          item.subjectId,
          item.dueAt,
          item.reason.slice(0, 500),
          messageId,
        ]),
      );
    }
    for (let i = 0; i < digests.length; i += CHUNK) {
      const chunk = digests.slice(i, i + CHUNK);
      await write(
        em,
        `INSERT INTO notifications (user_id, campaign_id, dedupe_key, kind, title, body, link)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((d) => [
          d.userId,
          campaignId,
          `digest-${d.digestKey}`,
          d.items.some((x) => x.kind === 'escalation')
            ? 'escalation'
            : d.items.some((x) => x.kind === 'overdue')
              ? 'overdue'
              : 'reminder',
          d.rendered.notificationTitle.slice(0, 500),
          d.rendered.notificationBody,
          d.items[0].link,
        ]),
      );
    }
    await write(em, 'UPDATE reminder_runs SET reminders = ?, digests = ? WHERE id = ?', [
      reminderRows.length,
      digests.length,
      runId,
    ]);
    return {
      status: 'built',
      runId,
      reminders: reminderRows.length,
      digests: digests.length,
      messageIds: [...messageIds.values()],
    };
  }

  /** Who will be reminded at the next sending slot, and why (nothing is written). */
  async preview(
    campaignId: number,
  ): Promise<{ slot: Slot; policy: ReminderPolicy; reminders: PlannedReminder[] } | null> {
    const [campaign] = await this.campaigns(this.ds.manager, campaignId);
    if (!campaign) {
      return null;
    }
    const policy = ReminderService.policyOf(campaign);
    const slot = nextSendingSlot(policy, campaign.timezone, await dbNow(this.ds.manager));
    const reminders = await planSlot(this.ds.manager, {
      campaignId,
      timeZone: campaign.timezone,
      policy,
      slot,
      publicUrl: this.config.http.publicUrl,
    });
    return { slot, policy, reminders };
  }
}
