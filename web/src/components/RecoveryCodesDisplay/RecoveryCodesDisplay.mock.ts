/** Ten codes in the server's shape: Crockford base32, shown as xxxxx-xxxxx. */
export const CODES = [
  'abcde-fghjk',
  'mnpqr-stvwx',
  '01234-56789',
  'yz0ab-1cd2e',
  'fg3hj-4km5n',
  'pq6rs-7tv8w',
  'x9yz0-a1b2c',
  'd3e4f-5g6h7',
  'j8k9m-0n1p2',
  'q3r4s-5t6v7',
]
