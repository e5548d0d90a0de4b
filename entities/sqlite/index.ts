import { Initial1763769600000 } from './1763769600000-initial';
import { Engine1763856000000 } from './1763856000000-engine';
import { Updates1764460800000 } from './1764460800000-updates';
import { AwsApi1764547200000 } from './1764547200000-aws-api';
import { Operations1764633600000 } from './1764633600000-operations';
import { StateJournal1764720000000 } from './1764720000000-state-journal';
import { CrossStack1764806400000 } from './1764806400000-cross-stack';
import { TerminationProtection1764892800000 } from './1764892800000-termination-protection';
import { UpdateTags1764979200000 } from './1764979200000-update-tags';
import { ClientRequestTokens1765065600000 } from './1765065600000-client-request-tokens';

/** In order of application. */
export const SQLITE_MIGRATIONS = [Initial1763769600000, Engine1763856000000, Updates1764460800000, AwsApi1764547200000, Operations1764633600000, StateJournal1764720000000, CrossStack1764806400000, TerminationProtection1764892800000, UpdateTags1764979200000, ClientRequestTokens1765065600000];
