import { WEB_ROUTES, matchWebRoute } from '@lib/web-routes';
import { renderDigest } from './digest-template';
import { DEFAULT_REMINDER_POLICY, slotAt } from './policy';
import { describe as describeItem, type PlannedReminder, type SubjectType } from './reminder-planner';

const PUBLIC_URL = 'https://cchc.example.gov.vn';
const SUBJECTS: SubjectType[] = ['scoreSheet', 'appraisalTask', 'clarification'];

/** Every address a rendered digest carries: in the text, the HTML links and the calendar entries. */
function linksOf(digest: ReturnType<typeof renderDigest>): string[] {
  const unfolded = digest.ics.replace(/\r\n /g, '');
  return [
    ...digest.text.matchAll(/https?:\/\/\S+/g),
    ...digest.html.matchAll(/href="([^"]+)"/g),
    ...unfolded.matchAll(/^URL:(.+)$/gm),
    ...unfolded.matchAll(/(https?:\/\/[^\s\\]+)/g),
  ].map((m) => (m[1] ?? m[0]).replace(/&amp;/g, '&'));
}

describe('links in reminder mails', () => {
  it('should open a screen of the web app for every link of every mail template', () => {
    const slot = slotAt(DEFAULT_REMINDER_POLICY, 'Asia/Ho_Chi_Minh', new Date('2024-03-10T01:00:00Z'));
    const items: PlannedReminder[] = SUBJECTS.flatMap((subjectType, i) =>
      (['before-86400', 'overdue', 'escalation'] as const).map((kind) => ({
        userId: 1,
        email: 'can.bo@example.gov.vn',
        fullName: 'Nguyễn Văn An',
        kind,
        deadlineKey: `${subjectType}-${i}-1710522000`,
        subjectType,
        subjectId: 40 + i,
        dueAt: new Date('2024-03-15T17:00:00Z'),
        reason: 'đơn vị của anh/chị chưa nộp',
        ...describeItem(
          { subject_type: subjectType, unit_name: 'Phòng Tư pháp', area: 'cai-cach-the-che', link_id: 12 + i },
          { publicUrl: PUBLIC_URL, campaignId: 3 },
        ),
      })),
    );
    const digest = renderDigest({ fullName: 'Nguyễn Văn An' }, items, slot, 'Chỉ số CCHC 2023', 'Asia/Ho_Chi_Minh');
    const links = linksOf(digest);
    // Each subject's link appears in the text, the HTML and the calendar.
    expect(links.length).toBeGreaterThanOrEqual(SUBJECTS.length * 3);
    const opened = new Set<string>();
    for (const link of links) {
      expect(link.startsWith(`${PUBLIC_URL}/`)).toBe(true);
      const route = matchWebRoute(link.slice(PUBLIC_URL.length));
      expect({ link, route: route?.name ?? 'not found', unknownQuery: route?.unknownQuery ?? [] }).toEqual({
        link,
        route: expect.stringMatching(/^(sheet|task|clarifications)$/),
        unknownQuery: [],
      });
      opened.add(route!.name);
    }
    expect([...opened].sort()).toEqual(['clarifications', 'sheet', 'task']);
  });

  it('should carry the campaign or the task, so the screen opens on the right thing', () => {
    expect(
      describeItem(
        { subject_type: 'scoreSheet', unit_name: 'x', area: null, link_id: 7 },
        { publicUrl: PUBLIC_URL, campaignId: 3 },
      ).link,
    ).toBe(`${PUBLIC_URL}${WEB_ROUTES.sheet.path}?campaign=3`);
    expect(
      matchWebRoute(
        describeItem(
          { subject_type: 'appraisalTask', unit_name: 'x', area: 'a', link_id: 9 },
          { publicUrl: PUBLIC_URL, campaignId: 3 },
        ).link.slice(PUBLIC_URL.length),
      ),
    ).toMatchObject({
      name: 'task',
      params: { id: '9' },
    });
    expect(matchWebRoute('/sheets/12')).toBeNull();
  });
});
