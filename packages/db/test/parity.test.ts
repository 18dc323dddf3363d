/**
 * Run-time parity of the two schemas. parity.ts already proves at compile time that both dialects give
 * the same TypeScript row types; what it cannot see is everything that lives only in SQL: column names,
 * lengths, defaults, keys, indexes and foreign keys. A difference there means a query or a constraint
 * behaves differently on MySQL than on PostgreSQL, so each difference is reported by table and column.
 */
import { type Column, getTableName, is, SQL, type Table } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import {
  getTableConfig as getMysqlTableConfig,
  index as myIndex,
  int as myInteger,
  mysqlTable,
  varchar as myVarchar,
} from "drizzle-orm/mysql-core";
import {
  getTableConfig as getPgTableConfig,
  integer as pgInteger,
  pgTable,
  uniqueIndex as pgUniqueIndex,
  varchar as pgVarchar,
} from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { mysql, pg } from "../src/schema/index";

type ColumnShape = {
  type: string;
  isNotNull: boolean;
  default: string;
  hasDefaultFn: boolean;
  hasOnUpdateFn: boolean;
};

type IndexShape = { isUnique: boolean; columns: string[] };
type ForeignKeyShape = {
  columns: string[];
  foreignTable: string;
  foreignColumns: string[];
  onDelete: string;
};

type TableShape = {
  name: string;
  columns: Map<string, ColumnShape>;
  primaryKey: string[];
  indexes: Map<string, IndexShape>;
  /** Keyed by the local columns, since the generated constraint names are not part of the contract. */
  foreignKeys: Map<string, ForeignKeyShape>;
};

/** The name the column has in SQL: both drizzle configs use `casing: "snake_case"` for key-named columns. */
const sqlName = (column: object): string => {
  if (is(column, SQL)) return "<expression>";
  const name: unknown = Reflect.get(column, "name");
  if (typeof name !== "string") return "<unnamed>";
  return Reflect.get(column, "keyAsName") === true ? toSnakeCase(name) : name;
};

/**
 * The two dialects spell the same storage differently; these pairs are the ones this schema chooses on
 * purpose (timestamptz ↔ DATETIME in UTC, jsonb ↔ JSON). A new type used on one side only shows up as a
 * difference until it is added here.
 */
const TYPE_ALIASES: Record<string, string> = {
  "timestamp (3) with time zone": "instant(3)",
  "datetime(3)": "instant(3)",
  jsonb: "json",
  "double precision": "double",
  integer: "int",
};

const normaliseType = (sqlType: string) => TYPE_ALIASES[sqlType] ?? sqlType;

const describeDefault = (value: unknown): string => {
  if (value === undefined) return "none";
  if (is(value, SQL)) return "<sql expression>";
  return JSON.stringify(value);
};

function describeColumn(column: Column): ColumnShape {
  return {
    type: normaliseType(column.getSQLType()),
    isNotNull: column.notNull,
    default: describeDefault(column.default),
    hasDefaultFn: column.defaultFn !== undefined,
    hasOnUpdateFn: column.onUpdateFn !== undefined,
  };
}

type AnyTableConfig = {
  name: string;
  columns: Column[];
  primaryKeys: { columns: object[] }[];
  indexes: { config: { name?: string | undefined; unique?: boolean | undefined; columns: object[] } }[];
  uniqueConstraints: { name?: string; columns: object[] }[];
  foreignKeys: {
    reference(): { columns: object[]; foreignTable: Table; foreignColumns: object[] };
    onDelete?: string | undefined;
  }[];
};

function describeTable(config: AnyTableConfig): TableShape {
  const columns = new Map(config.columns.map((c) => [sqlName(c), describeColumn(c)]));
  const primaryKey = [
    ...config.columns.filter((c) => c.primary).map(sqlName),
    ...config.primaryKeys.flatMap((pk) => pk.columns.map(sqlName)),
  ].sort();
  const indexes = new Map<string, IndexShape>();
  for (const { config: index } of config.indexes) {
    indexes.set(index.name ?? "(unnamed index)", {
      isUnique: index.unique === true,
      columns: index.columns.map(sqlName),
    });
  }
  for (const unique of config.uniqueConstraints) {
    indexes.set(unique.name ?? "(unnamed unique)", { isUnique: true, columns: unique.columns.map(sqlName) });
  }
  for (const column of config.columns.filter((c) => c.isUnique)) {
    indexes.set(column.uniqueName ?? `${sqlName(column)} unique`, {
      isUnique: true,
      columns: [sqlName(column)],
    });
  }
  const foreignKeys = new Map<string, ForeignKeyShape>();
  for (const fk of config.foreignKeys) {
    const ref = fk.reference();
    const shape = {
      columns: ref.columns.map(sqlName),
      foreignTable: getTableName(ref.foreignTable),
      foreignColumns: ref.foreignColumns.map(sqlName),
      // PostgreSQL's builder records the default action, MySQL's leaves it undefined: same SQL either way.
      onDelete: fk.onDelete ?? "no action",
    };
    foreignKeys.set(shape.columns.join(","), shape);
  }
  return { name: config.name, columns, primaryKey, indexes, foreignKeys };
}

const show = (value: unknown) => JSON.stringify(value);

