// The SentencePiece tokenizer of Universal Sentence Encoder lite, re-implemented so that it gives the
// same ids as `@energetic-ai/embeddings` (a test compares them on SciFact abstracts) at a fraction of
// the cost: the package copies the rest of the input at every position (`symbols.slice(i)`), which
// is quadratic and took ~40 ms per abstract, about a sixth of the whole embedding time.
//
// This file must stay free of runtime imports: the worker loads it by URL under Node's own type
// stripping, which does not resolve extensionless relative imports.

/** `[piece, log-probability]` pairs; the first six ids are reserved (unknown, <s>, </s>, …). */
export type UseVocabulary = ReadonlyArray<readonly [string, number]>;

type TrieNode = {
  children: Map<string, TrieNode>;
  /** Vocabulary id when a piece ends here, else -1. */
  id: number;
  score: number;
  /** Piece length in code points. */
  length: number;
};

const SEPARATOR = "\u2581";
const RESERVED_SYMBOLS = 6;
const UNKNOWN_ID = 0;

const newNode = (length: number): TrieNode => ({ children: new Map(), id: -1, score: 0, length });

export class UseTokenizer {
  readonly #vocabulary: UseVocabulary;
  readonly #root: TrieNode = newNode(0);

  constructor(vocabulary: UseVocabulary) {
    this.#vocabulary = vocabulary;
    for (let id = RESERVED_SYMBOLS; id < vocabulary.length; id++) {
      const entry = vocabulary[id];
      if (entry === undefined) continue;
      let node = this.#root;
      for (const symbol of entry[0]) {
        let child = node.children.get(symbol);
        if (child === undefined) {
          child = newNode(node.length + 1);
          node.children.set(symbol, child);
        }
        node = child;
      }
      node.id = id;
      node.score = entry[1];
    }
  }

  encode(text: string): number[] {
    const normalized = text.normalize("NFKC");
    const input = normalized.length > 0 ? SEPARATOR + normalized.replaceAll(" ", SEPARATOR) : "";
    const symbols = Array.from(input);
    const n = symbols.length;
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);

    // Viterbi, relaxing edges forward from each start in ascending order. The package relaxes
    // backwards per end, visiting starts in ascending order too, so every end sees the same
    // sequence of candidates and the same tie-breaks (`>=`, and "0 means unset").
    const relax = (end: number, id: number, score: number) => {
      if (best[end] === 0 || score >= (best[end] ?? 0)) {
        best[end] = score;
        words[end] = id;
      }
    };
    for (let start = 0; start < n; start++) {
      const base = best[start] ?? 0;
      let node = this.#root.children.get(symbols[start] ?? "");
      let matched = false;
      for (let i = start; node !== undefined && i < n; ) {
        if (node.id >= 0) {
          matched = true;
          relax(start + node.length, node.id, node.score + base);
        }
        i++;
        node = i < n ? node.children.get(symbols[i] ?? "") : undefined;
      }
      // An unknown symbol becomes a one-symbol piece with id 0 and score 0.
      if (!matched) relax(start + 1, UNKNOWN_ID, base);
    }

    const ids: number[] = [];
    // The package steps back by the piece's UTF-16 length (not its code-point count); kept as is so
    // that ids stay identical for astral characters too.
    for (let end = n; end > 0; ) {
      const id = words[end] ?? UNKNOWN_ID;
      ids.push(id);
      end -= this.#vocabulary[id]?.[0].length ?? 1;
    }
    const merged: number[] = [];
    let previousUnknown = false;
    for (const id of ids) {
      if (!(previousUnknown && id === UNKNOWN_ID)) merged.push(id);
      previousUnknown = id === UNKNOWN_ID;
    }
    return merged.reverse();
  }
}
