// `yarn rw build` runs Prisma with api/ as its working directory.
export { default } from '../prisma.config'
