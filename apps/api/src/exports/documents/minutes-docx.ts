import { formatIndex, formatPoints } from '@lib/criteria';
import type { Paragraph, Table } from 'docx';
import type { Consolidation } from '../../consolidation/consolidation.engine';
import { docxParts } from './docx-parts';
import { viDate } from './publication-doc';

/** What the minutes need of a council session. */
export interface MinutesDoc {
  campaignName: string;
  sequence: number;
  heldOn: string;
  location: string | null;
  status: string;
  conclusions: string | null;
  members: Array<{ fullName: string; position: string | null; role: string }>;
  adjustments: Array<{
    unitName: string;
    criterionCode: string;
    previousMilli: number | null;
    councilMilli: number;
    reason: string;
    proposedBy: string;
  }>;
  /** Votes that missed the quorum or the threshold: they changed nothing, the minutes say they were taken. */
  refusedVotes: Array<{
    unitName: string | null;
    criterionCode: string | null;
    votesFor: number;
    votesAgainst: number;
    votesAbstain: number;
    votingMembers: number;
    reason: string;
  }>;
  agenda: Consolidation;
}

const ROLE_NAMES: Record<string, string> = {
  chair: 'Chủ tịch Hội đồng',
  vice_chair: 'Phó Chủ tịch Hội đồng',
  member: 'Thành viên',
  secretary: 'Thư ký',
};

/** Biên bản họp Hội đồng thẩm định. */
export async function minutesDocx(m: MinutesDoc): Promise<Buffer> {
  const { docx, docTable, para } = await docxParts();
  const children: Array<Paragraph | Table> = [
    para('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH', { bold: true, center: true }),
    para(`Kết quả xác định Chỉ số cải cách hành chính — ${m.campaignName}`, { center: true }),
    para(`Phiên họp số ${m.sequence}, ngày ${viDate(m.heldOn)}${m.location ? `, tại ${m.location}` : ''}.`),
    para('I. THÀNH PHẦN', { bold: true }),
    docTable(
      ['STT', 'Họ và tên', 'Chức vụ', 'Nhiệm vụ trong Hội đồng'],
      m.members.map((x, i) => [String(i + 1), x.fullName, x.position ?? '', ROLE_NAMES[x.role] ?? x.role]),
    ),
    para('II. NỘI DUNG: xem xét bảng tổng hợp kết quả thẩm định', { bold: true }),
  ];
  for (const t of m.agenda.tables) {
    children.push(para(`Bảng ${t.tableNo}: ${t.groupName}`, { bold: true }));
    children.push(
      docTable(
        ['Xếp hạng', 'Cơ quan, đơn vị', 'Tự chấm', 'Điểm cuối', 'Chỉ số (%)', 'Xếp loại'],
        t.units.map((u) => [
          u.excludedReason !== null ? 'Không xếp hạng' : String(u.rank),
          u.unitName,
          formatPoints(u.selfMilli),
          formatPoints(u.achievedMilli),
          formatIndex(u.indexHundredths),
          u.className ?? '',
        ]),
      ),
    );
  }
  children.push(para('III. ĐIỀU CHỈNH CỦA HỘI ĐỒNG', { bold: true }));
  if (m.adjustments.length === 0) {
    children.push(para('Hội đồng thống nhất với kết quả thẩm định, không điều chỉnh.'));
  } else {
    children.push(
      docTable(
        ['STT', 'Đơn vị', 'Tiêu chí', 'Điểm trước', 'Điểm Hội đồng', 'Lý do', 'Người đề xuất'],
        m.adjustments.map((a, i) => [
          String(i + 1),
          a.unitName,
          a.criterionCode,
          a.previousMilli === null ? '' : formatPoints(a.previousMilli),
          formatPoints(a.councilMilli),
          a.reason,
          a.proposedBy,
        ]),
      ),
    );
  }
  if (m.refusedVotes.length > 0) {
    children.push(para('Biểu quyết không được thông qua (không thay đổi kết quả):', { bold: true }));
    children.push(
      docTable(
        ['STT', 'Nội dung biểu quyết', 'Tán thành', 'Không tán thành', 'Không biểu quyết', 'Lý do không thông qua'],
        m.refusedVotes.map((r, i) => [
          String(i + 1),
          r.criterionCode === null
            ? 'Thông qua kết quả thẩm định'
            : `Điều chỉnh tiêu chí ${r.criterionCode}${r.unitName ? ` của ${r.unitName}` : ''}`,
          String(r.votesFor),
          String(r.votesAgainst),
          String(r.votesAbstain),
          r.reason,
        ]),
      ),
    );
  }
  children.push(para('IV. KẾT LUẬN', { bold: true }));
  children.push(para(m.conclusions ?? (m.status === 'approved' ? 'Hội đồng thông qua kết quả.' : 'Chưa thông qua.')));
  const chair = m.members.find((x) => x.role === 'chair');
  const secretary = m.members.find((x) => x.role === 'secretary');
  children.push(
    para(`THƯ KÝ: ${secretary?.fullName ?? ''}        CHỦ TỊCH HỘI ĐỒNG: ${chair?.fullName ?? ''}`, { bold: true }),
  );
  return docx.Packer.toBuffer(new docx.Document({ creator: 'par-index', sections: [{ children }] }));
}
