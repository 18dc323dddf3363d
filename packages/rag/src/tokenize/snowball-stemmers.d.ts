// snowball-stemmers ships no types; this covers the two functions it exports.
declare module "snowball-stemmers" {
  type Stemmer = { stem(word: string): string };
  const snowball: {
    newStemmer(language: string): Stemmer;
    algorithms(): string[];
  };
  export = snowball;
}
