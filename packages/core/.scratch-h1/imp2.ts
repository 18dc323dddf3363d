const mib = (b: number) => `${Math.round(b / 1048576)} MiB`;
const m0 = process.memoryUsage(); console.log("bare", mib(m0.rss));
const t = performance.now();
await import("@ragtime/db");
const m = process.memoryUsage(); console.log("db", mib(m.rss), "heap", mib(m.heapUsed), "total heap", mib(m.heapTotal), "ext", mib(m.external), (performance.now()-t).toFixed(0), "ms");
global.gc?.(); const m2 = process.memoryUsage(); console.log("after gc", mib(m2.rss), mib(m2.heapTotal));
