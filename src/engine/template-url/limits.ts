import { TEMPLATE_LIMITS } from '../../template';

export interface TemplateUrlLimits {
  maxBytes: number;
  /** For the whole fetch: DNS, every redirect and the body. */
  timeoutMs: number;
  maxRedirects: number;
}

/** What fetching a templateurl may cost: CloudFormation's body limit, a deadline, a few redirects. */
export const TEMPLATE_URL_LIMITS: Readonly<TemplateUrlLimits> = {
  maxBytes: TEMPLATE_LIMITS.maxBodyBytes,
  timeoutMs: 10_000,
  maxRedirects: 5,
};
