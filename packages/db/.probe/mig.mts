import { createConnection } from "mysql2/promise";
import postgres from "postgres";
import { openDatabase } from "../src/client";

const pgAdmin = postgres("postgres://postgres@127.0.0.1:5432/test", { max: 1 });
await pgAdmin.unsafe("DROP DATABASE IF EXISTS rt_probe WITH (FORCE)");
await pgAdmin.unsafe("CREATE DATABASE rt_probe");
const my = await createConnection({ uri: "mysql://root@127.0.0.1:3306/test" });
await my.query("DROP DATABASE IF EXISTS rt_probe");
await my.query("CREATE DATABASE rt_probe CHARACTER SET utf8mb4");
for (const url of [
  "pglite://memory",
  "postgres://postgres@127.0.0.1:5432/rt_probe",
  "mysql://root@127.0.0.1:3306/rt_probe",
]) {
  const a = await openDatabase({ url });
  const b = await openDatabase({ url: url.startsWith("pglite") ? "pglite://memory" : url });
  const same = url.startsWith("pglite");
  const r = await Promise.allSettled([a.migrate(), (same ? a : b).migrate(), a.migrate()]);
  console.log(
    url,
    r.map((x) =>
      x.status === "fulfilled" ? "ok" : String((x as PromiseRejectedResult).reason).slice(0, 300),
    ),
  );
  await a.close();
  await b.close();
}
await pgAdmin.unsafe("DROP DATABASE IF EXISTS rt_probe WITH (FORCE)");
await pgAdmin.end();
await my.query("DROP DATABASE IF EXISTS rt_probe");
await my.end();
