import { listApis } from '../../../api-spec/list-apis';
import { CloudStackApiError, CsErrorCode, ErrorCode, listPayload } from '../../cloudstack-api';
import { CommandDefinition } from '../command';
import { toListApisEntry } from '../list-apis-view';
import { ApiSpecRegistry } from '../spec-registry';

const NOT_FOUND_TEXT = 'Api Discovery plugin was unable to find an api by that name or process any apis';

export function listApisCommand(specs: ApiSpecRegistry): CommandDefinition {
  return {
    spec: listApis,
    async handler({ caller, params }) {
      const name = params.values.name as string | undefined;
      if (name === undefined) return listPayload('api', specs.visibleTo(caller.roleType).map(toListApisEntry));
      const spec = specs.forRole(name, caller.roleType);
      // The real discovery plugin answers an unknown (or forbidden) name with an internal error.
      if (!spec) throw new CloudStackApiError(ErrorCode.INTERNAL_ERROR, NOT_FOUND_TEXT, CsErrorCode.SERVER_API);
      return listPayload('api', [toListApisEntry(spec)]);
    },
  };
}
