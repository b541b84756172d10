import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@config';
import { APP_CONFIG, DATA_SOURCE, isDuplicateKey, dbNow } from '@lib/database';
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
import {
  insertDigestMails,
  insertDigestNotifications,
  insertReminders,
  insertRun,
  reminderCampaigns,
  remindedOnDay,
  runMailIds,
  setRunCounts,
  slotBuilt,
  type ReminderCampaignRow,
} from './reminder.queries';

/** `<digest.12-345-2024-03-09@cchc.example.gov.vn>`: the same digest always carries the same Message-ID. */
export function digestMessageId(digestKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'par-index.local';
  return `<digest.${digestKey.replace(/[^A-Za-z0-9.-]/g, '')}@${domain}>`;
}

/** Digests per `mail.sendBatch` job. */
const MAIL_BATCH = 50;

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

  static policyOf(row: ReminderCampaignRow): ReminderPolicy {
    return row.offsets_seconds === null
      ? DEFAULT_REMINDER_POLICY
      : parsePolicy({ ...row, enabled: row.enabled ?? 1, offsets_seconds: row.offsets_seconds });
  }

  /** The scheduled tick: enqueue the latest slot of every active campaign whose slot has not been built. */
  async tick(): Promise<number> {
    const now = await dbNow(this.ds.manager);
    let enqueued = 0;
    for (const campaign of await reminderCampaigns(this.ds.manager)) {
      const policy = ReminderService.policyOf(campaign);
      if (!policy.enabled) {
        continue;
      }
      const slot = latestSlot(policy, campaign.timezone, now);
      if (!(await slotBuilt(this.ds.manager, campaign.id, slot.at))) {
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
    await this.enqueueMailBatches(outcome.runId, outcome.messageIds);
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

  /**
   * A slot's digests as `mail.sendBatch` jobs of MAIL_BATCH each (claimed and sent together): 10,000 digests are 200
   * jobs, not 10,000. Ids name the run and the chunk; a lost job is caught by the tick's sweep of stuck mail.
   */
  private async enqueueMailBatches(runId: number | undefined, messageIds: number[]): Promise<void> {
    if (runId === undefined || messageIds.length === 0) {
      return;
    }
    const batches = [];
    for (let i = 0; i < messageIds.length; i += MAIL_BATCH) {
      batches.push({
        name: 'mail.sendBatch' as const,
        data: { messageIds: messageIds.slice(i, i + MAIL_BATCH) },
        opts: this.jobs.options('mail.sendBatch', { jobId: jobId('mail', 'run', runId, i / MAIL_BATCH) }),
      });
    }
    await this.jobs.queue('mail').addBulk(batches);
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
    const [campaign] = await reminderCampaigns(em, campaignId);
    if (!campaign) {
      return { status: 'noCampaign', reminders: 0, digests: 0, messageIds: [] };
    }
    const policy = ReminderService.policyOf(campaign);
    const slot = slotAt(policy, campaign.timezone, at);
    // The slot's key, first: a concurrent compute of the same slot blocks here until we commit, then fails
    // with a duplicate key (→ alreadyBuilt). Nothing below runs twice for one slot.
    let runId: number;
    try {
      runId = await insertRun(em, { campaignId, slotAt: slot.at, localDay: slot.localDay, skipped: slot.skipped });
    } catch (error) {
      if (isDuplicateKey(error)) {
        return { status: 'alreadyBuilt', reminders: 0, digests: 0, messageIds: [] };
      }
      throw error;
    }
    if (slot.skipped) {
      return { status: 'skipped', runId, reminders: 0, digests: 0, messageIds: [] };
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
    const already = new Set(await remindedOnDay(em, campaignId, slot.localDay));
    const byUser = new Map<number, PlannedReminder[]>();
    for (const item of planned) {
      if (!already.has(item.userId)) {
        byUser.set(item.userId, [...(byUser.get(item.userId) ?? []), item]);
      }
    }
    const digests = [...byUser.entries()].map(([userId, items]) => {
      const digestKey = `${campaignId}-${userId}-${slot.localDay}`;
      return {
        userId,
        items,
        digestKey,
        rendered: renderDigest({ fullName: items[0].fullName }, items, slot, campaign.name, campaign.timezone),
      };
    });
    await insertDigestMails(
      em,
      campaignId,
      runId,
      digests
        .filter((d) => d.items[0].email)
        .map((d) => ({
          userId: d.userId,
          digestKey: d.digestKey,
          messageId: digestMessageId(d.digestKey, this.config.mail.from),
          to: d.items[0].email,
          subject: d.rendered.subject,
          text: d.rendered.text,
          html: d.rendered.html,
          ics: d.rendered.ics,
        })),
    );
    const messageIds = await runMailIds(em, runId);
    const reminderRows = digests.flatMap((d) =>
      d.items.map((item) => ({
        userId: item.userId,
        deadlineKey: item.deadlineKey,
        kind: item.kind,
        subjectType: item.subjectType,
        subjectId: item.subjectId,
        dueAt: item.dueAt,
        reason: item.reason,
        mailMessageId: messageIds.get(d.userId) ?? null,
      })),
    );
    await insertReminders(em, { campaignId, runId, localDay: slot.localDay }, reminderRows);
    await insertDigestNotifications(
      em,
      campaignId,
      digests.map((d) => ({
        userId: d.userId,
        dedupeKey: `digest-${d.digestKey}`,
        kind: d.items.some((x) => x.kind === 'escalation')
          ? 'escalation'
          : d.items.some((x) => x.kind === 'overdue')
            ? 'overdue'
            : 'reminder',
        title: d.rendered.notificationTitle,
        body: d.rendered.notificationBody,
        link: d.items[0].link,
      })),
    );
    await setRunCounts(em, runId, reminderRows.length, digests.length);
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
    const [campaign] = await reminderCampaigns(this.ds.manager, campaignId);
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
