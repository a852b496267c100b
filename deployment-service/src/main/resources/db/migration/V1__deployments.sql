-- Schema of the deployment-service (schema "deployments", managed by Flyway).

-- One row per deployment incarnation (with its latest submitted spec and concrete Bento, for listing): a deleted deployment keeps its row (deleted = true) and its name is free
-- for a new create, which gets a new row and starts again at revision 1.
create table deployment (
    id               bigserial primary key,
    deployment_key   text        not null,
    cluster          text        not null,
    namespace        text        not null,
    name             text        not null,
    deleted          boolean     not null default false,
    latest_revision  integer     not null,
    status           text        not null,
    labels           text        not null default '{}',
    spec             text        not null,
    bento            text        not null,
    projection       text        not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create unique index deployment_live_key on deployment (deployment_key) where not deleted;
create index deployment_scope on deployment (cluster, namespace) where not deleted;

create table revision (
    id               bigserial primary key,
    deployment_id    bigint      not null references deployment (id),
    revision         integer     not null,
    submitted_spec   text        not null,
    effective_spec   text        not null,
    bento            text        not null,
    bento_info       text        not null,
    instance_types   text        not null,
    cause            text        not null,
    request_id       text,
    created_at       timestamptz not null,
    unique (deployment_id, revision)
);

-- Verdicts by request id: a request seen again gets its stored verdict re-published.
create table request_verdict (
    request_id       text primary key,
    deployment_key   text        not null,
    verdict          text        not null,
    event_type       text        not null,
    event_data       text        not null,
    processed_at     timestamptz not null
);

-- Ids of the events the projection has applied (and of the events this service wrote itself).
create table processed_event (
    event_id         text primary key,
    processed_at     timestamptz not null
);

-- The last events of each deployment (bounded), for the history an SSE stream starts with.
create table event_log (
    id               bigserial primary key,
    deployment_key   text        not null,
    event            text        not null,
    recorded_at      timestamptz not null
);
create index event_log_by_deployment on event_log (deployment_key, id);

-- Transactional outbox: written in the transaction of the state it describes, published after commit.
create table outbox (
    id               bigserial primary key,
    topic            text        not null,
    message_key      text        not null,
    payload          text        not null,
    created_at       timestamptz not null,
    published_at     timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;

create table cluster (
    seq                 bigserial,
    name                text primary key,
    default_namespace   text        not null,
    kubeconfig_context  text,
    description         text,
    created_at          timestamptz not null
);

create table instance_type (
    name             text primary key,
    cpu              text        not null,
    memory           text        not null,
    gpu              integer,
    gpu_type         text,
    price            double precision,
    node_selector    text        not null default '{}',
    created_at       timestamptz not null
);

create table bento (
    id               bigserial primary key,
    repository       text        not null,
    version          text        not null,
    image            text        not null,
    api_server       text,
    runners          text        not null default '[]',
    registered_at    timestamptz not null,
    unique (repository, version)
);
