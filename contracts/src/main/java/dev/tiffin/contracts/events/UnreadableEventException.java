package dev.tiffin.contracts.events;

/** A message that is not a CloudEvent Tiffin can read; consumers send it to the dead-letter topic. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }
}
