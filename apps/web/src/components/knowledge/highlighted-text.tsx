import { Mark } from "@mantine/core";
import { Fragment } from "react";

/**
 * Renders the server's highlight (matched terms wrapped in <em>…</em>) as text with marks. The
 * string is never injected as HTML: it is split on the two tags and every piece stays text.
 */
export function HighlightedText({ text }: { text: string }) {
  const parts = text.split(/(<em>[\s\S]*?<\/em>)/g);
  return (
    <>
      {parts.map((part, i) => {
        const key = `${i}-${part.length}`;
        if (part.startsWith("<em>") && part.endsWith("</em>")) {
          return <Mark key={key}>{part.slice(4, -5)}</Mark>;
        }
        return <Fragment key={key}>{part}</Fragment>;
      })}
    </>
  );
}
