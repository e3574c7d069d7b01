import { FeedbackFactsSchema, ReturnFactsSchema, ShipmentFactsSchema } from '../../shared/report/facts.js';
import { REPORT_KINDS } from '../../shared/report/kinds.js';
import { isValidTimeZone } from '../../shared/time/zone.js';
import { z } from '@hono/zod-openapi';
import { LOCALES } from '../../shared/i18n/locales.js';
import { DEFAULT_POLICY, PolicySchema } from '../../shared/policy/schema.js';
import { ClaimReasonSchema, ClaimStatusSchema, ItemTypeSchema, OrderRowSchema } from '../../shared/schemas/order-row.js';
import {
  APPEAL_STATES,
  DELIVERY_STATES,
  ELIGIBILITY_STATES,
  EvaluatedRowSchema,
  EvaluationSchema,
  NEXT_ACTIONS,
  OdrSummarySchema,
  RESPONSE_STATES,
  RowErrorSchema,
} from '../../shared/schemas/statuses.js';
import { OPERATOR_FIELDS, type OperatorField } from '../store/types.js';

/**
 * The API's contract as zod schemas: validation of what comes in, and the source of /openapi.json.
 * Row statuses, row errors and the ODR summary are the shared engine's own schemas (the CLI's JSON).
 */

export const RowError = RowErrorSchema.openapi('RowError');
export const OdrSummary = OdrSummarySchema.openapi('OdrSummary');
export const EvaluatedRow = EvaluatedRowSchema.openapi('EvaluatedRow');

/** `atoz evaluate --format json`: the shared contract, its parts as named components, plus the file's warnings. */
export const Evaluation = EvaluationSchema.extend({
  rows: z.array(EvaluatedRow),
  errors: z.array(RowError),
  warnings: z.array(z.string()),
  summary: z.object({ odr: OdrSummary }),
}).openapi('Evaluation');

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:atoz-guard:problem:unusable-report' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(RowError).optional().openapi({ description: 'Row errors (line, column as the file wrote it, message), where they apply.' }),
    invalidParams: z
      .array(z.object({ name: z.string().openapi({ example: 'query.asOf' }), reason: z.string() }))
      .optional()
      .openapi({ description: 'Parameters or body fields that failed validation, with their path.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json).' });

const isoInstant = z.iso.datetime({ offset: true });

/** Statuses of one stored order line as of the request's instant (the engine's row fields without line and ids). */
export const Statuses = EvaluatedRowSchema.omit({ line: true, orderId: true, orderItemId: true, sku: true }).openapi('Statuses');

/** An order line's typed values, instants as ISO text. */
export const OrderRowJson = OrderRowSchema.extend({
  purchaseAt: isoInstant.optional(),
  maxEddAt: isoInstant.optional(),
  deliveredAt: isoInstant.optional(),
  claimAt: isoInstant.optional(),
  buyerContactAt: isoInstant.optional(),
  responseAt: isoInstant.optional(),
  decisionAt: isoInstant.optional(),
  appealAt: isoInstant.optional(),
}).openapi('OrderRow');

const FactSourceJson = z
  .object({ file: z.string(), line: z.number().int().positive(), kind: z.enum(REPORT_KINDS) })
  .openapi('FactSource', { description: 'Where a fact was read: the import\'s file name (or `import ID`), its line (header = 1), the report\'s kind.' });

/** What the feedback, returns and shipment imports say of a line (docs/reports.md): the shared facts, instants as ISO text. */
export const LineFactsJson = z
  .object({
    sources: z.record(z.string(), FactSourceJson).openapi({ description: 'Per field of `row` taken from another report: where it came from. Fields not listed are the line\'s own.' }),
    shipments: z
      .array(ShipmentFactsSchema.extend({ shippedAt: isoInstant.optional(), source: FactSourceJson }))
      .openapi({ description: 'What shipment imports (FBA Amazon Fulfilled Shipments, shipping confirmations) say of the line: carrier, tracking number, ship date.' }),
    returns: z.array(ReturnFactsSchema.extend({ requestedAt: isoInstant.optional(), returnDeliveredAt: isoInstant.optional(), source: FactSourceJson })),
    feedback: FeedbackFactsSchema.extend({ source: FactSourceJson }).optional(),
    warnings: z.array(z.string()).openapi({ description: 'Facts two reports state differently: both sources and which is used.' }),
    responseDraft: z.string().optional().openapi({
      description: 'For a line with a claim: the response draft (English) citing these facts (shipment date, carrier, tracking number, delivery scan, return and refund); brackets mark what no report gave.',
    }),
  })
  .openapi('LineFacts');

