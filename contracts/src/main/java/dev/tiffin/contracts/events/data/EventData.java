package dev.tiffin.contracts.events.data;

/** The data of a Tiffin CloudEvent; one record per event type ({@link dev.tiffin.contracts.events.EventType}). */
public sealed interface EventData
        permits DeploymentRequested,
                DeploymentAccepted,
                DeploymentRejected,
                RevisionCreated,
                RolloutStarted,
                RolloutStepCompleted,
                RolloutCompleted,
                RolloutFailed,
                RolloutRolledBack,
                ScalingDecided,
                ReplicasChanged,
                TrafficPolicyApplied,
                WorkloadsRemoved,
                StatusChanged,
                MetricSampled,
                ActivationRequested,
                TokenCreated,
                TokenRevoked {}
