package dev.tiffin.cli;

import picocli.CommandLine;

/** Builds the command line and runs it, turning failures into the documented exit codes. */
public final class Tiffin {

    private Tiffin() {}

    public static CommandLine commandLine(Io io) {
        CommandLine cmd = new CommandLine(new TiffinCommand(io));
        cmd.setOut(io.out());
        cmd.setErr(io.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException ce) {
                io.err().print(ce.getMessage().endsWith("\n") ? ce.getMessage() : "Error: " + ce.getMessage() + "\n");
                io.err().flush();
                return ce.exitCode();
            }
            io.err().println("Error: unexpected failure: " + ex);
            if (io.env().containsKey("TIFFIN_DEBUG")) {
                ex.printStackTrace(io.err());
            }
            io.err().flush();
            return ExitCodes.UNEXPECTED;
        });
        return cmd;
    }

    public static int run(Io io, String... args) {
        int code = commandLine(io).execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }
}