export const OrderLine = z
  .object({
    lineKey: z.string().openapi({
      description: 'orderId + U+001F + (orderItemId ?? sku ?? ""): identifies the line; pass it as `?line=` to GET or PATCH one line.',
      example: '111-0000004-0000004\u001f',
    }),
    orderId: z.string(),
    orderItemId: z.string().nullable(),
    sku: z.string().nullable(),
    version: z.number().int().positive(),
    etag: z.string().openapi({ description: 'The line\'s ETag: send it as If-Match to PATCH this line.', example: '"3"' }),
    changeSeq: z.number().int().positive().openapi({ description: 'Account-wide change sequence number of the line\'s last change (the /v1/changes cursor).' }),
    updatedAt: z.string(),
    importId: z.string().nullable(),
    row: OrderRowJson,
    cells: z.record(z.string(), z.string()).openapi({ description: 'The report\'s own cells from the last import that touched the line (header as written → text).' }),
    statuses: Statuses,
    facts: LineFactsJson.optional().openapi({
      description:
        'What feedback, returns and shipment imports say of the line (kept even when imported before the order); `row` and `statuses` include them. ' +
        'GET /v1/orders/{orderId} always gives it; the pages of GET /v1/orders and /v1/changes give it on lines whose order has such facts.',
    }),
  })
  .openapi('OrderLine');

export const Order = z
  .object({ orderId: z.string(), asOf: isoInstant, lines: z.array(OrderLine) })
  .openapi('Order');

export const OrderPage = z
  .object({
    asOf: isoInstant,
    items: z.array(OrderLine),
    nextCursor: z.string().nullable().openapi({
      description: 'Pass as `cursor` for the next page; null at the end. A page may hold fewer than `limit` items (filters) while more follow.',
    }),
  })
  .openapi('OrderPage');

export const Changes = z
  .object({
    asOf: isoInstant,
    items: z.array(OrderLine),
    cursor: z.string().openapi({ description: 'Pass as `since` next time; strictly increasing, never null (unchanged when nothing changed).' }),
    hasMore: z.boolean().openapi({ description: 'true when more changes are waiting right now: ask again at once.' }),
  })
  .openapi('Changes');

export const ImportCounts = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});

export const Import = z
  .object({
    id: z.string(),
    status: z.enum(['staging', 'committed', 'failed']),
    fileName: z.string().nullable(),
    createdAt: z.string(),
    counts: ImportCounts,
    errors: z.array(RowError),
    warnings: z.array(z.string()),
    failure: z.string().nullable(),
  })
  .openapi('Import');

const countsOf = (states: readonly string[]) => z.object(Object.fromEntries(states.map((s) => [s, z.number().int()])));

const nullableNumber = z.number().nullable();
const nullableText = z.string().nullable();
export const AmazonOdrSide = z
  .object({
    side: z.enum(['afn', 'mfn']),
    ours: z.object({ orders: z.number().int(), ordersWithDefects: z.number().int(), rate: nullableNumber, windowStart: z.string(), windowEnd: z.string() }),
    amazon: z.object({ rate: nullableNumber, orders: nullableNumber, ordersWithDefects: nullableNumber, windowStart: nullableText, windowEnd: nullableText, status: nullableText }),
    difference: nullableNumber.openapi({ description: "Amazon's rate minus ours, when both are known." }),
    explanation: z.array(z.string()).openapi({ description: 'Why the two may differ: the window, the lag, orders one side counts that the other does not.' }),
  })
  .openapi('AmazonOdrSide');

