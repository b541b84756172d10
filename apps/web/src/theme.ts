import type { ThemeConfig } from 'antd';

/** A sober public-administration look: deep red accent (as on state documents), dense tables for 1366×768. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0b5cab',
    colorLink: '#1d4ed8',
    borderRadius: 6,
    fontFamily: "'Segoe UI', 'Noto Sans', Roboto, 'Helvetica Neue', Arial, sans-serif",
    // WCAG AA (4.5:1 on white) for the secondary texts Ant Design draws at 45 % black (#8c8c8c, 3.1:1): statistic
    // titles, hints, empty states, rule texts — read all day by officers. Placeholders too (axe-core, issue 17).
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    // Status colours are also text colours (tags, "danger" texts, badges): the defaults (#ff4d4f, #faad14,
    // #52c41a) read at 1.9–3.3:1 on their light backgrounds; these darker tones of the same hues reach 4.5:1.
    // The light backgrounds are given too: Ant Design would derive them from the darker seeds, too dark for the text.
    colorError: '#cf1322',
    colorErrorBg: '#fff1f0',
    colorWarning: '#9a5b00',
    colorWarningBg: '#fffbe6',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    // Each page's title is its one <h1>, drawn at the size of the former level-4 titles.
    fontSizeHeading1: 20,
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#001529' },
    Table: { cellPaddingBlockSM: 6 },
  },
};
