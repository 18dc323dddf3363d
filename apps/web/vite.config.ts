import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API server (apps/server) listens on 9380; in development Vite serves the app and forwards
// everything else to it, so the browser sees one origin and the session cookie just works.
const API = "http://localhost:9380";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/trpc": API,
      "/api": API,
      "/apidocs": API,
      "/healthz": API,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            {
              name: "mantine",
              test: /node_modules[\\/](@mantine|@floating-ui|react-transition-group|@tabler)[\\/]/,
            },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
