import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  // System fonts, with CJK faces named so Chinese renders in a proper Hei/Sans face everywhere.
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif",
  headings: { fontWeight: "650" },
  // Users who ask their system for less motion get no transitions.
  respectReducedMotion: true,
});
