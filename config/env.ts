import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every environment variable par-index reads, validated once at boot.
 * Nothing outside config/ may read process.env: it asks `loadConfig()` instead.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const urlWithProtocol = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `a URL such as ${example}` },
  );

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (PROXY_NAMES.has(entry)) {
    return true;
  }
  if (family === 0 || rest.length > 0) {
    return false;
  }
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const S3_REQUIRED = ['S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

const envSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { message: 'one of development, production, test' })
      .default('development'),
    PORT: z.coerce
      .number({ message: 'a TCP port number between 1 and 65535' })
      .int({ message: 'a TCP port number between 1 and 65535' })
      .min(1, { message: 'a TCP port number between 1 and 65535' })
      .max(65535, { message: 'a TCP port number between 1 and 65535' })
      .default(3000),
    /**
     * The reverse proxies whose X-Forwarded-For the api believes (Express "trust proxy"): a number of hops, or
     * addresses/subnets (CIDR) and the names loopback, linklocal, uniquelocal, comma-separated. Unset: none, so a
     * client cannot choose the address the per-address login limit counts (it used to trust anyone's header).
     */
    TRUST_PROXY: z
      .string()
      .refine(
        (value) => /^\d{1,2}$/.test(value.trim()) || value.split(',').every((entry) => isProxyEntry(entry.trim())),
        {
          message:
            'a number of proxy hops, or addresses, CIDR subnets or loopback/linklocal/uniquelocal, comma-separated',
        },
      )
      .optional(),
    PUBLIC_URL: urlWithProtocol(['http:', 'https:'], 'https://cchc.example.gov.vn').optional(),
    DATABASE_URL: urlWithProtocol(['mysql:', 'mariadb:'], 'mysql://user:password@127.0.0.1:3306/par_index').default(
      'mysql://root@127.0.0.1:3306/par_index',
    ),
    DATABASE_POOL_SIZE: z.coerce
      .number({ message: 'a whole number of connections (1–200)' })
      .int()
      .min(1)
      .max(200)
      .default(10),
    REDIS_URL: urlWithProtocol(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/i, { message: 'letters, digits, "-" or "_" (at most 32)' })
      .default('par'),
    SMTP_URL: urlWithProtocol(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.gov.vn:587').optional(),
    MAIL_FROM: z.string().min(3).default('"Hệ thống Chỉ số CCHC" <cchc@localhost>'),
    DEV_SMTP_PORT: z.coerce.number({ message: 'a TCP port number' }).int().min(1).max(65535).default(2525),
    /** Where the development SMTP sink stores what it receives (read by the api's dev mailbox). */
    DEV_MAIL_DIR: z.string().min(1, { message: 'a writable directory path' }).default('./var/dev-mail'),
    /** How long a mail sender owns a claimed message; SMTP timeouts are kept well below it. */
    MAIL_SEND_LEASE_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(1000).default(120_000),
    /** Fast retries of one mail (exponential backoff from MAIL_FAST_BACKOFF_MS: 9 × from 1 s ≈ 4 min in all). */
    MAIL_FAST_ATTEMPTS: z.coerce
      .number({ message: 'a whole number of attempts (1–30)' })
      .int()
      .min(1)
      .max(30)
      .default(9),
    MAIL_FAST_BACKOFF_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(10).default(1000),
    /** After the fast retries, a mail SMTP did not take is tried again this often (an outage of hours loses nothing)… */
    MAIL_SLOW_RETRY_EVERY_MS: z.coerce
      .number({ message: 'a number of milliseconds' })
      .int()
      .min(100)
      .default(15 * 60_000),
    /** …until this long after its first failure; then it is `failed` and waits for the secretariat's resend. */
    MAIL_RETRY_FOR_MS: z.coerce
      .number({ message: 'a number of milliseconds' })
      .int()
      .min(100)
      .default(48 * 3600_000),
    /** How often the reminder scheduler looks for a due sending slot (and re-enqueues stuck mail). */
    REMINDER_TICK_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(100).default(60_000),
    UPLOAD_DIR: z.string().min(1, { message: 'a writable directory path' }).default('./var/uploads'),
    UPLOAD_MAX_BYTES: z.coerce
      .number({ message: 'a size in bytes' })
      .int()
      .min(1024, { message: 'a size in bytes of at least 1024' })
      .default(20 * 1024 * 1024),
    /** An upload whose body sends nothing for this long is ended (408): a slow drip cannot hold a connection. */
    UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(100).default(30_000),
    TRUST_ANCHORS_DIR: z.string().optional(),
    /** Intermediate CA certificates (PEM/DER) that help build paths to the anchors; not trusted by themselves. */
    INTERMEDIATES_DIR: z.string().optional(),
    /** `online`: fetch the CRLs signer certificates name; `offline` (closed networks): never, verdicts at best indeterminate. */
    REVOCATION_CHECK: z.enum(['online', 'offline'], { message: 'online or offline' }).default('online'),
    /** Longest wait for one CRL download; keep it well under PDF_CHECK_TIMEOUT_MS. */
    REVOCATION_TIMEOUT_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(100).default(5_000),
    /** Where evidence files live: a folder under UPLOAD_DIR, or an S3-compatible bucket every api replica reaches. */
    EVIDENCE_STORAGE: z.enum(['local', 's3'], { message: 'local or s3' }).default('local'),
    /** The S3-compatible endpoint (MinIO, Ceph, a cloud's object storage); unset: AWS S3 of S3_REGION. */
    S3_ENDPOINT: urlWithProtocol(['http:', 'https:'], 'https://s3.example.gov.vn').optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        message: 'a bucket name (3–63 lower-case letters, digits, ".", "-")',
      })
      .optional(),
    S3_REGION: z.string().min(1).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Bucket in the path (`endpoint/bucket/key`) rather than the host name: what most self-hosted servers need. */
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'], { message: 'true or false' })
      .default('false')
      .transform((v) => v === 'true'),
    /** Time limit of the checks on one uploaded PDF (structure, signatures), counted in its worker thread. */
    PDF_CHECK_TIMEOUT_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(100).default(20_000),
    /** Heap limit of each PDF-checking worker thread, in MiB (the worker itself, with pdf.js, needs about 100). */
    PDF_CHECK_MEMORY_MB: z.coerce
      .number({ message: 'a number of MiB (192–8192)' })
      .int()
      .min(192)
      .max(8192)
      .default(512),
    /** PDF-checking worker threads per api process. */
    PDF_CHECK_THREADS: z.coerce.number({ message: 'a whole number of threads (1–32)' }).int().min(1).max(32).default(2),
    /**
     * Days a finished report job's file (an export, an evidence ZIP) is kept; then the reports process removes it
     * and the job reads "expired" (asking again builds it anew). Exports hold personal data: keep them briefly.
     */
    REPORT_RETENTION_DAYS: z.coerce
      .number({ message: 'a whole number of days (1–365)' })
      .int()
      .min(1)
      .max(365)
      .default(7),
    /**
     * Campaigns of at most this many units are consolidated inside GET …/consolidation (well under a second); a
     * larger one is a report job the screen follows (202), its result stored and served while the data is unchanged.
     */
    CONSOLIDATION_INLINE_MAX_UNITS: z.coerce
      .number({ message: 'a whole number of units (0 = always a job)' })
      .int()
      .min(0)
      .default(300),
    /** How often the reports process looks for files past their retention. */
    REPORT_SWEEP_EVERY_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(1000).default(3_600_000),
    /** TrueType font embedded in PDF exports; default: DejaVu Sans from the npm package dejavu-fonts-ttf. */
    FONT_PATH: z.string().min(1, { message: 'the path of a .ttf file' }).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty'], { message: 'json or pretty' }).optional(),
    APP_TIMEZONE: z
      .string()
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'an IANA time zone such as Asia/Ho_Chi_Minh' },
      )
      .default('Asia/Ho_Chi_Minh'),
    ADMIN_PASSWORD: z.string().min(12, { message: 'a password of at least 12 characters' }).optional(),
    /** When set, start-up makes the first platform administrator (`platform`) if there is none. */
    PLATFORM_ADMIN_PASSWORD: z.string().min(12, { message: 'a password of at least 12 characters' }).optional(),
    // Fractions allowed (0.5 = 30 s) so the browser tests can watch the idle warning and the timeout happen.
    SESSION_IDLE_MINUTES: z.coerce.number({ message: 'a number of minutes (0.25 or more)' }).min(0.25).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number({ message: 'a number of hours' }).int().min(1).default(12),
    /** How long the first-sign-in link of an invitation mail works (the secretariat can send a new one). */
    INVITE_TTL_HOURS: z.coerce.number({ message: 'a number of hours' }).int().min(1).default(72),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(100).default(10_000),
    WORKER_CONCURRENCY: z.coerce.number({ message: 'a whole number of jobs (1–500)' }).int().min(1).max(500).default(8),
    RECONCILE_EVERY_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(1000).default(60_000),
    /**
     * How often each worker checks, on a timer of its own, that its recurring jobs still exist in Redis (a FLUSHALL,
     * a restart without persistence or a failover to an empty replica loses them) and re-creates them.
     */
    SCHEDULE_CHECK_EVERY_MS: z.coerce.number({ message: 'a number of milliseconds' }).int().min(500).default(30_000),
  })
  // Object storage chosen without where or how to reach it stops the process at start, not at the first upload.
  .superRefine((env, ctx) => {
    if (env.EVIDENCE_STORAGE !== 's3') {
      return;
    }
    for (const variable of S3_REQUIRED) {
      if (env[variable] === undefined) {
        ctx.addIssue({ code: 'custom', path: [variable], message: 'set when EVIDENCE_STORAGE is s3' });
      }
    }
  });

export type RawEnv = z.infer<typeof envSchema>;

/** Thrown when the environment is invalid; its message is one sentence meant for a person. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string | undefined,
  ) {
    super(
      `Invalid configuration: ${variable} must be ${expected}` +
        (received === undefined ? ' (it is not set).' : ` (got "${received}").`),
    );
    this.name = 'ConfigError';
  }
}

export function parseEnv(env: Record<string, string | undefined>): RawEnv {
  // Empty strings count as unset so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  const secret = /PASSWORD|SECRET|URL/.test(variable);
  const received = cleaned[variable];
  throw new ConfigError(variable, issue.message, received !== undefined && secret ? '…' : received);
}
