import * as specs from '../../../../api-spec/stacks';
import { asyncSubmitPayload, listPayload, paginate, successPayload } from '../../../cloudstack-api';
import { ChangeSetService } from '../../../engine/change-sets/change-set-service';
import { changeSetView } from '../../../engine/change-sets/change-set-view';
import { keyValueEntries } from '../../../engine/stack-input';
import { newTemplateFrom } from '../../../engine/template-source';
import type { TemplateUrlAllowList } from '../../../engine/template-url/allow-list';
import { ValidationError } from '../../../errors';
import { CommandDefinition } from '../../command';
import { ParsedParams } from '../../param-parser';

type Entries = Array<Record<string, string>> | undefined;

const str = (params: ParsedParams, name: string) => params.values[name] as string | undefined;

function changeSetType(value: string | undefined): 'CREATE' | 'UPDATE' {
  const type = (value ?? 'UPDATE').toUpperCase();
  if (type !== 'CREATE' && type !== 'UPDATE') throw new ValidationError(`Invalid parameter changesettype value=${value}: expected CREATE or UPDATE`);
  return type;
}

/** The change-set commands: CloudFormation's change sets in CloudStack's conventions. */
export function changeSetCommands(service: ChangeSetService, templateUrls: TemplateUrlAllowList): CommandDefinition[] {
  return [
    {
      spec: specs.createChangeSet,
      async handler({ caller, params, logger }) {
        const body = str(params, 'templatebody');
        const url = str(params, 'templateurl');
        const usePrevious = params.values.useprevioustemplate === true;
        const { changeSet, job } = await service.create(caller, {
          name: str(params, 'name') as string,
          stackName: str(params, 'stackname') as string,
          changeSetType: changeSetType(str(params, 'changesettype')),
          templateBody: await newTemplateFrom(body, url, usePrevious, { allow: templateUrls, logger }),
          usePreviousTemplate: usePrevious,
          parameters: keyValueEntries('parameters', params.values.parameters as Entries),
          tags: params.values.tags === undefined ? undefined : keyValueEntries('tags', params.values.tags as Entries),
          description: str(params, 'description') ?? null,
        });
        return asyncSubmitPayload(job.id, changeSet.id);
      },
    },
    {
      spec: specs.listChangeSets,
      async handler({ caller, params }) {
        const id = str(params, 'id');
        if (id) {
          const { changeSet, stack } = await service.get(caller, id);
          return listPayload('changeset', [changeSetView(changeSet, stack, true)], 1);
        }
        const stackId = str(params, 'stackid');
        if (!stackId) {
          const rows = await service.listVisible(caller, params.values.listall === true);
          return listPayload('changeset', paginate(rows, params.paging).map((r) => changeSetView(r.changeSet, r.stack, false)), rows.length);
        }
        const { changeSets, stack } = await service.list(caller, stackId);
        return listPayload('changeset', paginate(changeSets, params.paging).map((c) => changeSetView(c, stack, false)), changeSets.length);
      },
    },
    {
      spec: specs.executeChangeSet,
      async handler({ caller, params }) {
        const { stack, job } = await service.execute(caller, str(params, 'id') as string, { disableRollback: params.values.disablerollback === true });
        return asyncSubmitPayload(job.id, stack.id);
      },
    },
    {
      spec: specs.deleteChangeSet,
      async handler({ caller, params }) {
        await service.delete(caller, str(params, 'id') as string);
        return successPayload();
      },
    },
  ];
}
