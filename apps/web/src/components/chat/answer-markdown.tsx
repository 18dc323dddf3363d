import { Anchor, Box } from "@mantine/core";
import type { RouterOutputs } from "@ragtime/server/router";
import type { ComponentProps } from "react";
import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";
import classes from "./chat.module.css";
import { CitationBadge } from "./citation-badge";

export type Reference = NonNullable<RouterOutputs["conversations"]["get"]["messages"][number]["reference"]>;

const CITATION_HREF = "#cite-";

/**
 * `[ID:n]` markers become links to `#cite-n`, which the renderer below turns into badges: the
 * markers stay out of code spans and blocks that way, since Markdown leaves those alone. While the
 * answer streams, a marker cut in half at the end is held back rather than shown raw.
 */
export function linkCitations(text: string, isStreaming: boolean): string {
  const complete = text.replace(/\[ID:(\d+)\]/g, (_whole, n: string) => `[${n}](${CITATION_HREF}${n})`);
  return isStreaming ? complete.replace(/\[(I(D(:\d*)?)?)?$/, "") : complete;
}

/** An answer rendered as Markdown (GFM tables, lists, code), its citations as clickable badges. */
export function AnswerMarkdown({
  content,
  reference,
  isStreaming = false,
}: {
  content: string;
  reference: Reference | undefined;
  isStreaming?: boolean;
}) {
  const components: ComponentProps<typeof Markdown>["components"] = {
    a: ({ href, children }) => {
      if (href?.startsWith(CITATION_HREF)) {
        const index = Number(href.slice(CITATION_HREF.length));
        const chunk = reference?.chunks.find((c) => c.index === index);
        return <CitationBadge index={index} chunk={chunk} />;
      }
      return (
        <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </Anchor>
      );
    },
    // Images from a model's answer could track the reader: shown as their link text only.
    img: ({ alt }) => <>{alt}</>,
  };
  return (
    <Box className={classes.markdown} data-testid="answer">
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {linkCitations(content, isStreaming)}
      </Markdown>
    </Box>
  );
}
