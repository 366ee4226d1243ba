import { dbAuthClient } from './auth'

describe('dbAuth client', () => {
  const realFetch = global.fetch
  afterEach(() => {
    global.fetch = realFetch
  })

  it('logs out with a JSON body, the only kind /auth accepts', async () => {
    const fetchMock = jest.fn().mockResolvedValue(new Response(''))
    global.fetch = fetchMock

    await dbAuthClient.logout()

    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe(`${window.RWJS_API_URL}/auth`)
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(JSON.parse(init.body)).toEqual({ method: 'logout' })
  })
})
