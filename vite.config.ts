import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  // Cytoscape with fcose (~580 kB) is a chunk of its own, loaded only on pages with a graph.
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
