import "server-only";

import { db } from "../db";
import type { ImageRef } from "../images/locate";

export async function getImageRef(id: number): Promise<ImageRef | null> {
  return db.image.findUnique({ where: { id }, select: { uri: true, localPath: true } });
}
