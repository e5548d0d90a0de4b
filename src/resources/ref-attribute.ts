/**
 * The attribute under which a resource keeps a Ref value that differs from its physical id
 * (a wait-condition handle's URL). Never shown as an attribute, never addressable by GetAtt.
 */
export const REF_ATTRIBUTE = '__ref';
