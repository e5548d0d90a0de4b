import { ApiSpec } from '../../api-spec/types';
import { RoleType } from '../auth/caller';

/** The declared commands, looked up by name and filtered by role. */
export class ApiSpecRegistry {
  private readonly byName = new Map<string, ApiSpec>();

  constructor(specs: ApiSpec[]) {
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`api spec ${spec.name} is declared twice`);
      this.byName.set(spec.name, spec);
    }
  }

  /** The spec of a command the role may call; undefined for unknown or forbidden commands alike. */
  forRole(name: string, role: RoleType): ApiSpec | undefined {
    const spec = this.byName.get(name);
    return spec && allows(spec, role) ? spec : undefined;
  }

  visibleTo(role: RoleType): ApiSpec[] {
    return [...this.byName.values()].filter((spec) => allows(spec, role));
  }

  all(): ApiSpec[] {
    return [...this.byName.values()];
  }
}

function allows(spec: ApiSpec, role: RoleType): boolean {
  return !spec.roles || spec.roles.includes(role);
}
