import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A content area (nội dung thẩm định) of a campaign: the routing key from criteria to appraisers. */
@Entity('content_areas')
@Index('uq_content_areas', ['campaignId', 'code'], { unique: true })
export class ContentArea {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;
}

/** The routing table: which organisations appraise a content area (several share one task). */
@Entity('content_area_appraisers')
@Index('uq_content_area_appraisers', ['campaignId', 'contentArea', 'organisationId'], { unique: true })
export class ContentAreaAppraiser {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  campaignId: number;

  @Column({ type: 'varchar', length: 64 })
  contentArea: string;

  @Column({ type: 'int', unsigned: true })
  organisationId: number;
}
