// The ceiling: GraphQL Yoga inside Fastify answering a trivial query, run
// as a server of its own beside the api. Nothing a GraphQL request on this
// stack does can cost less, so each operation is reported as a share of it.
//   node scripts/benchmark/ceiling.mjs PORT
import Fastify from 'fastify'
import { createSchema, createYoga } from 'graphql-yoga'

const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { ok: Boolean! }',
    resolvers: { Query: { ok: () => true } },
  }),
  graphiql: false,
  logging: false,
})

// Yoga's own recipe for Fastify.
const app = Fastify()
app.route({
  url: '/graphql',
  method: ['GET', 'POST'],
  handler: async (request, reply) => {
    const response = await yoga.handleNodeRequestAndResponse(request, reply)
    response.headers.forEach((value, key) => reply.header(key, value))
    reply.status(response.status)
    reply.send(response.body)
    return reply
  },
})
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2]) })
