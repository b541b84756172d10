import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A server-side login session. The browser holds only a random 32-byte token in the `par_session` cookie;
 * the row is keyed by its SHA-256, so a read of this table does not yield usable cookies. Validity is
 * decided against the database clock: not revoked, `expiresAt` (absolute timeout) in the future and
 * `lastSeenAt` within the idle timeout.
 */
@Entity('sessions')
@Index('idx_sessions_user', ['userId'])
@Index('idx_sessions_expires', ['expiresAt'])
export class Session {
  /** Hex SHA-256 of the cookie token. */
  @PrimaryColumn({ type: 'char', length: 64 })
  id: string;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  /** Synchronizer token the client echoes in `X-CSRF-Token` on unsafe requests (base64url, 32 bytes). */
  @Column({ type: 'varchar', length: 64 })
  csrfToken: string;

  @Column({ type: 'datetime', precision: 6, default: () => 'CURRENT_TIMESTAMP(6)' })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 6, default: () => 'CURRENT_TIMESTAMP(6)' })
  lastSeenAt: Date;

  /** Absolute timeout: creation time + SESSION_ABSOLUTE_HOURS. */
  @Column({ type: 'datetime', precision: 6 })
  expiresAt: Date;

  /** Set by logout, deactivation or a password change; a revoked row is never valid again. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;
}
