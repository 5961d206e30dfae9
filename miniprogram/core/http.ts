/** The HTTP client's public face: its types, its factory, and calls on the app-wide instance. */
import type { RequestOptions, UploadOptions } from './create-http';
import { services } from './services';

export { createHttp } from './create-http';
export type { Http, HttpDeps, RequestOptions, TokenSource, UploadOptions } from './create-http';

export function request<T>(options: RequestOptions): Promise<T> {
  return services().http.request<T>(options);
}

export function upload<T>(options: UploadOptions): Promise<T> {
  return services().http.upload<T>(options);
}
