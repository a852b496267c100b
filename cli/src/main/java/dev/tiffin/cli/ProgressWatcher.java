package dev.tiffin.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows a deployment's event stream in the background while a {@code --wait} request is pending and keeps a
 * progress line on stderr ({@code deploying  api_server 2/3 ready (step 4)}): redrawn in place on a terminal, one
 * line per change otherwise. The stream may not exist yet (a create): it retries until closed. It never decides the
 * outcome: the server's answer does.
 */
final class ProgressWatcher implements AutoCloseable {

    private static final long RETRY_MILLIS = 500;

    private final ApiClient client;
    private final String path;
    private final List<ApiClient.Param> query;
    private final PrintWriter err;
    private final boolean tty;
    private final DeploymentEvents.Progress progress = new DeploymentEvents.Progress();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;
    private String lastLine;
    private int drawnWidth;

    ProgressWatcher(ApiClient client, String path, List<ApiClient.Param> query, Io io) {
        this.client = client;
        this.path = path;
        this.query = query;
        this.err = io.err();
        this.tty = io.tty();
    }

    ProgressWatcher start() {
        thread = new Thread(this::follow, "tiffin-progress");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void follow() {
        SseParser parser = new SseParser();
        while (stopped.getCount() > 0) {
            try {
                ApiResponse r = client.stream(path, query, parser.lastEventId(), parser, e -> {
                    synchronized (this) {
                        if (stopped.getCount() > 0 && progress.accept(e)) {
                            draw(progress.line());
                        }
                    }
                });
                if (r != null && r.status() != 404 && r.status() != 503) {
                    return; // no stream to show (e.g. not allowed): the request itself still answers
                }
            } catch (CliException e) {
                // the server went away or the stream broke: try again while the request is pending
            }
            try {
                if (stopped.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void draw(String line) {
        if (line.equals(lastLine)) {
            return;
        }
        lastLine = line;
        if (tty) {
            String pad = line.length() < drawnWidth ? " ".repeat(drawnWidth - line.length()) : "";
            err.print("\r" + line + pad);
            drawnWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped.countDown();
            if (tty && lastLine != null) {
                err.println();
                err.flush();
            }
            lastLine = null;
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
