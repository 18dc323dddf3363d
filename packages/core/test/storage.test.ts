import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobNotFoundError, type BlobStorage, BlobTooLargeError } from "../src/ports/blob-storage";
import { createBlobStorage, createLocalStorage, InvalidBlobKeyError } from "../src/storage";

const MiB = 1024 * 1024;
/** Size of the chunks `generated` hands out. */
const CHUNK = 256 * 1024;

/** A fresh, empty store per test, plus ways to see what it did to its backend. */
type Harness = {
  storage: BlobStorage;
  /** How often the backend was touched since the harness was made (files created / HTTP requests). */
  touches(): Promise<number>;
  /** Everything stored in this harness's area, temp files and incomplete objects included. */
  leftovers(): Promise<string[]>;
};

type Backend = {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  make(): Promise<Harness>;
};

/**
 * s3rver runs in a child process: its memory stays out of this process's RSS (the bounded-memory
 * test measures the adapter alone), and it gets `--openssl-legacy-provider`, without which s3rver 3.7
 * answers 500 to any ListObjectsV2 page that is truncated (it encrypts continuation tokens with DES,
 * which OpenSSL 3 only offers through the legacy provider). It counts the HTTP requests it receives.
 */
const S3RVER_CHILD = `
const S3rver = require("s3rver");
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.env.S3RVER_DIRECTORY });
let requests = 0;
server.run().then((address) => {
  server.httpServer.on("request", () => { requests += 1; });
  process.send({ port: address.port });
}, (error) => { console.error(error); process.exit(1); });
process.on("message", () => process.send({ requests }));
process.on("disconnect", () => server.close().then(() => process.exit(0)));
`;

const id = () => randomBytes(16).toString("hex");

function localBackend(): Backend {
  let base = "";
  return {
    name: "local",
    async setup() {
      base = await mkdtemp(join(tmpdir(), "ragtime-storage-"));
    },
    async teardown() {
      await rm(base, { recursive: true, force: true });
    },
    async make() {
      // Not created: the adapter must create it on first write, and must not for refused keys.
      const root = join(base, id());
      return {
        storage: createBlobStorage(root, "/unused"),
        touches: async () => (existsSync(root) ? (await listFiles(root)).length + 1 : 0),
        leftovers: async () => (existsSync(root) ? listFiles(root) : []),
      };
    },
  };
}

