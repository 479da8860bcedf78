import type { EventHub } from '../../core/src/contract/events.ts';
import type { TrayView } from './tray.ts';

const SPEND_DEBOUNCE_MS = 1_000;
/** Also catches calls made through another process's gateway and the day rolling over. */
const SPEND_POLL_MS = 60_000;

/** Keeps the tray's view current: today's spend after each call (debounced) and once a minute. */
export class TrayPresenter {
  private view: TrayView;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly tray: { render(view: TrayView): void },
    initial: TrayView,
    private readonly readSpend: () => Promise<number>,
    private readonly onError: (e: unknown) => void,
  ) {
    this.view = initial;
  }

  get current(): TrayView {
    return this.view;
  }

  set(change: Partial<TrayView>): void {
    this.view = { ...this.view, ...change };
    this.tray.render(this.view);
  }

  start(events: Pick<EventHub, 'subscribe'>): void {
    this.tray.render(this.view);
    this.refreshNow();
    this.unsubscribe = events.subscribe((e) => {
      if (e.type === 'call.finished') this.refreshSoon();
    });
    this.poll = setInterval(() => this.refreshNow(), SPEND_POLL_MS);
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.debounce);
    clearInterval(this.poll);
  }

  private refreshSoon(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.refreshNow();
    }, SPEND_DEBOUNCE_MS);
  }

  private refreshNow(): void {
    this.readSpend().then((todayMicros) => this.set({ todayMicros }), this.onError);
  }
}
