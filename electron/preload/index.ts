import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, createBridge } from './bridge.ts';

// Runs in the sandboxed preload world, isolated from the page; exposes exactly `invoke` and `on`.
contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
