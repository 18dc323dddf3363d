#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (Ragtime runs its sources directly; see the README).
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
