/**
 * Compile-time parity of the two dialects: the same tables, with the same select and insert
 * row types. `pnpm typecheck` fails when a column is added to one dialect only, or when its type
 * or nullability differs. (Column names and indexes are compared at run time in parity.test.ts.)
 */
import type * as mysql from "./mysql/index";
import type * as pg from "./pg/index";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type Pg = typeof pg;
type My = typeof mysql;
type Select<T> = T extends { $inferSelect: infer R } ? R : never;
type Insert<T> = T extends { $inferInsert: infer R } ? R : never;

type SameTables = Equal<keyof Pg, keyof My>;
type SelectParity = { [K in keyof Pg & keyof My]: Equal<Select<Pg[K]>, Select<My[K]>> };
type InsertParity = { [K in keyof Pg & keyof My]: Equal<Insert<Pg[K]>, Insert<My[K]>> };
type AllTrue<T> = T[keyof T] extends true ? true : false;

export type SchemaParity = [Expect<SameTables>, Expect<AllTrue<SelectParity>>, Expect<AllTrue<InsertParity>>];
