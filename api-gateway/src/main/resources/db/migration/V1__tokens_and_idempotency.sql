-- API tokens: only the SHA-256 (hex) of a token's secret is stored, never the secret.
CREATE TABLE api_token (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    hash        CHAR(64)     NOT NULL UNIQUE,
    scopes      TEXT         NOT NULL,
    deployments TEXT         NOT NULL DEFAULT '',
    expires_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ  NOT NULL,
    revoked_at  TIMESTAMPTZ
);

-- Idempotency-Key memory (24 h): the same key with the same request is the same request id.
CREATE TABLE idempotency_key (
    token_id     VARCHAR(64)  NOT NULL,
    key          VARCHAR(255) NOT NULL,
    request_hash CHAR(64)     NOT NULL,
    request_id   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (token_id, key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
