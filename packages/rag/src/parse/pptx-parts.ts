/** The parts of a PPTX the parser reads; the zip guard keeps these while it checks the archive. */
export const isPptxPart = (name: string): boolean =>
  /^(ppt\/slides\/slide\d+\.xml|ppt\/presentation\.xml|ppt\/_rels\/presentation\.xml\.rels|docProps\/core\.xml)$/.test(
    name,
  );
