/**
 * Fastify's `trustProxy` from TRUST_PROXY: `true`, a number of hops, or a
 * comma-separated list of proxy addresses or CIDR ranges. Unset: trust no
 * proxy, so the client address and protocol are the connection's own.
 */
export const trustProxyFrom = (
  value = process.env.TRUST_PROXY
): boolean | number | string[] => {
  const raw = value?.trim()
  if (!raw || raw === 'false') {
    return false
  }
  if (raw === 'true') {
    return true
  }
  if (/^\d+$/.test(raw)) {
    return Number(raw)
  }
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
}
