import { loadExcelJs } from '@lib/common';
import { DateTime } from 'luxon';
import { header } from '../exports/documents/xlsx-parts';
import type { BehindItem, BehindView } from './behind.service';

/** "Ai đang chậm?" as .xlsx: one sheet for units (their sheets), one for appraisal tasks; Vietnamese headers. */
export async function behindXlsx(view: BehindView): Promise<Buffer> {
  const when = (iso: string | null) =>
    iso ? DateTime.fromISO(iso, { zone: view.timezone }).toFormat('dd/MM/yyyy HH:mm') : '';
  const daysLeft = (i: BehindItem) => Math.floor(i.secondsLeft / 86_400);
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'par-index';

  const units = wb.addWorksheet('Đơn vị');
  units.addRow([
    `Đơn vị chưa hoàn thành — ${view.campaignName} — giai đoạn ${view.phaseName ?? 'không có'} — lập lúc ${when(view.now)}`,
  ]).font = { bold: true };
  header(units, ['Tình trạng', 'Nhóm đơn vị', 'Cơ quan, đơn vị', 'Hạn nộp', 'Được gia hạn', 'Còn lại (ngày)']);
  for (const i of view.sheets) {
    units.addRow([i.kindName, i.groupName, i.unitName, when(i.dueAt), i.extended ? 'Có' : '', daysLeft(i)]);
  }

  const tasks = wb.addWorksheet('Nhiệm vụ thẩm định');
  tasks.addRow([`Nhiệm vụ thẩm định chưa xong — ${view.campaignName} — lập lúc ${when(view.now)}`]).font = {
    bold: true,
  };
  header(tasks, [
    'Tình trạng',
    'Cơ quan thẩm định',
    'Cơ quan, đơn vị được đánh giá',
    'Lĩnh vực',
    'Hạn thẩm định',
    'Còn lại (ngày)',
  ]);
  for (const i of view.tasks) {
    tasks.addRow([
      i.kindName,
      i.organisationName ?? '',
      i.unitName,
      i.contentAreaName ?? '',
      when(i.dueAt),
      daysLeft(i),
    ]);
  }
  for (const ws of [units, tasks]) {
    ws.getColumn(1).width = 22;
    ws.getColumn(2).width = 34;
    ws.getColumn(3).width = 42;
    ws.getColumn(4).width = 30;
    ws.getColumn(5).width = 18;
    ws.getColumn(6).width = 14;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
