// Vue's full browser build (runtime + template compiler) has the API of the `vue` package.
declare module 'vue/dist/vue.esm-browser.js' {
  export * from 'vue';
}
