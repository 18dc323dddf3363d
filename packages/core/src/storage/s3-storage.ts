import { pipeline, Readable } from "node:stream";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { BlobNotFoundError, type BlobStorage } from "../ports/blob-storage";
import { assertBlobKey } from "./blob-key";
import { Meter } from "./meter";

export type S3StorageOptions = {
  bucket: string;
  /** Folder inside the bucket, without leading or trailing "/". */
  prefix?: string;
  /** For S3-compatible servers (MinIO, R2, Ceph …); AWS when absent. */
  endpoint?: string;
  region?: string;
  /** Both or neither; when neither, the AWS SDK's own credential chain applies (IAM roles). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Defaults to true when an endpoint is given: self-hosted servers rarely have per-bucket DNS. */
  forcePathStyle?: boolean;
};

/** S3's minimum part size; also the most one upload buffers per part. */
const PART_SIZE = 5 * 1024 * 1024;
/** Parts in flight per upload: memory per upload stays around (QUEUE_SIZE + 1) × PART_SIZE. */
const QUEUE_SIZE = 2;
/** S3 refuses more parts than this in one multipart upload. */
const MAX_PARTS = 10_000;
/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1000;

export function createS3Storage(options: S3StorageOptions): BlobStorage {
  const { bucket } = options;
  if (!bucket) throw new Error("S3 storage needs a bucket");
  const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
  const objectKey = (key: string) => (prefix ? `${prefix}/${key}` : key);

  const config: S3ClientConfig = {
    region: options.region ?? "us-east-1",
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    // Since early 2025 the SDK adds CRC checksums to every upload by default, which some
    // S3-compatible servers (older MinIO and Ceph releases among them) refuse. Integrity is covered by
    // our own SHA-256, so only send checksums where the API demands one (DeleteObjects).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.accessKeyId && options.secretAccessKey) {
    config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
  } else if (options.accessKeyId || options.secretAccessKey) {
    throw new Error("S3 storage needs both accessKeyId and secretAccessKey, or neither");
  }
  const client = new S3Client(config);

  return {
    label: `s3://${bucket}${prefix ? `/${prefix}` : ""}${options.endpoint ? ` at ${hostOf(options.endpoint)}` : ""}`,

    async put(key, body, putOptions) {
      assertBlobKey(key);
      const maxBytes = putOptions?.maxBytes;
      const meter = new Meter(maxBytes);
      // Errors of either side are reported through the Upload (it reads from `metered`); the
      // callback only has to exist so that pipeline tears both streams down on failure.
      const metered = pipeline(body, meter, () => {});
      const upload = new Upload({
        client,
        params: {
          Bucket: bucket,
          Key: objectKey(key),
          Body: metered,
          ...(putOptions?.contentType ? { ContentType: putOptions.contentType } : {}),
        },
        queueSize: QUEUE_SIZE,
        // A larger part only when the limit allows bodies that 10 000 minimum parts cannot hold.
        partSize: maxBytes === undefined ? PART_SIZE : Math.max(PART_SIZE, Math.ceil(maxBytes / MAX_PARTS)),
        // A failed upload must not leave billable orphan parts behind.
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        metered.destroy();
        // The body's own failure (the limit, a client that went away) comes first: the Upload may
        // report a later error instead (s3rver, for one, answers the AbortMultipartUpload it sends on
        // failure with 405). Either way the multipart upload was never completed: nothing is under the key.
        throw meter.errored ?? error;
      }
      return meter.result();
    },

    async get(key) {
      assertBlobKey(key);
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        // In Node the SDK's body is an IncomingMessage; anything else would mean a browser build.
        if (!(Body instanceof Readable)) throw new Error("S3 returned a body that is not a Node stream");
        return Body;
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError(key);
        throw error;
      }
    },

    async stat(key) {
      assertBlobKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return { size: head.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async delete(key) {
      assertBlobKey(key);
      // S3 answers 204 whether or not the object existed.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },

    async deletePrefix(keyPrefix) {
      assertBlobKey(keyPrefix);
      const folder = objectKey(keyPrefix);
      let continuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: folder,
            MaxKeys: DELETE_BATCH,
            ...(continuationToken ? { ContinuationToken: continuationToken } : {}),
          }),
        );
        // Folder semantics, as on disk: the object named like the prefix and what lies below it, not
        // a sibling whose name merely starts with the same characters.
        const keys = (page.Contents ?? []).flatMap((item) =>
          item.Key && (item.Key === folder || item.Key.startsWith(`${folder}/`)) ? [item.Key] : [],
        );
        if (keys.length > 0) await deleteKeys(keys);
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    },
  };

  async function deleteKeys(keys: string[]): Promise<void> {
    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    // DeleteObjects succeeds as a whole even when single keys fail; those come back in Errors.
    const failure = result.Errors?.[0];
    if (failure) {
      throw new Error(
        `S3 could not delete ${failure.Key ?? "?"}: ${failure.Code ?? ""} ${failure.Message ?? ""}`,
      );
    }
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound")
  );
}

/** The endpoint without any user:password it might carry, for labels and logs. */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "?";
  }
}
