import { CloudStackApiError, envelopeKey } from '../cloudstack-api';
import { CloudStackTransportError } from './transport-error';
import { HttpResponse } from './transport';

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
}

function asErrorPayload(value: unknown): CloudStackApiError | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.errorcode !== 'number') return undefined;
  const errortext = typeof v.errortext === 'string' ? v.errortext : `CloudStack error ${v.errorcode}`;
  const cserrorcode = typeof v.cserrorcode === 'number' ? v.cserrorcode : undefined;
  const uuidList = Array.isArray(v.uuidList) ? v.uuidList.map(String) : [];
  return new CloudStackApiError(v.errorcode, errortext, cserrorcode, uuidList);
}

/**
 * CloudStack names the envelope after the command's Java class, and a few classes name it their
 * own way: resetSSHKeyForVirtualMachine answers in `resetSSHKeyforvirtualmachineresponse` (the
 * same name in other letter case), updateVMAffinityGroup in `updatevirtualmachineresponse`.
 */
const ENVELOPE_ALIASES: Record<string, string> = { updatevmaffinitygroupresponse: 'updatevirtualmachineresponse' };

function classNamedEnvelope(command: string, envelope: Record<string, unknown>): unknown {
  const wanted = envelopeKey(command).toLowerCase();
  const names = [wanted, ENVELOPE_ALIASES[wanted]];
  const key = Object.keys(envelope).find((k) => names.includes(k.toLowerCase()));
  return key === undefined ? undefined : envelope[key];
}

function malformed(response: HttpResponse, why: string): CloudStackTransportError {
  const ok = response.status >= 200 && response.status < 300;
  return new CloudStackTransportError(ok ? 'malformed' : 'http', `HTTP ${response.status}: ${why}: ${snippet(response.body)}`, {
    status: response.status,
    // A 503 is the one answer that promises the request was not processed.
    mayHaveReachedServer: response.status !== 503,
  });
}

/**
 * The payload inside `<command>response`, or the CloudStack error it carries (HTTP status =
 * errorcode on a real server, but the envelope is what is trusted). Anything that is not a
 * CloudStack envelope is a transport failure.
 */
export function parseResponse<T>(command: string, response: HttpResponse): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    throw malformed(response, 'not a JSON response');
  }
  if (!parsed || typeof parsed !== 'object') throw malformed(response, 'not a CloudStack envelope');
  const envelope = parsed as Record<string, unknown>;
  const payload = envelope[envelopeKey(command)] ?? envelope.errorresponse ?? classNamedEnvelope(command, envelope);
  const error = asErrorPayload(payload);
  if (error) throw error;
  if (response.status < 200 || response.status >= 300 || !payload || typeof payload !== 'object') {
    throw malformed(response, `no ${envelopeKey(command)} envelope`);
  }
  return payload as T;
}
