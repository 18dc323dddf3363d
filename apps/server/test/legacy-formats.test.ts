import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testBackends } from "../src/testing";

// Responses are inspected field by field; typing each REST answer would only restate the schemas.
// biome-ignore lint/suspicious/noExplicitAny: test-only view of JSON bodies
type Json = any;

/**
 * A legacy Office file as far as anyone can tell without a reader: the OLE2 compound-file
 * signature, and the stream's UTF-16LE name in a directory sector placed past the first 64 KiB
 * (big files keep their directory near the end; upload must still find it).
 */
function oleFile(stream: string, size = 96 * 1024): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const directory = size - 1024;
  [..."Root Entry"].forEach((ch, i) => {
    bytes[directory + i * 2] = ch.charCodeAt(0);
  });
  [...stream].forEach((ch, i) => {
    bytes[directory + 128 + i * 2] = ch.charCodeAt(0);
  });
  return bytes;
}

describe.each(testBackends())(
  "legacy Office uploads (.doc/.xls/.ppt) are refused with advice ($dialect)",
  (backend) => {
    let server: TestServer;
    let url: string;
    const users = new Map<string, { auth: Record<string, string>; kbId: string }>();

    const upload = async (language: string, files: { name: string; bytes: Uint8Array | string }[]) => {
      const user = users.get(language);
      if (!user) throw new Error(language);
      const form = new FormData();
      for (const f of files) form.append("file", new Blob([f.bytes]), f.name);
      const res = await fetch(`${url}/api/v1/knowledge-bases/${user.kbId}/documents`, {
        method: "POST",
        headers: user.auth,
        body: form,
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const documentNames = async (language: string) => {
      const user = users.get(language);
      const res = await fetch(`${url}/api/v1/knowledge-bases/${user?.kbId}/documents`, {
        headers: user?.auth,
      });
      return ((await res.json()) as Json).items.map((d: Json) => d.name) as string[];
    };

    beforeAll(async () => {
      server = await startTestServer(await backend.open());
      url = await server.listen();
      for (const language of ["en", "fr", "zh"]) {
        const reg = await fetch(`${url}/api/v1/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email: `legacy-${language}@example.com`,
            password: "legacy-password",
            language,
          }),
        });
        const auth = { authorization: `Bearer ${((await reg.json()) as Json).token}` };
        const kb = await fetch(`${url}/api/v1/knowledge-bases`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({ name: "Archive" }),
        });
        users.set(language, { auth, kbId: ((await kb.json()) as Json).id });
      }
    });
    afterAll(async () => {
      await server?.close();
    });

    it.each([
      [
        "minutes.doc",
        "WordDocument",
        /“minutes\.doc” is in Word 97–2003 \(\.doc\) format.*Save it as \.docx/,
      ],
      ["budget.xls", "Workbook", /“budget\.xls” is in Excel 97–2003 \(\.xls\) format.*Save it as \.xlsx/],
      [
        "deck.ppt",
        "PowerPoint Document",
        /“deck\.ppt” is in PowerPoint 97–2003 \(\.ppt\) format.*Save it as \.pptx/,
      ],
    ])("%s gets a 415 naming its format and the format to save it as", async (name, stream, message) => {
      const res = await upload("en", [
        { name: "fine.txt", bytes: "uploaded in the same request" },
        { name, bytes: oleFile(stream) },
      ]);
      expect(res.status).toBe(415);
      expect(res.body.message).toMatch(message);
      // All or nothing: the good file of the same upload is not kept either.
      expect(await documentNames("en")).toEqual([]);
    });

    it("says it in the caller's language", async () => {
      const fr = await upload("fr", [{ name: "procès-verbal.doc", bytes: oleFile("WordDocument") }]);
      expect(fr.status).toBe(415);
      expect(fr.body.message).toMatch(/« procès-verbal\.doc » est au format Word 97–2003 \(\.doc\)/);
      expect(fr.body.message).toContain("Enregistrez-le au format .docx");
      const zh = await upload("zh", [{ name: "预算.xls", bytes: oleFile("Workbook") }]);
      expect(zh.status).toBe(415);
      expect(zh.body.message).toContain("“预算.xls”是 Excel 97–2003 (.xls) 格式");
      expect(zh.body.message).toContain("另存为 .xlsx");
    });

    it("recognises a legacy file by its content whatever its name, and a .doc by its name whatever its content", async () => {
      const renamed = await upload("en", [{ name: "notes.txt", bytes: oleFile("WordDocument") }]);
      expect(renamed.status).toBe(415);
      expect(renamed.body.message).toMatch(/“notes\.txt” is in Word 97–2003 \(\.doc\) format.*\.docx/);
      // Word's "Web page" and RTF saves often keep a .doc name.
      const html = await upload("en", [
        { name: "letter.doc", bytes: "<html><body>Dear customer</body></html>" },
      ]);
      expect(html.status).toBe(415);
      expect(html.body.message).toMatch(/letter\.doc.*Save it as \.docx/);
      expect(await documentNames("en")).toEqual([]);
    });
  },
);
