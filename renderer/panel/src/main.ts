import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { useThemeStore } from '../../src/stores/use-theme-store.ts';
import '../../src/styles.css';
import './panel.css';
import App from './App.vue';
import { usePanelSession } from './lib/session.ts';

const app = createApp(App);
app.use(createPinia());
useThemeStore().apply();
void usePanelSession().start();
app.mount('#app');