/** Every difference between the two shapes of one table, each naming the table and the column or index. */
function diffTables(pgShape: TableShape, myShape: TableShape): string[] {
  const table = pgShape.name;
  const out: string[] = [];
  if (pgShape.name !== myShape.name) out.push(`${table}: SQL table name is "${myShape.name}" on mysql`);
  for (const [name, p] of pgShape.columns) {
    const m = myShape.columns.get(name);
    if (!m) {
      out.push(`${table}.${name}: column missing on mysql`);
      continue;
    }
    if (p.isNotNull !== m.isNotNull) {
      const label = (isNotNull: boolean) => (isNotNull ? "NOT NULL" : "nullable");
      out.push(`${table}.${name}: ${label(p.isNotNull)} on pg, ${label(m.isNotNull)} on mysql`);
    }
    if (p.type !== m.type) out.push(`${table}.${name}: type ${p.type} on pg, ${m.type} on mysql`);
    if (p.default !== m.default)
      out.push(`${table}.${name}: default ${p.default} on pg, ${m.default} on mysql`);
    if (p.hasDefaultFn !== m.hasDefaultFn) out.push(`${table}.${name}: $defaultFn on one dialect only`);
    if (p.hasOnUpdateFn !== m.hasOnUpdateFn) out.push(`${table}.${name}: $onUpdate on one dialect only`);
  }
  for (const name of myShape.columns.keys()) {
    if (!pgShape.columns.has(name)) out.push(`${table}.${name}: column missing on pg`);
  }
  if (show(pgShape.primaryKey) !== show(myShape.primaryKey)) {
    out.push(`${table}: primary key ${show(pgShape.primaryKey)} on pg, ${show(myShape.primaryKey)} on mysql`);
  }
  for (const [name, p] of pgShape.indexes) {
    const m = myShape.indexes.get(name);
    if (!m) out.push(`${table}: index ${name} missing on mysql`);
    else if (show(p) !== show(m))
      out.push(`${table}: index ${name} is ${show(p)} on pg, ${show(m)} on mysql`);
  }
  for (const name of myShape.indexes.keys()) {
    if (!pgShape.indexes.has(name)) out.push(`${table}: index ${name} missing on pg`);
  }
  for (const [columns, p] of pgShape.foreignKeys) {
    const m = myShape.foreignKeys.get(columns);
    if (!m) out.push(`${table}.${columns}: foreign key to ${p.foreignTable} missing on mysql`);
    else if (show(p) !== show(m))
      out.push(`${table}.${columns}: foreign key ${show(p)} on pg, ${show(m)} on mysql`);
  }
  for (const [columns, m] of myShape.foreignKeys) {
    if (!pgShape.foreignKeys.has(columns))
      out.push(`${table}.${columns}: foreign key to ${m.foreignTable} missing on pg`);
  }
  return out;
}

const pgTables = pg as unknown as Record<string, Table>;
const myTables = mysql as unknown as Record<string, Table>;
const shapeOfPg = (table: Table) =>
  describeTable(getPgTableConfig(table as Parameters<typeof getPgTableConfig>[0]));
const shapeOfMy = (table: Table) =>
  describeTable(getMysqlTableConfig(table as Parameters<typeof getMysqlTableConfig>[0]));

describe("schema parity between PostgreSQL and MySQL", () => {
  it("exports the same tables under the same names", () => {
    const sqlNames = (tables: Record<string, Table>) =>
      Object.entries(tables)
        .map(([key, table]) => `${key} → ${getTableName(table)}`)
        .sort();
    expect(sqlNames(myTables)).toEqual(sqlNames(pgTables));
  });

  it.each(Object.keys(pgTables).sort())("%s has the same columns, keys, indexes and foreign keys", (key) => {
    const pgTable = pgTables[key];
    const myTable = myTables[key];
    if (!pgTable || !myTable) throw new Error(`table ${key} is missing on ${pgTable ? "mysql" : "pg"}`);
    expect(diffTables(shapeOfPg(pgTable), shapeOfMy(myTable))).toEqual([]);
  });

  it("reports a drifted table by table and column", () => {
    // Guards the check itself: an empty diff must mean "same", not "could not see anything".
    const parent = pgTable("parent", { id: pgVarchar({ length: 32 }).primaryKey() });
    const myParent = mysqlTable("parent", { id: myVarchar({ length: 32 }).primaryKey() });
    const pgChild = pgTable(
      "child",
      {
        id: pgVarchar({ length: 32 }).primaryKey(),
        parentId: pgVarchar({ length: 32 })
          .notNull()
          .references(() => parent.id, { onDelete: "cascade" }),
        pageCount: pgInteger().notNull().default(0),
      },
      (t) => [pgUniqueIndex("child_parent_uq").on(t.parentId)],
    );
    const myChild = mysqlTable(
      "child",
      {
        id: myVarchar({ length: 32 }).primaryKey(),
        parentId: myVarchar({ length: 64 }).references(() => myParent.id),
        pageCount: myInteger().notNull().default(1),
        extra: myInteger(),
      },
      (t) => [myIndex("child_parent_uq").on(t.parentId)],
    );
    expect(diffTables(shapeOfPg(pgChild), shapeOfMy(myChild))).toEqual([
      "child.parent_id: NOT NULL on pg, nullable on mysql",
      "child.parent_id: type varchar(32) on pg, varchar(64) on mysql",
      "child.page_count: default 0 on pg, 1 on mysql",
      "child.extra: column missing on pg",
      'child: index child_parent_uq is {"isUnique":true,"columns":["parent_id"]} on pg, {"isUnique":false,"columns":["parent_id"]} on mysql',
      'child.parent_id: foreign key {"columns":["parent_id"],"foreignTable":"parent","foreignColumns":["id"],"onDelete":"cascade"} on pg, {"columns":["parent_id"],"foreignTable":"parent","foreignColumns":["id"],"onDelete":"no action"} on mysql',
    ]);
  });
});
