export const schema = gql`
  type Me {
    id: Int!
    email: String!
  }

  type Query {
    "The signed-in account; full sessions only"
    me: Me! @requireAuth
  }
`
