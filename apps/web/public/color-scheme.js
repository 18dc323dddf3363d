// Applies the saved colour scheme before the app mounts, so a dark-mode user sees no white flash.
// Mantine's ColorSchemeScript does the same inline, which the server's Content-Security-Policy forbids.
(() => {
  try {
    const saved = window.localStorage.getItem("mantine-color-scheme-value");
    const system = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    const scheme = saved === "dark" || saved === "light" ? saved : system;
    document.documentElement.setAttribute("data-mantine-color-scheme", scheme);
  } catch {
    // Storage can be unavailable (private mode, blocked cookies): Mantine applies the scheme on mount.
  }
})();
