import { ApiError } from './api';

/**
 * Data a component loads from the API: reruns when what `fetcher` reads changes, drops
 * answers that arrive after a newer request, and keeps loading and error apart for the view.
 * Create it while a component initialises.
 */
export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<ApiError | null>(null);
  loading = $state(false);
  #attempt = $state(0);

  constructor(fetcher: () => Promise<T> | null) {
    $effect(() => {
      void this.#attempt;
      const pending = fetcher();
      if (!pending) {
        this.data = null;
        this.error = null;
        this.loading = false;
        return;
      }
      let current = true;
      this.loading = true;
      this.error = null;
      pending
        .then((d) => {
          if (!current) return;
          this.data = d;
          this.loading = false;
        })
        .catch((e: unknown) => {
          if (!current) return;
          this.error = e instanceof ApiError ? e : ApiError.of({ status: 0, code: 'client', message: String(e) });
          this.data = null;
          this.loading = false;
        });
      return () => {
        current = false;
      };
    });
  }

  retry = (): void => {
    this.#attempt++;
  };
}
