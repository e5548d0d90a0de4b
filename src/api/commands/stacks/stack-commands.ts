import * as specs from '../../../../api-spec/stacks';
import { asyncSubmitPayload, listPayload, paginate, singlePayload, successPayload } from '../../../cloudstack-api';
import type { StackResource } from '../../../../entities';
import { StackService } from '../../../engine/stack-service';
import { keyValueEntries, parseOnFailure, parseTimeout } from '../../../engine/stack-input';
import { stackView } from '../../../engine/stack-view';
import { newTemplateFrom, templateFrom } from '../../../engine/template-source';
import type { TemplateUrlAllowList } from '../../../engine/template-url/allow-list';
import type { ResourceRegistry } from '../../../resources/registry';
import { CommandDefinition } from '../../command';
import { ParsedParams } from '../../param-parser';
import { eventView, exportView, importView, resourceTypeView, resourceView, stackListPayload } from './views';

type Entries = Array<Record<string, string>> | undefined;

const str = (params: ParsedParams, name: string) => params.values[name] as string | undefined;

/** The stack commands: each parses what the spec cannot, calls the stack service, shapes the answer. */
export function stackCommands(service: StackService, resourceTypes: ResourceRegistry, templateUrls: TemplateUrlAllowList): CommandDefinition[] {
  return [
    {
      spec: specs.createStack,
      async handler({ caller, params, logger }) {
        const { stack, job } = await service.create(caller, {
          name: str(params, 'name') as string,
          templateBody: await templateFrom(str(params, 'templatebody'), str(params, 'templateurl'), { allow: templateUrls, logger }),
          parameters: keyValueEntries('parameters', params.values.parameters as Entries),
          onFailure: parseOnFailure(str(params, 'onfailure')),
          timeoutInMinutes: parseTimeout(params.values.timeoutinminutes as number | undefined),
          tags: keyValueEntries('tags', params.values.tags as Entries),
          zoneId: str(params, 'zoneid') ?? null,
          terminationProtection: params.values.terminationprotection === true,
        });
        return asyncSubmitPayload(job.id, stack.id);
      },
    },
    {
      spec: specs.listStacks,
      async handler({ caller, params }) {
        const answer = await service.listForView(caller, {
          id: str(params, 'id'),
          name: str(params, 'name'),
          status: str(params, 'status'),
          keyword: str(params, 'keyword'),
          listall: params.values.listall === true,
          paging: params.paging,
        });
        return stackListPayload(answer);
      },
    },
    {
      spec: specs.updateStack,
      async handler({ caller, params, logger }) {
        const body = str(params, 'templatebody');
        const url = str(params, 'templateurl');
        const usePrevious = params.values.useprevioustemplate === true;
        const { stack, job } = await service.update(caller, str(params, 'id') as string, {
          templateBody: await newTemplateFrom(body, url, usePrevious, { allow: templateUrls, logger }),
          usePreviousTemplate: usePrevious,
          parameters: keyValueEntries('parameters', params.values.parameters as Entries),
          disableRollback: params.values.disablerollback === true,
          timeoutInMinutes: parseTimeout(params.values.timeoutinminutes as number | undefined),
          tags: params.values.tags === undefined ? undefined : keyValueEntries('tags', params.values.tags as Entries),
        });
        return asyncSubmitPayload(job.id, stack.id);
      },
    },
    {
      spec: specs.continueUpdateRollback,
      async handler({ caller, params }) {
        const { stack, job } = await service.continueRollback(caller, str(params, 'id') as string, (params.values.resourcestoskip as string[] | undefined) ?? []);
        return asyncSubmitPayload(job.id, stack.id);
      },
    },
    {
      spec: specs.deleteStack,
      async handler({ caller, params }) {
        const { job } = await service.delete(caller, str(params, 'id') as string, (params.values.retainresources as string[] | undefined) ?? []);
        return asyncSubmitPayload(job.id);
      },
    },
    {
      spec: specs.cancelStackOperation,
      async handler({ caller, params }) {
        await service.cancel(caller, str(params, 'id') as string);
        return successPayload('Cancel requested: the stack rolls back what it created');
      },
    },
    {
      spec: specs.updateStackTerminationProtection,
      async handler({ caller, params }) {
        const stack = await service.setTerminationProtection(caller, str(params, 'id') as string, params.values.terminationprotection === true);
        return singlePayload('stack', stackView(stack));
      },
    },
    {
      spec: specs.listStackResources,
      async handler({ caller, params }) {
        const rows = await service.resources(caller, str(params, 'stackid') as string, str(params, 'logicalid'));
        const progressOf = (row: StackResource) => resourceTypes.find(row.type)?.progress?.({ metadata: row.metadata, properties: row.resolvedProperties });
        return listPayload('stackresource', paginate(rows, params.paging).map((row) => resourceView(row, progressOf)), rows.length);
      },
    },
    {
      spec: specs.listStackEvents,
      async handler({ caller, params }) {
        const { events, total } = await service.events(caller, str(params, 'stackid') as string, params.paging);
        return listPayload('stackevent', events.map(eventView), total);
      },
    },
    {
      spec: specs.getStackTemplate,
      async handler({ caller, params }) {
        const stackid = str(params, 'stackid') as string;
        return singlePayload('stacktemplate', { stackid, templatebody: await service.template(caller, stackid) });
      },
    },
    {
      spec: specs.listStackExports,
      async handler({ caller, params }) {
        const exports = await service.exports(caller, str(params, 'name'));
        const keyword = str(params, 'keyword')?.toLowerCase();
        const shown = keyword === undefined ? exports : exports.filter((e) => e.name.toLowerCase().includes(keyword));
        return listPayload('stackexport', paginate(shown, params.paging).map(exportView), shown.length);
      },
    },
    {
      spec: specs.listStackImports,
      async handler({ caller, params }) {
        const imports = await service.imports(caller, str(params, 'exportname') as string);
        return listPayload('stackimport', paginate(imports, params.paging).map(importView), imports.length);
      },
    },
    {
      spec: specs.listStackResourceTypes,
      async handler({ params }) {
        const name = str(params, 'name');
        const keyword = str(params, 'keyword')?.toLowerCase();
        const types = resourceTypes.list().map((t) => t.schema)
          .filter((s) => (name === undefined || s.typeName === name) && (keyword === undefined || s.typeName.toLowerCase().includes(keyword)));
        return listPayload('stackresourcetype', paginate(types, params.paging).map(resourceTypeView), types.length);
      },
    },
  ];
}
