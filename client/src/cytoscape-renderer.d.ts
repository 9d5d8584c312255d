import 'cytoscape';

declare module 'cytoscape' {
  interface Core {
    /**
     * Cytoscape's canvas renderer, which its published types leave out: GraphView sets its speed
     * settings for large graphs (fields it reads on every frame). Undefined without a renderer (headless).
     */
    renderer():
      | Partial<{ hideEdgesOnViewport: boolean; textureOnViewport: boolean; forcedPixelRatio: number | null }>
      | undefined;
  }
}
