import { statusToken } from '../domain/statusToken';

/** What it takes to make a customer's personal status link. */
export interface StatusLinks {
  secret: string;
  /** PUBLIC_BASE_URL: the address customers use. */
  baseUrl: string;
}

export function statusUrl(links: StatusLinks, reference: string, version = 0): string {
  return `${links.baseUrl}/status/${statusToken(links.secret, reference, version)}`;
}

/**
 * What the outbox keeps instead of the status link: the email is rendered with this address and
 * the send puts the link in its place (activities/email.ts), so that no table holds a link with
 * which staff could act as the customer.
 */
export const STATUS_LINK_PLACEHOLDER = 'https://klachtflow.invalid/statuslink';

/** The stored text or HTML of an email with the customer's link in place of the placeholder. */
export function withStatusLink(body: string, url: string, html: boolean): string {
  const link = html ? url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;') : url;
  return body.split(STATUS_LINK_PLACEHOLDER).join(link);
}

/** The workflow that emails a case's reissued status link (one per version: a retry finds it). */
export function statusLinkWorkflowId(reference: string, version: number): string {
  return `${reference}-statuslink-${version}`;
}
