/** A minimal HTTP client for the bench: Node's own fetch (undici, keep-alive connections). */
import { expectStatus } from './load';

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async get<T>(path: string, expected = 200): Promise<T> {
    const response = await fetch(this.baseUrl + path, { headers: { authorization: `Bearer ${this.token}` } });
    return expectStatus<T>(response, expected, `GET ${path}`);
  }

  async post<T>(path: string, body: unknown, expected = 200): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return expectStatus<T>(response, expected, `POST ${path}`);
  }
}
