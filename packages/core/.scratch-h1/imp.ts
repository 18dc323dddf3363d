const mib = (b: number) => `${Math.round(b / 1048576)} MiB`;
const m0 = process.memoryUsage(); console.log("bare", mib(m0.rss), mib(m0.heapUsed));
for (const mod of (process.env.MODS ?? "").split(",").filter(Boolean)) {
  await import(mod);
  const m = process.memoryUsage(); console.log(mod, mib(m.rss), "heap", mib(m.heapUsed), "ext", mib(m.external));
}
