import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setBackend } from './api/backend.ts';
import { chooseBackend } from './api/choose-backend.ts';
import { useSessionStore } from './stores/use-session-store.ts';
import { useThemeStore } from './stores/use-theme-store.ts';
import './styles.css';

setBackend(chooseBackend());

// The one-time login code from the URL `iron-cage serve` printed: taken once, then dropped from the address
// bar and the history, so it is not bookmarked, shared or sent anywhere again.
const url = new URL(window.location.href);
const code = url.searchParams.get('code') ?? undefined;
if (code !== undefined) {
  url.searchParams.delete('code');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

const app = createApp(App);
app.use(createPinia());
useThemeStore().apply();
void useSessionStore().start(code);
app.mount('#app');
