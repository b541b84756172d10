import { isAbsolute, resolve } from 'node:path';
import { parseEnv, type RawEnv } from './env';

/** Typed, grouped configuration; every default lives in env.ts. */
export interface AppConfig {
  env: RawEnv['NODE_ENV'];
  /** `trustProxy`: Express's "trust proxy" — false (none), a hop count, or addresses/subnets/names. */
  http: { port: number; publicUrl: string; trustProxy: false | number | string[] };
  database: {
    url: string;
    host: string;
    port: number;
    user: string;
    password: string;
    name: string;
    poolSize: number;
  };
  redis: { url: string; prefix: string };
  mail: {
    smtpUrl: string | undefined;
    from: string;
    devSinkPort: number;
    devMailDir: string;
    sendLeaseMs: number;
    reminderTickMs: number;
    /** Fast retries (a BullMQ job's attempts with exponential backoff), then slow ones, then `failed`. */
    fastAttempts: number;
    fastBackoffMs: number;
    slowRetryEveryMs: number;
    retryForMs: number;
  };
  /** `dir` holds the quarantine of untrusted uploads (always local: the PDF checks read a file) and, for `local`, the evidence. */
  uploads: {
    dir: string;
    maxBytes: number;
    idleTimeoutMs: number;
    trustAnchorsDir: string | undefined;
    /** Intermediate CA certificates for path building (issue 18); the CMS and the PDF's DSS are used too. */
    intermediatesDir: string | undefined;
    storage: EvidenceStorageConfig;
  };
  /** The worker threads that check untrusted PDFs. */
  pdf: {
    checkTimeoutMs: number;
    memoryLimitMb: number;
    threads: number;
    /** Revocation of signer certificates: offline never fetches (verdicts at best indeterminate). */
    revocation: { offline: boolean; timeoutMs: number };
  };
  /** Generated documents; `fontPath` undefined means the DejaVu Sans of the npm package. */
  exports: { fontPath: string | undefined };
  /** Report jobs: finished files are removed `retentionDays` after they were done, checked every `sweepEveryMs`. */
  reports: {
    retentionDays: number;
    sweepEveryMs: number;
    /** GET …/consolidation computes in the request up to this many units; above, a report job (202). */
    consolidationInlineMaxUnits: number;
  };
  log: { level: RawEnv['LOG_LEVEL']; format: 'json' | 'pretty' };
  timezone: string;
  auth: {
    adminPassword: string | undefined;
    platformAdminPassword: string | undefined;
    idleSeconds: number;
    absoluteHours: number;
    /** Lifetime of an invitation's first-sign-in link (INVITE_TTL_HOURS). */
    inviteTtlHours: number;
  };
  worker: { concurrency: number; shutdownTimeoutMs: number; reconcileEveryMs: number; scheduleCheckEveryMs: number };
}

export type EvidenceStorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      /** undefined: AWS S3 itself. */
      endpoint: string | undefined;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
    };

