package dev.tiffin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that reaches the root for the I/O and the API client. */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    TiffinCommand root() {
        return (TiffinCommand) spec.root().userObject();
    }

    Io io() {
        return root().io();
    }

    ApiClient client() {
        return root().client();
    }

    /** Fails with the server's problem, rendered, and the exit code of its status. */
    static CliException failure(ApiResponse r) {
        return new CliException(ExitCodes.forStatus(r.status()), Render.problem(r.status(), r.body()));
    }

    /** The answer when it is a success, else the failure. */
    static ApiResponse expectOk(ApiResponse r) {
        if (!r.ok()) {
            throw failure(r);
        }
        return r;
    }
}
