import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Facts imported before a facts import numbered the lines it concerns anew (issue 13: `/v1/changes` carries facts)
 * never reached a sheet already synced past those lines. This gives every stored line of an order with facts a new
 * change_seq after its account's last one, in change order, so the next sync brings the line with its facts; the
 * version (the operator's ETag) stays. The account's counter moves to the last number given.
 */
export function factsReachSync(): Migration {
  return {
    async up(db: Kysely<any>) {
      await sql`
        update orders set change_seq = numbered.next_seq
        from (
          select o.account_id, o.line_key,
                 a.change_seq + row_number() over (partition by o.account_id order by o.change_seq) as next_seq
          from orders o join accounts a on a.id = o.account_id
          where exists (select 1 from order_facts f where f.account_id = o.account_id and f.order_id = o.order_id)
        ) as numbered
        where orders.account_id = numbered.account_id and orders.line_key = numbered.line_key`.execute(db);
      await sql`
        update accounts set change_seq = (select max(o.change_seq) from orders o where o.account_id = accounts.id)
        where exists (select 1 from orders o where o.account_id = accounts.id and o.change_seq > accounts.change_seq)`.execute(db);
    },
  };
}
