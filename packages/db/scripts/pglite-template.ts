// Run by `pnpm install` (root postinstall): a ready-made embedded database for first starts.
import { writePgliteTemplate } from "../src/client";

const started = performance.now();
const file = await writePgliteTemplate();
process.stdout.write(`PGlite template written to ${file} in ${Math.round(performance.now() - started)} ms\n`);
