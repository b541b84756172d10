import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: written in the same transaction as the state change, relayed to BullMQ afterwards
 * with `jobId = businessKey`, so a crash between commit and enqueue loses nothing and duplicates nothing.
 */
@Entity('outbox')
@Index('uq_outbox_business_key', ['businessKey'], { unique: true })
@Index('ix_outbox_pending', ['relayedAt', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'varchar', length: 191 })
  businessKey: string;

  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  relayedAt: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
