import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The reminder policy of one campaign (data, editable by the secretariat). Durations are in seconds so a
 * drill or a test can compress a month into a minute; production keeps the defaults (7/3/1 days, daily).
 * A campaign without a row uses `DEFAULT_REMINDER_POLICY` (libs/workflow/src/reminders/policy.ts).
 */
@Entity('reminder_policies')
@Index('uq_reminder_policies_campaign', ['campaignId'], { unique: true })
export class ReminderPolicyRecord {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Reminders before a deadline, in seconds before it (JSON array; default 7, 3 and 1 days). */
  @Column({ type: 'text' })
  offsetsSeconds: string;

  /** Local time of the sending slot, `HH:mm` or `HH:mm:ss` in the campaign's time zone. */
  @Column({ type: 'varchar', length: 8, default: '08:00' })
  sendTime: string;

  /** Distance between sending slots (86400: once a day; overdue reminders repeat at every slot). */
  @Column({ type: 'int', unsigned: true, default: 86400 })
  periodSeconds: number;

  @Column({ type: 'boolean', default: true })
  workingDaysOnly: boolean;

  /** Public holidays (JSON array of local dates `yyyy-MM-dd`) on which nothing is sent. */
  @Column({ type: 'text' })
  holidays: string;

  /** Escalate to the responsible organisation's supervisors this long after the deadline; null: never. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  escalateAfterSeconds: number | null;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}

/**
 * One computation of one sending slot of one campaign. The UNIQUE key makes a duplicate `reminders.compute`
 * job, a second worker replica or a restarted worker a no-op: the slot's digests are built exactly once,
 * in the same transaction as this row.
 */
@Entity('reminder_runs')
@Index('uq_reminder_runs_slot', ['campaignId', 'slotAt'], { unique: true })
export class ReminderRun {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'datetime', precision: 3 })
  slotAt: Date;

  /** The slot's local date (`yyyy-MM-dd`), or its local date-time for sub-day test policies. */
  @Column({ type: 'varchar', length: 19 })
  localDay: string;

  @Column({ type: 'int', unsigned: true, default: 0 })
  reminders: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  digests: number;

  /** Why nothing was sent, when nothing was (e.g. `holiday`, `weekend`, `disabled`). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  skipped: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/**
 * One reminder: the business key `(recipient, deadline, kind, local day)` is UNIQUE and the row is committed
 * before any mail leaves. `deadlineKey` names the subject and its due instant (`appraisalTask-7-1710522000`),
 * so an extension (a new instant) starts a fresh series of reminders.
 */
@Entity('reminders')
@Index('uq_reminders_key', ['recipientUserId', 'deadlineKey', 'kind', 'localDay'], { unique: true })
@Index('ix_reminders_campaign', ['campaignId', 'recipientUserId', 'id'])
@Index('ix_reminders_message', ['mailMessageId'])
export class Reminder {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'int', unsigned: true })
  runId: number;

  @Column({ type: 'int', unsigned: true })
  recipientUserId: number;

  @Column({ type: 'varchar', length: 96 })
  deadlineKey: string;

  /** `before-7d`, `before-3d`, … (`before-<n>s` for sub-day offsets), `overdue`, `escalation`. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 19 })
  localDay: string;

  /** `scoreSheet`, `appraisalTask` or `clarification`. */
  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'int', unsigned: true })
  subjectId: number;

  @Column({ type: 'datetime', precision: 6 })
  dueAt: Date;

  /** Why this person is reminded (Vietnamese, shown in the admin log and the preview). */
  @Column({ type: 'varchar', length: 500 })
  reason: string;

  /** The digest mail carrying it; null when the recipient has no e-mail address (in-app only). */
  @Column({ type: 'int', unsigned: true, nullable: true })
  mailMessageId: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One outgoing e-mail (a daily digest). `pending → sending → sent | failed`: the sender claims the row with a
 * lease before talking SMTP and marks it `sent` right after the 250 reply. `messageId` is derived from the
 * digest key, so a retry carries the same Message-ID. `failed` rows are the dead-letter view.
 */
@Entity('mail_messages')
@Index('uq_mail_messages_digest', ['digestKey'], { unique: true })
@Index('ix_mail_messages_status', ['status', 'nextAttemptAt'])
@Index('ix_mail_messages_campaign', ['campaignId', 'recipientUserId', 'id'])
export class MailMessage {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  campaignId: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  runId: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  recipientUserId: number | null;

  /** `<campaign>-<recipient>-<local day>` for digests. */
  @Column({ type: 'varchar', length: 96 })
  digestKey: string;

  @Column({ type: 'varchar', length: 190 })
  messageId: string;

  @Column({ type: 'varchar', length: 255 })
  toAddress: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'mediumtext' })
  textBody: string;

  @Column({ type: 'mediumtext' })
  htmlBody: string;

  /** The iCalendar attachment (one VEVENT per deadline), or null. */
  @Column({ type: 'mediumtext', nullable: true })
  ics: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: MailStatus;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** While `sending`: the claim expires here (a crashed sender's row is taken over after it). */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  /** While `pending` after a failure: when the retry is due (the reconciler re-enqueues past it). */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  nextAttemptAt: Date | null;

  /** Set at the first failure: slow retries go on until then, then the message is `failed`. A resend clears it. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  retryUntil: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  smtpResponse: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}

/** An in-app notification (same events as the digests), listed for its user by the API. */
@Entity('notifications')
@Index('uq_notifications_key', ['userId', 'dedupeKey'], { unique: true })
@Index('ix_notifications_user', ['userId', 'readAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  campaignId: number | null;

  @Column({ type: 'varchar', length: 96 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
