-- Trained models and their evaluations. The artifacts live in the registry directory
-- (<root>/<model>/v<N>/); these tables say what each version is and how it scored.

CREATE TABLE model_registry (
    model                 text        NOT NULL,
    version               text        NOT NULL,
    path                  text        NOT NULL,
    feature_spec_version  text        NOT NULL,
    trained_from          timestamptz,
    trained_to            timestamptz,
    git_revision          text,
    card                  jsonb       NOT NULL,
    approved              boolean     NOT NULL DEFAULT false,
    registered_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, version)
);

-- One row per evaluated version, scored model (the version itself or a baseline) and horizon.
CREATE TABLE model_evaluations (
    model                 text             NOT NULL,
    version               text             NOT NULL,
    evaluated_at          timestamptz      NOT NULL,
    scored                text             NOT NULL,
    horizon_minutes       integer          NOT NULL,
    test_from             timestamptz      NOT NULL,
    test_to               timestamptz      NOT NULL,
    samples               integer          NOT NULL,
    mean_pinball          double precision,
    coverage              double precision,
    mape_percent          double precision,
    rmse                  double precision,
    directional_accuracy  double precision,
    scores                jsonb            NOT NULL,
    PRIMARY KEY (model, version, evaluated_at, scored, horizon_minutes)
);
