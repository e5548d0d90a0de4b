import { TEMPLATE_LIMITS } from '../../limits';
import type { TemplateValue } from '../../template-value';
import type { Evaluator } from '../evaluator';
import { MISSING } from '../sentinels';
import { asInteger, asString } from './as-types';
import type { FunctionImplementation } from './function-implementation';

/** Fn::Cidr [block, count, cidrBits]: `count` consecutive subnets with `cidrBits` host bits each. */
export const cidr: FunctionImplementation = (args, path, evaluator) => {
  const values = (args as TemplateValue[]).map((item, index) => evaluator.argument(item, `${path}[${index}]`));
  if (values.includes(MISSING)) return MISSING;
  const block = parseBlock(asString(values[0] as TemplateValue, path, evaluator, 'Fn::Cidr block'), path, evaluator);
  const count = asInteger(values[1] as TemplateValue, path, evaluator, 'Fn::Cidr count');
  const hostBits = asInteger(values[2] as TemplateValue, path, evaluator, 'Fn::Cidr cidrBits');
  if (count < 1 || count > TEMPLATE_LIMITS.maxCidrCount) return evaluator.fail(path, `count must be between 1 and ${TEMPLATE_LIMITS.maxCidrCount}, got ${count}`);
  const prefix = block.width - hostBits;
  if (hostBits < 1 || prefix < block.prefix) return evaluator.fail(path, `cidrBits ${hostBits} does not fit in a /${block.prefix} block`);
  if (BigInt(count) > 1n << BigInt(prefix - block.prefix)) return evaluator.fail(path, `a /${block.prefix} block holds fewer than ${count} subnets of /${prefix}`);
  const size = 1n << BigInt(hostBits);
  return Array.from({ length: count }, (_, index) => `${block.format(block.base + BigInt(index) * size)}/${prefix}`);
};

interface Block {
  base: bigint;
  prefix: number;
  width: number;
  format: (address: bigint) => string;
}

function parseBlock(text: string, path: string, evaluator: Evaluator): Block {
  const [address, prefixText, extra] = text.split('/');
  const prefix = Number(prefixText);
  const parsed = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  const width = address.includes(':') ? 128 : 32;
  if (parsed === undefined || extra !== undefined || !/^\d+$/.test(prefixText ?? '') || prefix > width) {
    return evaluator.fail(path, `'${text}' is not a CIDR block`);
  }
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  return { base: parsed & ~hostMask, prefix, width, format: width === 32 ? formatIpv4 : formatIpv6 };
}

function parseIpv4(address: string): bigint | undefined {
  const octets = address.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) return undefined;
  return octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

function parseIpv6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function formatIpv4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join('.');
}

function formatIpv6(address: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((address >> shift) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
