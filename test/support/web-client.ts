import { CookieJar } from 'tough-cookie';

export interface WebResponse {
  status: number;
  headers: Headers;
  /** Where a redirect points, absolute. */
  location?: string;
  /** Every Set-Cookie header of this response, as sent. */
  setCookies: string[];
  text: string;
  url: string;
}

/**
 * A browser without JavaScript, for page tests over HTTP: keeps cookies per site (the app and the
 * sign-in provider alike), posts forms urlencoded (or multipart, with files), and follows redirects only when asked, so each
 * step of a flow can be looked at.
 */
export class WebClient {
  readonly jar = new CookieJar();

  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    target: string,
    form?: Record<string, string> | FormData,
    headers: Record<string, string> = {},
  ): Promise<WebResponse> {
    const url = new URL(target, this.baseUrl).href;
    const cookie = await this.jar.getCookieString(url);
    const multipart = form instanceof FormData;
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        // A FormData body is multipart/form-data; fetch writes its content type with the boundary.
        ...(form && !multipart ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? (multipart ? form : new URLSearchParams(form).toString()) : undefined,
    });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) await this.jar.setCookie(header, url, { ignoreError: true });
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      location: location ? new URL(location, url).href : undefined,
      setCookies,
      text: await response.text(),
      url,
    };
  }

  get(target: string, headers?: Record<string, string>) {
    return this.request('GET', target, undefined, headers);
  }

  post(target: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request('POST', target, form, headers);
  }

  /** Posts a form with files (enctype multipart/form-data), as a browser does. */
  postMultipart(target: string, form: FormData, headers?: Record<string, string>) {
    return this.request('POST', target, form, headers);
  }

  /** Follows redirects (GET) from a response until a page answers. */
  async follow(response: WebResponse, limit = 10): Promise<WebResponse> {
    let current = response;
    for (let hops = 0; current.location && current.status >= 300 && current.status < 400; hops++) {
      if (hops >= limit) throw new Error(`More than ${limit} redirects from ${response.url}`);
      current = await this.get(current.location);
    }
    return current;
  }

  async cookie(name: string, url = this.baseUrl): Promise<string | undefined> {
    return (await this.jar.getCookies(url)).find((c) => c.key === name)?.value;
  }

  async setCookie(name: string, value: string, url = this.baseUrl): Promise<void> {
    await this.jar.setCookie(`${name}=${value}; Path=/`, url);
  }
}

/** The value of a hidden or text input in a page. */
export function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return input
    ? /value="([^"]*)"/
        .exec(input)?.[1]
        ?.replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
    : undefined;
}

/** The page's main heading, text only. */
export function heading(html: string): string | undefined {
  return /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
}
