package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.api.RequestVerdict;
import dev.tiffin.contracts.events.data.EventData;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a request: the verdict to record, the events to publish (accepted or rejected, then
 * revision_created when a revision was made), and the new revision to store.
 */
public record Decision(RequestVerdict verdict, List<EventData> events, Optional<StoredRevision> newRevision) {

    public boolean accepted() {
        return RequestDecider.ACCEPTED.equals(verdict.outcome());
    }
}
