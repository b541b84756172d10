import type { ThemeConfig } from 'antd';

/** A sober public-administration look: deep red accent (as on state documents), dense tables for 1366×768. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0b5cab',
    colorLink: '#1d4ed8',
    borderRadius: 6,
    fontFamily: "'Segoe UI', 'Noto Sans', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#001529' },
    Table: { cellPaddingBlockSM: 6 },
  },
};
