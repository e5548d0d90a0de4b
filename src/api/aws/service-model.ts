// The operation model is botocore's service-2.json for CloudFormation (2010-05-15), documentation
// stripped: a data file, so the wire names, nesting and member order come from AWS's own
// description rather than from hand-written templates.
import modelJson from './model/cloudformation-2010-05-15.json';

export interface ShapeRef {
  shape: string;
  locationName?: string;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'boolean' | 'integer' | 'long' | 'double' | 'timestamp' | 'blob';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  /** Length for strings and lists, value for numbers. */
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

export interface Operation {
  name: string;
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
}

export interface ServiceModel {
  metadata: { apiVersion: string; xmlNamespace: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

export const CLOUDFORMATION_MODEL = modelJson as unknown as ServiceModel;

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`service model has no shape ${name}`);
  return shape;
}
