import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The renderer is one static build served by both hosts: Electron's app:// protocol and the browser-mode server.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
})
