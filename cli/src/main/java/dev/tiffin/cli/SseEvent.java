package dev.tiffin.cli;

/**
 * One Server-Sent Event as dispatched: {@code event} is the event type ({@code "message"} when the stream named
 * none), {@code id} the last event id seen (may be null), {@code data} the data lines joined with {@code \n}.
 */
public record SseEvent(String event, String id, String data) {}
