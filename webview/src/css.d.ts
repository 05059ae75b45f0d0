// Style sheets imported for esbuild, which emits them as dist/webview.css.
declare module '*.css';
