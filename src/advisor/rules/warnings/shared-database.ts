import type { CheckRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { ReviewInput, WarningDraft } from '../review.js';

/** Two services naming the same database: a distributed monolith. */
export const sharedDatabase: CheckRule<ReviewInput, WarningDraft> = {
  id: 'warning.shared-database',
  title: 'Shared database across services (distributed monolith)',
  sources: [literature.databasePerService],
  check: ({ spec }) => {
    const byDatabase = new Map<string, string[]>();
    for (const service of spec.services ?? []) {
      if (service.database === undefined) continue;
      byDatabase.set(service.database, [...(byDatabase.get(service.database) ?? []), service.name]);
    }
    return [...byDatabase]
      .filter(([, services]) => services.length > 1)
      .map(([database, services]) => ({
        subject: `services: ${services.join(', ')}`,
        message: `${services.join(', ')} share the database "${database}": a schema change or a slow query in one breaks the others, and they cannot be deployed or scaled independently.`,
        fix: 'Give each service its own database (or at least its own schema with no cross-service joins); share data through APIs and events, and move multi-service updates into sagas.',
      }));
  },
};
