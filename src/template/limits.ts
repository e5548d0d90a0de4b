/** CloudFormation's documented quotas, plus the guards that keep hostile input cheap. */
export const TEMPLATE_LIMITS = {
  maxBodyBytes: 51_200,
  maxResources: 500,
  maxParameters: 200,
  maxOutputs: 200,
  maxMappings: 200,
  maxMappingAttributes: 200,
  maxLogicalIdLength: 255,
  maxDescriptionBytes: 1024,
  maxParameterValueBytes: 4096,
  /** Real templates stay far below this; deeper input only exists to blow the stack. */
  maxNestingDepth: 64,
  /** Aliases let a 50 KB YAML body describe billions of nodes; cap the expanded size instead. */
  maxYamlAliasCount: 100,
  maxExpandedNodes: 200_000,
  /** CloudFormation's largest template (1 MiB, in S3): what a template may expand to as JSON. */
  maxExpandedBytes: 1_048_576,
  maxCidrCount: 256,
} as const;
