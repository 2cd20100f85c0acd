import { Badge, Button, createTheme, type CSSVariablesResolver } from '@mantine/core';

// Sarabun is bundled (see main.tsx): the official Thai government typeface, readable at small
// sizes and with Latin glyphs, so Thai and English screens look alike.
const FONT = 'Sarabun, "Noto Sans Thai", system-ui, sans-serif';

export const theme = createTheme({
  fontFamily: FONT,
  headings: { fontFamily: FONT, fontWeight: '600' },
  primaryColor: 'blue',
  // Shade 8 keeps white-on-blue buttons and blue links above WCAG AA contrast (4.5:1).
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  // Thai stacks vowels and tone marks above and below the line; give them room.
  lineHeights: { xs: '1.5', sm: '1.55', md: '1.6', lg: '1.6', xl: '1.6' },
  components: {
    // Thai states are phrases ("จัดตั้งเสร็จ ดำเนินงานอยู่"): a badge wraps rather than cuts them off.
    Badge: Badge.extend({
      styles: {
        root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2, maxWidth: '100%' },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', textTransform: 'none', lineHeight: 1.4 },
      },
    }),
    // A long action ("ปิดขั้นที่ 1–2: เตรียมความพร้อม…") wraps inside its button instead of being cut.
    Button: Button.extend({
      styles: {
        root: { height: 'auto', minHeight: 'var(--button-height)', paddingBlock: 4 },
        label: { whiteSpace: 'normal', textAlign: 'center', lineHeight: 1.35 },
        inner: { height: 'auto', minHeight: 'calc(var(--button-height) - 10px)' },
      },
    }),
  },
});

// Mantine's default "dimmed" grey is 3.3:1 on white; gray.7 is 8:1.
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7]! },
  dark: {},
});
