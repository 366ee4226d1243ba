import { GraphQLError } from 'graphql'
import type { Plugin } from 'graphql-yoga'

/**
 * Stable codes for requests GraphQL refuses before running them, which
 * otherwise carry none: a syntax error (or a token limit, checked while
 * parsing) is GRAPHQL_PARSE_FAILED, anything the validation rules refuse (an
 * unknown field, more aliases than allowed, too deep) GRAPHQL_VALIDATION_FAILED.
 * The names are the ones Apollo Server uses.
 */
export const GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED'
export const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED'

const withCode = (error: GraphQLError, code: string) =>
  error.extensions?.code
    ? error
    : new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: { ...error.extensions, code },
      })

export const useRequestErrorCodes = (): Plugin => ({
  onParse() {
    return ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError) {
        replaceParseResult(withCode(result, GRAPHQL_PARSE_FAILED))
      }
    }
  },
  onValidate({ validateFn, setValidationFn }) {
    // The query limits (graphql-armor) throw from inside a validation rule
    // rather than report an error: both come back as errors with a code.
    setValidationFn((...args) => {
      try {
        return validateFn(...args).map((error) =>
          withCode(error, GRAPHQL_VALIDATION_FAILED)
        )
      } catch (error) {
        if (error instanceof GraphQLError) {
          return [withCode(error, GRAPHQL_VALIDATION_FAILED)]
        }
        throw error
      }
    })
  },
})
