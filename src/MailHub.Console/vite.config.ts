import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The console is built into the host's web root (MailHub.Host.csproj runs this build) and served at /.
// `npm run dev` serves it on :5173 and forwards /api, /openapi and /health to a host on :5080.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@mailhub/client": here("../MailHub.Client/index.ts") },
    // The generated client lives outside this package: its import of openapi-fetch resolves to ours.
    dedupe: ["openapi-fetch"],
  },
  build: {
    outDir: here("../MailHub.Host/wwwroot"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:5080", ws: true },
      "/openapi": "http://127.0.0.1:5080",
      "/health": "http://127.0.0.1:5080",
    },
  },
});
