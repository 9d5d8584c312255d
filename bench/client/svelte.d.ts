// The root tsconfig checks bench/ without Svelte's own ambient types: a .svelte import is a component.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<any, any, any>;
  export default component;
}
