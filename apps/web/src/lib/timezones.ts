export type TimezoneOption = { value: string; label: string };

function offsetOf(timeZone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(
      at,
    );
    return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    return "";
  }
}

/**
 * Every IANA zone the browser knows (plus UTC, which Chromium leaves out, and the user's current
 * one in case this browser lacks it), labelled with today's offset: "Europe/Paris (GMT+1)".
 */
export function timezoneOptions(current: string, at = new Date()): TimezoneOption[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  if (current) zones.add(current);
  return [...zones]
    .sort((a, b) => a.localeCompare(b))
    .map((zone) => {
      const offset = offsetOf(zone, at);
      const name = zone.replaceAll("_", " ");
      return { value: zone, label: offset ? `${name} (${offset})` : name };
    });
}

export function browserTimezone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