export function buildConfig(raw: RawEnv): AppConfig {
  const db = new URL(raw.DATABASE_URL);
  const name = decodeURIComponent(db.pathname.replace(/^\//, '')) || 'par_index';
  return {
    env: raw.NODE_ENV,
    http: {
      port: raw.PORT,
      publicUrl: raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`,
      trustProxy: trustProxyOf(raw.TRUST_PROXY),
    },
    database: {
      url: raw.DATABASE_URL,
      host: db.hostname,
      port: db.port ? Number(db.port) : 3306,
      user: decodeURIComponent(db.username) || 'root',
      password: decodeURIComponent(db.password),
      name,
      poolSize: raw.DATABASE_POOL_SIZE,
    },
    redis: { url: raw.REDIS_URL, prefix: raw.QUEUE_PREFIX },
    mail: {
      smtpUrl: raw.SMTP_URL,
      from: raw.MAIL_FROM,
      devSinkPort: raw.DEV_SMTP_PORT,
      devMailDir: isAbsolute(raw.DEV_MAIL_DIR) ? raw.DEV_MAIL_DIR : resolve(process.cwd(), raw.DEV_MAIL_DIR),
      sendLeaseMs: raw.MAIL_SEND_LEASE_MS,
      reminderTickMs: raw.REMINDER_TICK_MS,
      fastAttempts: raw.MAIL_FAST_ATTEMPTS,
      fastBackoffMs: raw.MAIL_FAST_BACKOFF_MS,
      slowRetryEveryMs: raw.MAIL_SLOW_RETRY_EVERY_MS,
      retryForMs: raw.MAIL_RETRY_FOR_MS,
    },
    uploads: {
      dir: isAbsolute(raw.UPLOAD_DIR) ? raw.UPLOAD_DIR : resolve(process.cwd(), raw.UPLOAD_DIR),
      maxBytes: raw.UPLOAD_MAX_BYTES,
      idleTimeoutMs: raw.UPLOAD_IDLE_TIMEOUT_MS,
      trustAnchorsDir: raw.TRUST_ANCHORS_DIR,
      intermediatesDir: raw.INTERMEDIATES_DIR,
      storage: storageOf(raw),
    },
    pdf: {
      checkTimeoutMs: raw.PDF_CHECK_TIMEOUT_MS,
      memoryLimitMb: raw.PDF_CHECK_MEMORY_MB,
      threads: raw.PDF_CHECK_THREADS,
      revocation: { offline: raw.REVOCATION_CHECK === 'offline', timeoutMs: raw.REVOCATION_TIMEOUT_MS },
    },
    exports: {
      fontPath: raw.FONT_PATH && (isAbsolute(raw.FONT_PATH) ? raw.FONT_PATH : resolve(process.cwd(), raw.FONT_PATH)),
    },
    reports: {
      retentionDays: raw.REPORT_RETENTION_DAYS,
      sweepEveryMs: raw.REPORT_SWEEP_EVERY_MS,
      consolidationInlineMaxUnits: raw.CONSOLIDATION_INLINE_MAX_UNITS,
    },
    log: { level: raw.LOG_LEVEL, format: raw.LOG_FORMAT ?? (raw.NODE_ENV === 'production' ? 'json' : 'pretty') },
    timezone: raw.APP_TIMEZONE,
    auth: {
      adminPassword: raw.ADMIN_PASSWORD,
      platformAdminPassword: raw.PLATFORM_ADMIN_PASSWORD,
      idleSeconds: Math.round(raw.SESSION_IDLE_MINUTES * 60),
      absoluteHours: raw.SESSION_ABSOLUTE_HOURS,
      inviteTtlHours: raw.INVITE_TTL_HOURS,
    },
    worker: {
      concurrency: raw.WORKER_CONCURRENCY,
      shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
      reconcileEveryMs: raw.RECONCILE_EVERY_MS,
      scheduleCheckEveryMs: raw.SCHEDULE_CHECK_EVERY_MS,
    },
  };
}

function storageOf(raw: RawEnv): EvidenceStorageConfig {
  if (raw.EVIDENCE_STORAGE === 'local') {
    return { kind: 'local' };
  }
  // parseEnv has refused s3 without these.
  return {
    kind: 's3',
    endpoint: raw.S3_ENDPOINT,
    bucket: raw.S3_BUCKET!,
    region: raw.S3_REGION!,
    accessKeyId: raw.S3_ACCESS_KEY_ID!,
    secretAccessKey: raw.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: raw.S3_FORCE_PATH_STYLE,
  };
}

function trustProxyOf(value: string | undefined): false | number | string[] {
  if (value === undefined || value.trim() === '' || value.trim() === '0') {
    return false;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  return value.split(',').map((entry) => entry.trim());
}

let cached: AppConfig | undefined;

/**
 * The process configuration, validated on first call and cached.
 * Throws ConfigError (one sentence naming the variable) when the environment is invalid.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  if (env !== process.env) {
    return buildConfig(parseEnv(env));
  }
  cached ??= buildConfig(parseEnv(env));
  return cached;
}

/** For tests that change the environment between cases. */
export function clearConfigCache(): void {
  cached = undefined;
}

/** The process environment, for code that must hand it to a child process (e.g. the dev launcher). */
export function processEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
