// Binds the free `process` references of bundled packages to node:process's object (esbuild `inject`).
export { default as process } from "./process.js";
