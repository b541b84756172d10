import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where an authority sits: a province (tỉnh, thành phố trực thuộc trung ương), a district-level one (huyện, thị xã,
 * thành phố thuộc tỉnh — before the 2025 reform), a commune, or a ministry (bộ, cơ quan ngang bộ — ministries rank
 * their own departments and agencies the same way). `platform` is the one row the platform administrators belong
 * to; it is no tenant and never listed.
 */
export const AUTHORITY_LEVELS = ['province', 'district', 'commune', 'ministry'] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number] | 'platform';

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

  @Column({ type: 'varchar', length: 16, default: 'province' })
  level: AuthorityLevel;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
