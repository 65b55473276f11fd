// Every page reads the browser's language, localStorage and a live connection, so pages render
// in the browser only; the server (server/) still guards board pages by token first.
export const ssr = false;
export const prerender = false;
