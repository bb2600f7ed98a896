import { statusToken } from '../domain/statusToken';

/** What it takes to make a customer's personal status link. */
export interface StatusLinks {
  secret: string;
  /** PUBLIC_BASE_URL: the address customers use. */
  baseUrl: string;
}

export function statusUrl(links: StatusLinks, reference: string): string {
  return `${links.baseUrl}/status/${statusToken(links.secret, reference)}`;
}
