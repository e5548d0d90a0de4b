import { listApis } from '../../../api-spec/list-apis';
import { CloudStackApiError, CsErrorCode, ErrorCode, listPayload } from '../../cloudstack-api';
import { CommandDefinition } from '../command';
import { toListApisEntry } from '../list-apis-view';
import type { ManagementServerAsCaller } from '../pass-through/as-caller';
import { ApiSpecRegistry } from '../spec-registry';

const NOT_FOUND_TEXT = 'Api Discovery plugin was unable to find an api by that name or process any apis';

/**
 * Every command the caller may call through this endpoint: the management server's listApis for
 * this caller (its role filtering applied there), then the service's commands it does not have.
 * The three both answer (listApis, listAsyncJobs, queryAsyncJobResult) keep the management
 * server's fuller entries.
 */
async function unionWithManagementServer(own: Record<string, unknown>[], managementServer: ManagementServerAsCaller): Promise<Record<string, unknown>[]> {
  const theirs = ((await managementServer.json({})).api as Record<string, unknown>[] | undefined) ?? [];
  const names = new Set(theirs.map((api) => api.name));
  return [...theirs, ...own.filter((api) => !names.has(api.name))];
}

export function listApisCommand(specs: ApiSpecRegistry): CommandDefinition {
  return {
    spec: listApis,
    async handler({ caller, params, managementServer }) {
      const name = params.values.name as string | undefined;
      if (name === undefined) {
        const own = specs.visibleTo(caller.roleType).map(toListApisEntry);
        return listPayload('api', managementServer ? await unionWithManagementServer(own, managementServer) : own);
      }
      const spec = specs.forRole(name, caller.roleType);
      // One endpoint: any other name is the management server's to describe (or to refuse).
      if (!spec && managementServer) return managementServer.original();
      // The real discovery plugin answers an unknown (or forbidden) name with an internal error.
      if (!spec) throw new CloudStackApiError(ErrorCode.INTERNAL_ERROR, NOT_FOUND_TEXT, CsErrorCode.SERVER_API);
      return listPayload('api', [toListApisEntry(spec)]);
    },
  };
}
