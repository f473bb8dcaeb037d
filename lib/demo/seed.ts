import { startProgress } from "../cli/progress";
import { planDemo } from "./plan";
import { renderImages, writePlan, type WriteSummary } from "./write";

export const DEFAULT_DEMO = { tasks: 500, seed: 1 };

// Plans, draws and stores a demo dataset. Images go under imageRoot, rows into url.
export async function seedDemo(
  url: string,
  imageRoot: string,
  options: { tasks: number; seed: number },
): Promise<WriteSummary> {
  const plan = planDemo(options);
  const progress = startProgress("Drawing demo images", plan.images.size, { counted: "images" });
  try {
    await renderImages(plan, imageRoot, progress.update);
  } finally {
    progress.stop();
  }
  return writePlan(url, plan, `demo --tasks ${options.tasks} --seed ${options.seed}`);
}
