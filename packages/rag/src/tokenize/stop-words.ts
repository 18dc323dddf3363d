// Lists kept short on purpose: BM25's IDF already discounts frequent words, so stop words only
// need to drop the function words that would otherwise bloat every posting list. Stored folded
// (no accents), because the tokenizer folds before it looks words up.

const EN =
  "a about above after again against all am an and any are as at be because been before being below between both " +
  "but by can could did do does doing down during each few for from further had has have having he her here hers " +
  "herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on " +
  "once only or other our ours ourselves out over own same she should so some such than that the their theirs them " +
  "themselves then there these they this those through to too under until up very was we were what when where which " +
  "while who whom why will with would you your yours yourself yourselves";

const FR =
  "a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me " +
  "meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos " +
  "votre vous c d j l m n s t y ete etee etees etes etant suis es est sommes sont serai sera serons seront serais " +
  "serait etais etait etions etiez etaient fus fut ai as avons avez ont aurai aura aurons auront avais avait avions " +
  "aviez avaient eu ceci cela celui celle ceux celles ici la lors donc or ni car si sans sous entre vers chez tres " +
  "aussi plus moins tout tous toute toutes";

const LISTS: Record<string, ReadonlySet<string>> = {
  en: new Set(EN.split(" ")),
  fr: new Set(FR.split(" ")),
};

/**
 * The stop words for a language, always including English: English terms turn up in documents of
 * every language, and a French query for "the" should not rank on it either.
 */
export function stopWordsFor(language: string): ReadonlySet<string> {
  const own = LISTS[language];
  const en = LISTS.en ?? new Set<string>();
  if (!own || own === en) return en;
  return new Set([...en, ...own]);
}