function s3Backend(): Backend {
  let directory = "";
  let child: ChildProcess | undefined;
  let endpoint = "";
  const bucket = "ragtime-test";
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const s3Options = () => ({ endpoint, region: "us-east-1", forcePathStyle: true, ...credentials });
  const client = () =>
    new S3Client({
      ...s3Options(),
      credentials,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  /** The next message from s3rver, or a failure if it exits first (instead of a hook timeout). */
  const nextMessage = async (): Promise<unknown> => {
    const running = child ?? fail();
    const [message] = await Promise.race([
      once(running, "message"),
      once(running, "exit").then(([code]) => fail(`s3rver exited with code ${String(code)}`)),
    ]);
    return message;
  };
  const requestCount = async () => {
    const answer = nextMessage();
    child?.send("count");
    return ((await answer) as { requests: number }).requests;
  };
  return {
    name: "s3 (s3rver)",
    async setup() {
      directory = await mkdtemp(join(tmpdir(), "ragtime-s3rver-"));
      child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", S3RVER_CHILD], {
        // -e resolves require() from the working directory: this package, where s3rver is installed.
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { ...process.env, S3RVER_DIRECTORY: directory },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const ready = (await nextMessage()) as { port: number };
      endpoint = `http://127.0.0.1:${ready.port}`;
      await client().send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async teardown() {
      if (child?.connected) {
        const exited = once(child, "exit");
        child.disconnect();
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
    async make() {
      // One prefix per test isolates tests inside the one bucket, and exercises the prefix handling.
      const prefix = `t-${id()}`;
      const storage = createBlobStorage(`s3://${bucket}/${prefix}`, "/unused", { s3: s3Options() });
      const startedAt = await requestCount();
      return {
        storage,
        touches: async () => (await requestCount()) - startedAt,
        leftovers: async () => {
          const page = await client().send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }),
          );
          return (page.Contents ?? []).flatMap((item) => (item.Key ? [item.Key] : []));
        },
      };
    },
  };
}

function fail(message = "s3rver is not running"): never {
  throw new Error(message);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * `bytes` of pseudo-random data produced on demand (never held whole), and its SHA-256 once the
 * stream has been read to the end. `onChunk` runs before each chunk is handed out.
 */
function generated(bytes: number, onChunk: () => void = () => {}) {
  const pattern = randomBytes(MiB + 64);
  const hash = createHash("sha256");
  let produced = 0;
  let index = 0;
  async function* chunks() {
    while (produced < bytes) {
      onChunk();
      const length = Math.min(CHUNK, bytes - produced);
      const offset = index % 64;
      index += 1;
      // A copy per chunk: consumers may hold on to chunks, so none may be reused.
      const chunk = Buffer.from(pattern.subarray(offset, offset + length));
      hash.update(chunk);
      produced += length;
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), sha256: () => hash.digest("hex") };
}

async function digest(stream: Readable, onChunk: () => void = () => {}) {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    onChunk();
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    hash.update(buffer);
    size += buffer.length;
  }
  return { size, sha256: hash.digest("hex") };
}

const sha256Of = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe.each([localBackend(), s3Backend()])("blob storage contract: $name", (backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it("stores a multi-megabyte stream and returns the same bytes, size and SHA-256", async () => {
    const { storage } = await backend.make();
    const key = `${id()}/${id()}/${id()}`;
    // 12 MiB: three S3 parts, so the multipart path is the one under test.
    const body = generated(12 * MiB + 123);
    const put = await storage.put(key, body.stream, { contentType: "application/pdf" });
    const expected = body.sha256();
    expect(put).toEqual({ size: 12 * MiB + 123, sha256: expected });
    expect(await storage.stat(key)).toEqual({ size: 12 * MiB + 123 });
    expect(await digest(await storage.get(key))).toEqual({ size: 12 * MiB + 123, sha256: expected });
  });

  it("stores small and empty bodies", async () => {
    const { storage } = await backend.make();
    const small = `${id()}/${id()}`;
    const empty = `${id()}/${id()}`;
    const text = Buffer.from("hello, blob");
    expect(await storage.put(small, Readable.from([text]))).toEqual({
      size: text.length,
      sha256: sha256Of(text),
    });
    expect(await storage.put(empty, Readable.from([]))).toEqual({
      size: 0,
      sha256: sha256Of(Buffer.alloc(0)),
    });
    expect(await digest(await storage.get(small))).toEqual({ size: text.length, sha256: sha256Of(text) });
    expect(await digest(await storage.get(empty))).toEqual({ size: 0, sha256: sha256Of(Buffer.alloc(0)) });
    expect(await storage.stat(empty)).toEqual({ size: 0 });
  });

  it("replaces the object when a key is written again", async () => {
    const { storage } = await backend.make();
    const key = `${id()}/${id()}`;
    await storage.put(key, Readable.from([Buffer.from("first version, longer")]));
    await storage.put(key, Readable.from([Buffer.from("second")]));
    expect(await digest(await storage.get(key))).toEqual({
      size: 6,
      sha256: sha256Of(Buffer.from("second")),
    });
  });

  it("accepts a body of exactly maxBytes", async () => {
    const { storage } = await backend.make();
    const key = `${id()}/${id()}`;
    const body = generated(5000);
    expect(await storage.put(key, body.stream, { maxBytes: 5000 })).toEqual({
      size: 5000,
      sha256: body.sha256(),
    });
  });

  it.each([
    { label: "a small body", bytes: 5000, maxBytes: 4999 },
    // Crosses the limit after S3 has already received whole parts of a multipart upload.
    { label: "a body past two S3 parts", bytes: 64 * MiB, maxBytes: 11 * MiB },
  ])("refuses $label over maxBytes and leaves nothing behind", async ({ bytes, maxBytes }) => {
    const { storage, leftovers } = await backend.make();
    const key = `${id()}/${id()}`;
    let produced = 0;
    const body = generated(bytes, () => {
      produced += 1;
    });
    const error = await storage.put(key, body.stream, { maxBytes }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BlobTooLargeError);
    expect(error).toMatchObject({ maxBytes });
    expect(await storage.stat(key)).toBeUndefined();
    await expect(storage.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await leftovers()).toEqual([]);
    // Reading stopped near the limit instead of draining the whole body first.
    // (Slack: S3 holds up to three 5 MiB parts in flight, plus stream buffers.)
    expect(produced * CHUNK).toBeLessThan(maxBytes + 12 * MiB);
  });

  it("rejects a body that fails mid-stream and leaves nothing behind", async () => {
    const { storage, leftovers } = await backend.make();
    const key = `${id()}/${id()}`;
    async function* brokenUpload() {
      yield randomBytes(3 * MiB);
      yield randomBytes(3 * MiB);
      throw new Error("client went away");
    }
    await expect(storage.put(key, Readable.from(brokenUpload(), { objectMode: false }))).rejects.toThrow(
      "client went away",
    );
    expect(await storage.stat(key)).toBeUndefined();
    expect(await leftovers()).toEqual([]);
  });

  it("reports a missing key as BlobNotFoundError on get and undefined on stat", async () => {
    const { storage } = await backend.make();
    const key = `${id()}/${id()}`;
    const error = await storage.get(key).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BlobNotFoundError);
    expect(error).toMatchObject({ key });
    expect(await storage.stat(key)).toBeUndefined();
    // Deleting what is not there is not an error either.
    await storage.delete(key);
    await storage.deletePrefix(id());
  });

  it("refuses keys that are not ids before touching the backend", async () => {
    const { storage, touches } = await backend.make();
    const a = id();
    const invalid = [
      "../etc/passwd",
      "a/../../b",
      "",
      `${a}/../${a}`,
      `/${a}`,
      `${a}/`,
      `${a}//${a}`,
      a.toUpperCase(),
      `${a}\n`,
      `${a}\\..\\${a}`,
      `${a}.partial`,
    ];
    for (const key of invalid) {
      let wasRead = false;
      const body = new Readable({
        read() {
          wasRead = true;
          this.push(null);
        },
      });
      await expect(storage.put(key, body)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      expect(wasRead).toBe(false);
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(storage.stat(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(storage.deletePrefix(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    expect(await touches()).toBe(0);
  });

  it("deletes one object, and with deletePrefix only what lies under that prefix", async () => {
    const { storage } = await backend.make();
    const tenant = id();
    const kbA = `${tenant}/${id()}`;
    const kbB = `${tenant}/${id()}`;
    const otherTenant = `${id()}/${id()}`;
    const keys = {
      a1: `${kbA}/${id()}`,
      a2: `${kbA}/${id()}`,
      b1: `${kbB}/${id()}`,
      b2: `${kbB}/${id()}`,
      other: `${otherTenant}/${id()}`,
    };
    for (const key of Object.values(keys)) await storage.put(key, Readable.from([Buffer.from(key)]));

    await storage.delete(keys.b2);
    expect(await storage.stat(keys.b2)).toBeUndefined();
    expect(await storage.stat(keys.b1)).toEqual({ size: keys.b1.length });

    await storage.deletePrefix(kbA);
    expect(await storage.stat(keys.a1)).toBeUndefined();
    expect(await storage.stat(keys.a2)).toBeUndefined();
    expect(await storage.stat(keys.b1)).toEqual({ size: keys.b1.length });
    expect(await storage.stat(keys.other)).toEqual({ size: keys.other.length });
    // The folder can be written again after being removed.
    await storage.put(keys.a1, Readable.from([Buffer.from("again")]));
    expect(await storage.stat(keys.a1)).toEqual({ size: 5 });
  });

  it("deletePrefix removes more objects than one listing page holds", async () => {
    const { storage } = await backend.make();
    const kb = `${id()}/${id()}`;
    const keep = `${id()}/${id()}`;
    // S3 lists and deletes in pages of 1000; 1005 objects need a second page.
    const keys = Array.from({ length: 1005 }, () => `${kb}/${id()}`);
    for (let start = 0; start < keys.length; start += 50) {
      await Promise.all(
        keys.slice(start, start + 50).map((key) => storage.put(key, Readable.from([Buffer.from("x")]))),
      );
    }
    await storage.put(keep, Readable.from([Buffer.from("keep")]));
    await storage.deletePrefix(kb);
    const remaining = await Promise.all(
      [keys[0], keys[999], keys[1004]].map((key) => storage.stat(key ?? "")),
    );
    expect(remaining).toEqual([undefined, undefined, undefined]);
    expect(await storage.stat(keep)).toEqual({ size: 4 });
  });

  it("keeps concurrent puts to different keys apart", async () => {
    const { storage } = await backend.make();
    const kb = `${id()}/${id()}`;
    const sizes = [0, 1, 300 * 1024, MiB, 3 * MiB + 17, 6 * MiB + 5];
    const bodies = sizes.map((size) => ({ key: `${kb}/${id()}`, body: generated(size) }));
    const results = await Promise.all(bodies.map(({ key, body }) => storage.put(key, body.stream)));
    for (const [index, { key, body }] of bodies.entries()) {
      const expected = { size: sizes[index], sha256: body.sha256() };
      expect(results[index]).toEqual(expected);
      expect(await digest(await storage.get(key))).toEqual(expected);
    }
  });

  it("streams a large body through put and get in bounded memory", async () => {
    const { storage } = await backend.make();
    const key = `${id()}/${id()}`;
    const bytes = 200 * MiB;
    // A first, smaller pass lets V8 size its heap for this allocation rate; without it the growth
    // measured in a fresh worker is mostly the heap reaching its working size, and varies run to run.
    await storage.put(key, generated(32 * MiB).stream);
    await digest(await storage.get(key));
    const before = process.memoryUsage.rss();
    let peak = before;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    const body = generated(bytes, sample);
    const put = await storage.put(key, body.stream, { maxBytes: bytes });
    expect(put.size).toBe(bytes);
    const read = await digest(await storage.get(key), sample);
    expect(read).toEqual(put);
    // Buffering the body anywhere would add all of `bytes` (200 MiB). Streaming holds a few MiB live,
    // but V8 frees Buffers lazily (external memory triggers a GC only after tens of MiB), so RSS
    // growth measured here ranged 5–76 MiB; the budget sits above that noise and far below `bytes`.
    expect(peak - before).toBeLessThan(96 * MiB);
    await storage.delete(key);
  });
});

describe("createBlobStorage", () => {
  it("defaults to <dataDir>/files on disk", () => {
    expect(createBlobStorage(undefined, "/srv/ragtime/data").label).toBe("local:/srv/ragtime/data/files");
    expect(createBlobStorage("  ", "/srv/ragtime/data").label).toBe("local:/srv/ragtime/data/files");
  });

  it("takes a path or a file:// URL as a local directory", () => {
    expect(createBlobStorage("/mnt/blobs", "/data").label).toBe("local:/mnt/blobs");
    expect(createBlobStorage(pathToFileURL("/mnt/my blobs").href, "/data").label).toBe("local:/mnt/my blobs");
    expect(createLocalStorage("relative/dir").label).toBe(`local:${join(process.cwd(), "relative/dir")}`);
  });

  it("takes s3://bucket/prefix with connection settings from options, never secrets in the label", () => {
    const storage = createBlobStorage("s3://my-bucket/ragtime/files/", "/data", {
      s3: { endpoint: "http://minio:9000", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "very-secret" },
    });
    expect(storage.label).toBe("s3://my-bucket/ragtime/files at minio:9000");
    expect(createBlobStorage("s3://my-bucket", "/data").label).toBe("s3://my-bucket");
  });

  it("refuses credentials in the URL and unknown schemes", () => {
    expect(() => createBlobStorage("s3://key:secret@my-bucket", "/data")).toThrow(/credentials/);
    expect(() => createBlobStorage("gs://bucket", "/data")).toThrow(/scheme not supported: gs/);
    expect(() =>
      createBlobStorage("s3://my-bucket", "/data", { s3: { accessKeyId: "only-half-of-a-pair" } }),
    ).toThrow(/both accessKeyId and secretAccessKey/);
  });
});
