import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../database.js';
import { initial } from './0001_initial.js';
import { orderLinesIndex } from './0002_order_lines_index.js';
import { cellHeaders } from './0003_cell_headers.js';
import { operatorSetAndLeases } from './0004_operator_set_and_leases.js';
import { alerts } from './0005_alerts.js';
import { orderFacts } from './0006_order_facts.js';
import { factsReachSync } from './0007_facts_reach_sync.js';

/** The versioned migrations, in code (no directory scan, so they work from src and dist alike). Names sort in order. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': initial(dialect),
    '0002_order_lines_index': orderLinesIndex(),
    '0003_cell_headers': cellHeaders(),
    '0004_operator_set_and_leases': operatorSetAndLeases(),
    '0005_alerts': alerts(),
    '0006_order_facts': orderFacts(),
    '0007_facts_reach_sync': factsReachSync(),
  };
  return { getMigrations: async () => migrations };
}
