/** One or two letters for an avatar: "Ada Lovelace" → "AL", "李雷" → "李". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((w) => (w ? (Array.from(w)[0] ?? "") : ""))
    .join("")
    .toUpperCase();
}
