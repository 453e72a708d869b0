// node:process
import process from "./internal/process.js";

export default process;
export const { env, nextTick, version, versions, platform, arch, argv, cwd, hrtime, uptime, memoryUsage, emitWarning, exit } = process;
