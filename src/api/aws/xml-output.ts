import { ServiceModel, shapeOf } from './service-model';

export const XML_NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function scalarText(type: string, value: unknown): string {
  if (type === 'timestamp') return (value instanceof Date ? value : new Date(String(value))).toISOString();
  if (type === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

function write(model: ServiceModel, shapeName: string, value: unknown): string {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure':
      return writeMembers(model, shapeName, value as Record<string, unknown>);
    case 'list':
      return (value as unknown[]).map((item) => `<member>${write(model, shape.member!.shape, item)}</member>`).join('');
    case 'map':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${write(model, shape.value!.shape, v)}</value></entry>`)
        .join('');
    default:
      return escapeXml(scalarText(shape.type, value));
  }
}

/** A structure's members in the model's order; absent (undefined or null) members are left out. */
function writeMembers(model: ServiceModel, shapeName: string, value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, ref] of Object.entries(shapeOf(model, shapeName).members ?? {})) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    const tag = ref.locationName ?? name;
    parts.push(`<${tag}>${write(model, ref.shape, member)}</${tag}>`);
  }
  return parts.join('');
}

/**
 * `<{Op}Response xmlns=…><{Op}Result>…</{Op}Result><ResponseMetadata>…` from the operation's
 * output shape. An operation without an output shape has no Result element, as on AWS.
 */
export function writeQueryResponse(model: ServiceModel, operationName: string, result: Record<string, unknown>, requestId: string): string {
  const operation = model.operations[operationName];
  if (!operation) throw new Error(`service model has no operation ${operationName}`);
  const wrapper = operation.output ? operation.output.resultWrapper ?? `${operationName}Result` : undefined;
  const body = operation.output && wrapper ? `<${wrapper}>${writeMembers(model, operation.output.shape, result)}</${wrapper}>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operationName}Response xmlns="${XML_NAMESPACE}">${body}<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operationName}Response>`;
}

export function writeErrorResponse(type: 'Sender' | 'Receiver', code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
}
