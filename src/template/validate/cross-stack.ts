/**
 * Cross-stack references (Outputs.*.Export and Fn::ImportValue) are refused until exports are
 * stored and served: an import could never resolve, so the stack would only roll back at creation.
 */
const REASON = 'cross-stack exports are not available';

export const EXPORT_REFUSED = `Export is not supported yet: ${REASON}`;
export const IMPORT_VALUE_REFUSED = `Fn::ImportValue is not supported yet: ${REASON}`;
