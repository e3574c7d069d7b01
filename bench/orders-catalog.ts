/**
 * The fixed world the generator draws from: marketplaces with their ship-to places,
 * and a seeded product catalogue. Names deliberately carry bare `"`, commas, apostrophes
 * and non-ASCII text, as real listings do.
 */
import { Rng, weighted } from './prng.js';

export interface Place {
  city: string;
  state: string;
  postalCode: string;
}

export interface Marketplace {
  salesChannel: string;
  country: string;
  currency: string;
  /** Offset some exports use instead of +00:00 (a fixed offset is still an exact instant). */
  localOffsetMinutes: number;
  /** Multiplies USD-ish catalogue prices into this currency. */
  priceFactor: number;
  /** Yen has no minor unit. */
  decimals: 0 | 2;
  places: readonly Place[];
}

const US: Marketplace = {
  salesChannel: 'Amazon.com',
  country: 'US',
  currency: 'USD',
  localOffsetMinutes: -7 * 60,
  priceFactor: 1,
  decimals: 2,
  places: [
    { city: 'Seattle', state: 'WA', postalCode: '98109-5210' },
    { city: 'Austin', state: 'TX', postalCode: '78701' },
    { city: 'Brooklyn', state: 'NY', postalCode: '11201' },
    { city: 'Columbus', state: 'OH', postalCode: '43215' },
    { city: 'San Jose', state: 'CA', postalCode: '95112' },
    { city: 'Miami', state: 'FL', postalCode: '33130' },
    { city: 'Denver', state: 'CO', postalCode: '80202' },
    { city: 'Portland', state: 'OR', postalCode: '97205' },
    { city: 'Chicago', state: 'IL', postalCode: '60601-1234' },
    { city: 'Phoenix', state: 'AZ', postalCode: '85004' },
    { city: "COEUR D'ALENE", state: 'ID', postalCode: '83814' },
    { city: 'Honolulu', state: 'HI', postalCode: '96813' },
  ],
};

const UK: Marketplace = {
  salesChannel: 'Amazon.co.uk',
  country: 'GB',
  currency: 'GBP',
  localOffsetMinutes: 0,
  priceFactor: 0.8,
  decimals: 2,
  places: [
    { city: 'London', state: 'Greater London', postalCode: 'SW1A 1AA' },
    { city: 'Manchester', state: 'Greater Manchester', postalCode: 'M1 1AE' },
    { city: 'Leeds', state: 'West Yorkshire', postalCode: 'LS1 4AP' },
    { city: 'Bristol', state: '', postalCode: 'BS1 5TR' },
  ],
};

const DE: Marketplace = {
  salesChannel: 'Amazon.de',
  country: 'DE',
  currency: 'EUR',
  localOffsetMinutes: 60,
  priceFactor: 0.92,
  decimals: 2,
  places: [
    { city: 'Berlin', state: 'Berlin', postalCode: '10115' },
    { city: 'München', state: 'Bayern', postalCode: '80331' },
    { city: 'Köln', state: 'Nordrhein-Westfalen', postalCode: '50667' },
    { city: 'Hamburg', state: 'Hamburg', postalCode: '20095' },
  ],
};

const JP: Marketplace = {
  salesChannel: 'Amazon.co.jp',
  country: 'JP',
  currency: 'JPY',
  localOffsetMinutes: 9 * 60,
  priceFactor: 150,
  decimals: 0,
  places: [
    { city: '千代田区', state: '東京都', postalCode: '100-0001' },
    { city: '大阪市北区', state: '大阪府', postalCode: '530-0001' },
    { city: 'Sapporo-shi', state: 'Hokkaido', postalCode: '060-0001' },
  ],
};

export const MARKETPLACES: readonly (readonly [Marketplace, number])[] = [
  [US, 86],
  [UK, 6],
  [DE, 5],
  [JP, 3],
];

export interface Product {
  name: string;
  sku: string;
  asin: string;
  /** Unit price in USD-ish units, converted per marketplace. */
  basePrice: number;
}

const BRANDS = [
  ['Trendy Home', 'TH'],
  ['Acme', 'AC'],
  ['NorthPeak', 'NP'],
  ['Kitchen Pro', 'KP'],
  ['BrightLite', 'BL'],
  ['Zen Flow', 'ZF'],
  ['UrbanStep', 'US'],
  ['PetJoy', 'PJ'],
  ['Bamboo & Co.', 'BC'],
  ["Miller's", 'MI'],
] as const;

const COLORS = ['White', 'Black', 'Navy Blue', 'Grey', 'Sage Green', 'Blush Pink', 'Charcoal'] as const;

type NameTemplate = (rng: Rng, brand: string, color: string) => string;

// Each returns a product name; prices come from the matching range in PRODUCT_KINDS.
const PRODUCT_KINDS: readonly (readonly [NameTemplate, number, number])[] = [
  [(r, b, c) => `${b} ${r.pick([12, 14, 16, 18, 20])}" x ${r.pick([12, 18, 20, 26])}" Pillow Insert, ${c}`, 9, 35],
  [(r, b, c) => `${b} Stainless Steel Water Bottle, ${r.pick([12, 20, 32, 40])} oz, ${c}`, 12, 40],
  [(r, b) => `${b} USB-C to USB-C Cable ${r.pick([3, 6, 10])}ft, 2-Pack`, 6, 20],
  [(r, b) => `${b} ${r.pick([6, 8, 14, 15])}-Piece Kitchen Knife Set with Block`, 25, 120],
  [(r, b, c) => `${b} Men's Running Shoes, Size ${r.pick(['8', '9.5', '10', '11', '12 Wide'])}, ${c}`, 35, 110],
  [(_r, b, c) => `${b} Yoga Mat 1/4" Thick, Non-Slip, ${c}`, 15, 45],
  [(_r, b) => `${b} LED Desk Lamp, Dimmable, 3 Color Modes`, 18, 60],
  [(r, b, c) => `${b} Picture Frame 8"x10", Set of ${r.pick([2, 3, 4])}, ${c}`, 12, 38],
  [(_r, b) => `${b} "The Original" Garlic Press`, 8, 25],
  [(r, b) => `${b} Café Crème Mug, ${r.pick([12, 16])} oz (Set of 2)`, 14, 30],
  [(_r, b) => `${b} 保温マグカップ 350ml, ステンレス`, 10, 28],
  [(_r, b) => `${b} Dog Chew Toy, Large, "Indestructible"`, 7, 22],
  [(r, b) => `${b} eGift Card - ${r.pick([25, 50, 100])} USD`, 25, 100],
];

const ASIN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function asin(rng: Rng): string {
  let out = 'B0';
  for (let i = 0; i < 8; i++) out += ASIN_CHARS[rng.int(0, ASIN_CHARS.length - 1)];
  return out;
}

/** A catalogue of `size` listings; drawn from `rng` so it is part of the seeded output. */
export function buildCatalog(rng: Rng, size: number): Product[] {
  const products: Product[] = [];
  for (let i = 0; i < size; i++) {
    const [brand, code] = rng.pick(BRANDS);
    const color = rng.pick(COLORS);
    const [template, low, high] = rng.pick(PRODUCT_KINDS);
    products.push({
      name: template(rng, brand, color),
      sku: `${code}-${String(i).padStart(5, '0')}-${color.slice(0, 3).toUpperCase()}`,
      asin: asin(rng),
      basePrice: Math.round(rng.between(low, high)) - 0.01,
    });
  }
  return products;
}

export function pickMarketplace(rng: Rng): Marketplace {
  return weighted(rng, MARKETPLACES);
}
