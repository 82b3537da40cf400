export { createServiceApp, type ServiceApp, type ServiceAppOptions } from './app.ts';
export { runService, type RunningService, type RunServiceOptions, type ShutdownHook } from './run.ts';
export { loadConfig, loadConfigOrExit, ConfigError, type ConfigIssue, type Env } from './config.ts';
export { kafkaSecurityIssues, kafkaSecurityShape, loadKafkaSecurity } from './kafka-config.ts';
export {
  baseConfigShape,
  serviceConfigSchema,
  portVar,
  intVar,
  urlVar,
  base64KeyVar,
  boolVar,
  type BaseConfig,
  type HttpConfig,
} from './config-schema.ts';
export { createLogger, redactPaths, PERSONAL_FIELDS, REDACT_DEPTH, type Logger, type LoggerOptions } from './logger.ts';
export {
  startTelemetry,
  currentTraceparent,
  withTraceparent,
  parseTraceparent,
  formatTraceparent,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry.ts';
export {
  UserRole,
  inScope,
  assertInScope,
  scopeFitsRole,
  toEventActor,
  type AuthenticatedActor,
} from './auth/actor.ts';
export {
  generateSigningKeys,
  decodeKey,
  encodeKeyForEnv,
  keyId,
  publicJwks,
  JWT_ALGORITHM,
  type SigningKeys,
} from './auth/keys.ts';
export {
  createFileSigner,
  verifyFileSignature,
  sha256Hex,
  FILE_SIGNATURE_TYPE,
  type FileSigner,
  type FileSignaturePayload,
  type FileVerdict,
} from './auth/export-signature.ts';
export {
  DEFAULT_JWT_AUDIENCE,
  DEFAULT_JWT_ISSUER,
  mintToken,
  parseDuration,
  type TokenClaims,
  type MintOptions,
} from './auth/token.ts';
export {
  createTokenVerifier,
  verifierFromConfig,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './auth/verifier.ts';
export { requireRole, type RoleGuard } from './http/auth.ts';
export {
  ProblemError,
  ValidationProblem,
  notFound,
  conflict,
  forbidden,
  unauthorized,
  preconditionRequired,
  preconditionFailed,
  type FieldIssue,
  type ProblemInit,
} from './errors/problem.ts';
export { parse, check } from './errors/parse.ts';
export type { Location } from './errors/zod-issues.ts';
export {
  defaultCatalogue,
  extendCatalogue,
  negotiateLanguage,
  interpolate,
  type Language,
  type LocalizedText,
  type MessageCatalogue,
  type ProblemMessage,
} from './errors/messages.ts';
export {
  renderProblem,
  problemType,
  PROBLEM_CONTENT_TYPE,
  type FieldError,
  type ProblemDocument,
} from './errors/render.ts';
export { sendProblem, toProblem } from './http/errors.ts';
export { checkPostgres, runCheck, type HealthCheck, type SqlProbeTarget } from './http/health.ts';
export { createMetricsRegistry, Counter, Gauge, Histogram, Registry, Summary } from './http/metrics.ts';
export type { ZodTypeProvider } from './http/zod-schemas.ts';
export { startMetrics, serviceMetrics, type ServiceMetrics } from './otel-metrics.ts';