export const Summary = z
  .object({
    asOf: isoInstant,
    lines: z.number().int().openapi({ description: 'Order lines of the account.' }),
    counts: z.object({
      delivery: countsOf(DELIVERY_STATES),
      eligibility: countsOf(ELIGIBILITY_STATES),
      response: countsOf(RESPONSE_STATES),
      appeal: countsOf(APPEAL_STATES),
      nextAction: countsOf(NEXT_ACTIONS),
      odrDefect: z.object({ true: z.number().int(), false: z.number().int() }),
    }),
    odr: OdrSummary,
    amazonOdr: z
      .array(AmazonOdrSide)
      .optional()
      .openapi({ description: "With a Seller Performance report imported: per side (AFN, MFN) Amazon's ODR beside ours, the difference and why they differ (docs/reports.md)." }),
  })
  .openapi('Summary');

export const Health = z.object({ status: z.literal('ok') }).openapi('Health');

/** GET /openapi.json's answer, typed as far as a client needs it. */
export const OpenApiDocument = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }).openapi({ additionalProperties: true }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown().openapi({ type: 'object' }))),
  })
  .openapi('OpenApiDocument', { additionalProperties: true, description: 'An OpenAPI 3.0 document (https://spec.openapis.org/oas/v3.0.3).' });

// ---- request parameters ----

/** A route without parameters still refuses unknown ones (400), like every other route. */
export const NoQuery = z.object({}).strict();

const asOfParam = z.string().optional().openapi({
  description: 'Instant to evaluate at (default: now), e.g. 2024-03-15T12:00:00-07:00; without an offset it is read on the policy zone\'s clock; a day alone means 00:00.',
});

/** How to read a report: the CLI's reading options. */
const readingParams = {
  timeZone: z.string().optional().openapi({ description: 'Count calendar days in this IANA zone for every row (default: by sales channel).' }),
  dateOrder: z.enum(['MDY', 'DMY']).optional().openapi({ description: 'How to read ambiguous dates such as 01/02/2024 (default: refuse them).' }),
  dateSystem: z.enum(['1900', '1904']).optional().openapi({ description: 'The Excel date system of serial-number dates (default 1900).' }),
  encoding: z.string().optional().openapi({
    description: 'utf-8, utf-16le, utf-16be, windows-1252, shift_jis (default: the Content-Type charset, else detected).',
  }),
};

/** The policy's keys other than timeZone: accepted as query overrides by /v1/evaluate, validated by parsePolicy. */
export const POLICY_OVERRIDE_KEYS = Object.keys(PolicySchema.shape).filter((key) => key !== 'timeZone') as (keyof typeof DEFAULT_POLICY)[];

const policyParams = Object.fromEntries(
  POLICY_OVERRIDE_KEYS.map((key) => [
    key,
    z.string().optional().openapi({
      description: `Policy override (default ${JSON.stringify(DEFAULT_POLICY[key])}; every key, default and range: docs/rules.md, Parameters${key === 'channelTimeZones' ? '; a JSON object' : ''}).`,
    }),
  ]),
);

const sheetParam = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .openapi({ description: 'For an .xlsx workbook: the sheet to read (default: the first). A name the workbook lacks is a 422 listing its sheets; `sheet` with a text report is a 422.' });

const kindParam = z
  .enum(REPORT_KINDS)
  .optional()
  .openapi({ description: "The report's kind (docs/reports.md); default: detected from its header. A kind the header cannot be is a 422." });

export const EvaluateQuery = z
  .object({
    asOf: asOfParam,
    clockZone: z
      .string()
      .refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. Asia/Shanghai)' })
      .optional()
      .openapi({ description: 'For the .xlsx answer: the IANA zone of the computer that will open the workbook (its NOW()); default: the policy zone.' }),
    lang: z
      .enum(LOCALES)
      .optional()
      .openapi({
        description:
          'For the CSV and .xlsx answers: the status columns (and the dashboard) in the operators\' words, as the add-in writes them. ' +
          'Default: from Accept-Language (en, zh-CN; zh-TW for zh-TW, zh-HK, zh-MO, zh-Hant); without either, CSV codes and an English workbook. JSON keeps the codes.',
      }),
    sheet: sheetParam,
    kind: kindParam.openapi({
      description:
        "The report's kind (docs/reports.md); default: detected from its header. A kind the header cannot be is a 422; so is a feedback or returns report " +
        '(facts about orders, no order lines: import them) and a Seller Performance report (JSON: Amazon\'s ODR, no order lines; import it and see GET /v1/summary).',
    }),
    ...readingParams,
    ...policyParams,
  })
  .strict();

