/**
 * Why a number was refused, precisely enough that the person who typed it knows what to fix. `code` is
 * stable for programs; `message` is for people (Chinese first, the fix in English after it).
 */
export interface IdentityProblem {
  code:
    | 'length'
    | 'characters'
    | 'region'
    | 'birth_date'
    | 'check_digit'
    | 'authority'
    | 'organisation_type'
    | 'mobile_prefix'
    | 'name';
  message: string;
}

/**
 * Province-level codes of GB/T 2260 (the first two digits of a region code): 11–15 north, 21–23
 * north-east, 31–37 east, 41–46 south-central, 50–54 south-west, 61–65 north-west, 71 Taiwan, 81 Hong
 * Kong, 82 Macao, 83 the code GB/T 2260 gives residence permits of Hong Kong, Macao and Taiwan residents.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);
