import crypto from "node:crypto";

// A task is unique on (source image, long instruction). The database keeps the sha256
// of the instruction rather than indexing text that can run to thousands of characters.
export const instructionHash = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
