import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The assessing authority (Cơ quan chủ trì đánh giá, a UBND at any level): the tenant. */
@Entity('authorities')
export class Authority {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** IANA zone used to show and interpret local dates (deadlines, sending hours). */
  @Column({ type: 'varchar', length: 64, default: 'Asia/Ho_Chi_Minh' })
  timezone: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