export const ImportQuery = z
  .object({
    fileName: z.string().max(500).optional().openapi({ description: 'A name to keep with the import (default: the multipart filename).' }),
    sheet: sheetParam,
    kind: kindParam,
    ...readingParams,
  })
  .strict();

export const AsOfQuery = z.object({ asOf: asOfParam }).strict();

const statusFilter = (states: readonly string[]) =>
  z
    .string()
    .optional()
    .openapi({ description: `One or more (comma-separated) of: ${states.join(', ')}.` });

export const OrdersQuery = z
  .object({
    asOf: asOfParam,
    delivery: statusFilter(DELIVERY_STATES),
    eligibility: statusFilter(ELIGIBILITY_STATES),
    response: statusFilter(RESPONSE_STATES),
    appeal: statusFilter(APPEAL_STATES),
    nextAction: statusFilter(NEXT_ACTIONS),
    odrDefect: z.enum(['true', 'false']).optional(),
    cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page.' }),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const OrderParams = z.object({
  orderId: z.string().min(1).openapi({ param: { name: 'orderId', in: 'path' }, example: '111-0000004-0000004' }),
});

export const OrderLineQuery = z
  .object({
    asOf: asOfParam,
    line: z.string().optional().openapi({ description: 'The lineKey of one line of the order (needed to PATCH an order that has several lines).' }),
  })
  .strict();

export const ImportParams = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

export const ChangesQuery = z
  .object({
    since: z
      .string()
      .regex(/^\d+$/, { message: 'a cursor from a previous answer (digits), or 0 for everything', abort: true })
      .refine((text) => Number.isSafeInteger(Number(text)), `a cursor from a previous answer: at most ${Number.MAX_SAFE_INTEGER}`)
      .default('0')
      .openapi({ description: 'The `cursor` of the previous answer; 0 (default) for every line.' }),
    asOf: asOfParam,
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

// ---- PATCH body ----

const instantOrDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/, {
    message: 'expected an ISO 8601 instant with its offset (2024-03-13T16:00:00-07:00, …Z) or a day (2024-03-13)',
  })
  .openapi({ description: 'ISO 8601 instant with offset, or a day (00:00 of that day in the line\'s marketplace zone).' });

const operatorFields = {
  itemType: ItemTypeSchema.nullable().optional(),
  claimAt: instantOrDay.nullable().optional(),
  claimReason: ClaimReasonSchema.nullable().optional(),
  claimStatus: ClaimStatusSchema.nullable().optional(),
  buyerContactAt: instantOrDay.nullable().optional(),
  responseAt: instantOrDay.nullable().optional(),
  decisionAt: instantOrDay.nullable().optional(),
  appealAt: instantOrDay.nullable().optional(),
  chargeback: z.boolean().nullable().optional(),
  feedbackRating: z.number().int().min(1).max(5).nullable().optional(),
} satisfies Record<OperatorField, z.ZodType>;

export const OperatorPatchBody = z
  .strictObject(operatorFields, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `not operator fields: ${issue.keys.join(', ')} (a PATCH sets only ${OPERATOR_FIELDS.join(', ')}; the rest comes from imports)`
        : undefined,
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: `name at least one of ${OPERATOR_FIELDS.join(', ')}` })
  .openapi('OperatorPatch', { description: 'Operator-owned fields to set; null clears one, a missing key leaves it alone.' });
export type OperatorPatchBody = z.infer<typeof OperatorPatchBody>;

export const VersionConflict = Problem.extend({
  yourVersion: z.number().int(),
  yourPatch: OperatorPatchBody,
  currentVersion: z.number().int(),
  current: OrderLine,
}).openapi('VersionConflict', { description: 'A Problem (409 version-conflict) with your version and patch, and the current line.' });
