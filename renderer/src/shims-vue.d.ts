// For tools that read .ts files without Vue support (ESLint's type service); vue-tsc resolves the real .vue files.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
