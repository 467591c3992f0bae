// Vite's `?inline` imports: a stylesheet as a string (uPlot's CSS inside a shadow root).
declare module '*.css?inline' {
  const css: string;
  export default css;
}
