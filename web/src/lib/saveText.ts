/**
 * Ways to keep a piece of text (a setup key, recovery codes) outside the
 * page. Each resolves to whether it worked, so callers can say so.
 */

export const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // No clipboard access (an insecure origin, or the permission refused).
    return false
  }
}

export const downloadText = (fileName: string, text: string): boolean => {
  try {
    const url = URL.createObjectURL(
      new Blob([text], { type: 'text/plain;charset=utf-8' })
    )
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    // Revoked on the next turn: some browsers read the URL after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 0)
    return true
  } catch {
    return false
  }
}

/** The print stylesheet in index.css shows only `.app-printable` content. */
export const printPage = (): boolean => {
  try {
    window.print()
    return true
  } catch {
    return false
  }
}

/** An SVG as an <img> source: the browser renders it without running anything in it. */
export const svgDataUri = (svg: string): string =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
