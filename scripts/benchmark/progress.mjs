// Progress lines, so a run of a few minutes says what it is doing.
export const step = (text) => console.log(`==> ${text}`)
